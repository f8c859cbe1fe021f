using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Framework.Auth;

/// <summary>
/// Member tokens as JsonWebTokenHandler validates them (for <see cref="MemberBearer"/>), remembered by their exact text: a
/// storefront page makes several requests with one token, and checking it each time means base64,
/// JSON, an HMAC and a claims identity per request. A hit is the same bytes, so the same signature;
/// its lifetime is checked again on every use against the injected clock, and each request gets its
/// own copy of the identity (<see cref="MemberBearer"/> adds the member claim to it). The cache holds two
/// generations of at most <see cref="Capacity"/> tokens each (by default): when the current one
/// fills it becomes the previous one, and a token still in use moves back up on its next request.
/// <para>A token is kept from its second full check on, not its first: most tokens a busy node sees
/// in a storm (a campaign's check-ins, a hot reward) come once, and keeping each for the thousands
/// of requests a generation lasts made them live just long enough to be promoted and collected in
/// gen1 and gen2: 7 gen1 and 8 gen2 collections in 5 s of the check-in benchmark, the process paused
/// 6.7% of the time, the SQLite write slot with it. Tokens checked once are remembered only by a
/// 32-bit hash in a fixed table (<see cref="SeenSlots"/>), which costs nothing to the collector; a
/// hash that matches by chance only admits a token one use early.</para>
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock, int capacity = ValidatedTokenCache.Capacity) : JsonWebTokenHandler
{
    /// <summary>Tokens a generation holds: a few KB each (the parsed token and its identity), so two full generations stay near 30 MB.</summary>
    public const int Capacity = 5_000;

    /// <summary>Slots of the table of tokens checked once (a power of two; 64 KB, under the large-object heap's threshold).</summary>
    public const int SeenSlots = 16_384;

    private ConcurrentDictionary<string, Entry> _current = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, Entry> _previous = new(StringComparer.Ordinal);
    private readonly int[] _seen = new int[SeenSlots];
    private readonly Lock _turn = new();
    private long _validations;

    private sealed record Entry(TokenValidationResult Result, DateTime NotBefore, DateTime Expires);

    /// <summary>Tokens checked in full (not answered from the cache) since start.</summary>
    public long Validations => Interlocked.Read(ref _validations);

    /// <summary>Entries held in both generations (a token that moved up counts in each).</summary>
    public int Count => _current.Count + _previous.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (!_current.TryGetValue(token, out var entry) && _previous.TryGetValue(token, out entry)) Add(token, entry); // still in use: moves up
        if (entry is not null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var skew = validationParameters.ClockSkew;
            if (entry.NotBefore <= now + skew && entry.Expires > now - skew) return Copy(entry.Result);
            _current.TryRemove(token, out _); // expired: validated again below, which says why
        }

        Interlocked.Increment(ref _validations);
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.ValidTo != DateTime.MinValue && SeenBefore(token))
            Add(token, new Entry(Copy(result), jwt.ValidFrom, jwt.ValidTo)); // a copy: the caller adds claims to the identity it gets
        return result;
    }

    /// <summary>
    /// True when <paramref name="token"/> was checked once before (its hash is in its slot), else
    /// marks it. Races between requests only move a token's admission by one use either way.
    /// </summary>
    private bool SeenBefore(string token)
    {
        var hashed = token.GetHashCode();
        var hash = hashed | 1; // never 0, the empty slot
        ref var slot = ref _seen[hashed & (SeenSlots - 1)];
        if (Volatile.Read(ref slot) == hash) return true;
        Volatile.Write(ref slot, hash);
        return false;
    }

    private void Add(string token, Entry entry)
    {
        if (_current.Count >= capacity)
        {
            lock (_turn)
            {
                if (_current.Count >= capacity)
                {
                    _previous = _current;
                    _current = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
                }
            }
        }
        _current[token] = entry;
    }

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        SecurityToken = result.SecurityToken,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        Issuer = result.Issuer,
        TokenType = result.TokenType,
    };
}

using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Shop.Framework.Data;

/// <summary>
/// Opaque, time-ordered ids: a short type prefix and a version-7 UUID. The prefix tells the
/// Node resolver which module owns an id; time order keeps inserts append-only in B-trees.
/// Within this process the order is strict, even inside one millisecond: lists that break ties
/// on the id (a member's points history, where one transaction's entries share their time) show
/// rows in the order they were made. <see cref="Guid.CreateVersion7()"/> fills the bits after the
/// millisecond at random, which put such rows in a random order.
/// </summary>
public static class Ids
{
    // The last (unix milliseconds << 12 | counter) handed out: RFC 9562's 12-bit counter in rand_a.
    private static long _last;

    // Each thread draws its random bits from the cryptographic generator 32 ids at a time: making ids
    // with a call each was 3.5% of a redemption's time under the SQLite write lock, where they are made.
    private const int RandomBytes = 8, IdsPerDraw = 32;
    [ThreadStatic] private static byte[]? _random;
    [ThreadStatic] private static int _randomUsed;

    public static string New(string prefix) => $"{prefix}_{NextGuid():N}";

    public static string? PrefixOf(string id)
    {
        var underscore = id.IndexOf('_');
        return underscore > 0 ? id[..underscore] : null;
    }

    private static Guid NextGuid()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 12;
        long seen, stamp;
        do
        {
            seen = Volatile.Read(ref _last);
            // More than 4,096 ids in a millisecond borrow from the next one: still ordered, never repeated.
            stamp = Math.Max(now, seen + 1);
        }
        while (Interlocked.CompareExchange(ref _last, stamp, seen) != seen);

        Span<byte> bytes = stackalloc byte[16];
        NextRandom().CopyTo(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, (stamp >> 12) << 16 | 0x7000 | (stamp & 0xFFF));
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80); // the RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }

    private static ReadOnlySpan<byte> NextRandom()
    {
        var random = _random ??= new byte[RandomBytes * IdsPerDraw];
        if (_randomUsed == 0 || _randomUsed == random.Length)
        {
            RandomNumberGenerator.Fill(random);
            _randomUsed = 0;
        }
        var next = random.AsSpan(_randomUsed, RandomBytes);
        _randomUsed += RandomBytes;
        return next;
    }
}

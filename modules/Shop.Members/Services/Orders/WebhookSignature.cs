using System.Security.Cryptography;
using System.Text;

namespace Shop.Members.Services.Orders;

/// <summary>
/// <c>X-Shop-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>, keyed with
/// <c>Shop:Webhooks:Secret</c>. Compared in constant time; the secret is never logged.
/// </summary>
public sealed class WebhookSignature(string? secret)
{
    public const string Header = "X-Shop-Signature";
    private const string Prefix = "sha256=";
    private readonly byte[]? _key = string.IsNullOrEmpty(secret) ? null : Encoding.UTF8.GetBytes(secret);

    public bool Configured => _key is not null;

    public string Sign(ReadOnlySpan<byte> body) => Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(_key!, body));

    public bool Verify(ReadOnlySpan<byte> body, string? header)
    {
        if (_key is null || header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        Span<byte> sent = stackalloc byte[32];
        if (header.Length != Prefix.Length + 64 || Convert.FromHexString(header.AsSpan(Prefix.Length), sent, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(_key, body, expected);
        return CryptographicOperations.FixedTimeEquals(sent, expected);
    }
}

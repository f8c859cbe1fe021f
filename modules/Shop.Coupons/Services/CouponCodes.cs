using System.Security.Cryptography;

namespace Shop.Coupons.Services;

/// <summary>
/// Coupon codes members can read out at a till: 12 characters of Crockford's base 32 (no I, L,
/// O, U), grouped 4-4-4. 60 random bits make a collision practically impossible; the unique
/// index catches the rest.
/// </summary>
public static class CouponCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[14];
        var n = 0;
        for (var i = 0; i < 12; i++)
        {
            if (i is 4 or 8) chars[n++] = '-';
            chars[n++] = Alphabet[bytes[i] & 31];
        }
        return new string(chars);
    }
}

namespace Shop.Framework.Privacy;

/// <summary>Phones are personal data: lists and logs show 138****0000, never the whole number.</summary>
public static class PhoneMask
{
    public static string? Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return phone;
        var digits = phone.Trim();
        if (digits.Length <= 4) return new string('*', digits.Length);
        if (digits.Length < 8) return new string('*', digits.Length - 2) + digits[^2..];
        return digits[..3] + new string('*', digits.Length - 7) + digits[^4..];
    }
}

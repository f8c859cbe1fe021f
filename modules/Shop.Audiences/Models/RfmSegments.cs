namespace Shop.Audiences.Models;

/// <summary>
/// The eight classic RFM segments. A score of 3 or more (of 1-5) counts as high; monetary value
/// splits important from general, recency and frequency pick value/develop/keep/retain.
/// </summary>
public static class RfmSegments
{
    public const string ImportantValue = "important-value";
    public const string ImportantDevelop = "important-develop";
    public const string ImportantKeep = "important-keep";
    public const string ImportantRetain = "important-retain";
    public const string GeneralValue = "general-value";
    public const string GeneralDevelop = "general-develop";
    public const string GeneralKeep = "general-keep";
    public const string GeneralRetain = "general-retain";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [ImportantValue] = "重要价值客户",
        [ImportantDevelop] = "重要发展客户",
        [ImportantKeep] = "重要保持客户",
        [ImportantRetain] = "重要挽留客户",
        [GeneralValue] = "一般价值客户",
        [GeneralDevelop] = "一般发展客户",
        [GeneralKeep] = "一般保持客户",
        [GeneralRetain] = "一般挽留客户",
    };

    public const int HighFrom = 3;

    public static string For(int r, int f, int m)
    {
        var kind = (r >= HighFrom, f >= HighFrom) switch
        {
            (true, true) => "value",
            (true, false) => "develop",
            (false, true) => "keep",
            _ => "retain",
        };
        return $"{(m >= HighFrom ? "important" : "general")}-{kind}";
    }
}

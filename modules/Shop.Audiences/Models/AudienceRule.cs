using System.ComponentModel;

namespace Shop.Audiences.Models;

/// <summary>
/// A rule over member fields and tags, the shape the rule builder edits: conditions joined by
/// "all" or "any". It compiles to the search query model (<see cref="Services.AudienceRuleCompiler"/>),
/// so a rule means the same on Lucene and Elasticsearch.
/// </summary>
[Description("Conditions on member fields, all or any of which must hold.")]
public sealed class AudienceRule
{
    [Description("all or any.")]
    public string Match { get; set; } = RuleMatch.All;

    public List<AudienceCondition> Conditions { get; set; } = [];
}

[Description("One condition: a member field, an operator and its values.")]
public sealed class AudienceCondition
{
    [Description("A member index field, e.g. tags, tier_level, total_paid_fen, last_order_at, rfm_segment.")]
    public string Field { get; set; } = "";

    [Description("eq, in, notIn, all (every value, for tags), gte, lte, between, exists, missing, match, prefix.")]
    public string Operator { get; set; } = RuleOperators.Eq;

    [Description("Values as strings; dates may be relative (now-180d). between takes two.")]
    public List<string> Values { get; set; } = [];
}

public static class RuleMatch
{
    public const string All = "all";
    public const string Any = "any";
}

public static class RuleOperators
{
    public const string Eq = "eq";
    public const string In = "in";
    public const string NotIn = "notIn";
    public const string AllOf = "all";
    public const string Gte = "gte";
    public const string Lte = "lte";
    public const string Between = "between";
    public const string Exists = "exists";
    public const string Missing = "missing";
    public const string Match = "match";
    public const string Prefix = "prefix";

    public static readonly string[] Every = [Eq, In, NotIn, AllOf, Gte, Lte, Between, Exists, Missing, Match, Prefix];
}

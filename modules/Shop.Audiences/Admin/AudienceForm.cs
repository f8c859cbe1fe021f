using Shop.Audiences.Models;

namespace Shop.Audiences.Admin;

/// <summary>The rule builder's form: conditions as rows, each row's values comma-separated.</summary>
public sealed class AudienceForm
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string Mode { get; set; } = AudienceModes.Dynamic;
    public string Match { get; set; } = RuleMatch.All;
    public List<ConditionRow> Conditions { get; set; } = [];

    public sealed class ConditionRow
    {
        public string? Field { get; set; }
        public string? Operator { get; set; }
        public string? Values { get; set; }
    }

    public static AudienceForm From(Audience a) => new()
    {
        Name = a.Name,
        Description = a.Description,
        Mode = a.Mode,
        Match = a.Rule.Match,
        Conditions = a.Rule.Conditions.Select(c => new ConditionRow { Field = c.Field, Operator = c.Operator, Values = string.Join(", ", c.Values) }).ToList(),
    };

    public AudienceRule ToRule() => new()
    {
        Match = Match,
        Conditions = Conditions.Where(c => !string.IsNullOrWhiteSpace(c.Field)).Select(c => new AudienceCondition
        {
            Field = c.Field!.Trim(),
            Operator = c.Operator?.Trim() ?? RuleOperators.Eq,
            Values = (c.Values ?? "").Split([',', '，', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        }).ToList(),
    };

    public Audience ToAudience() => new()
    {
        Name = Name?.Trim() ?? "",
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        Mode = Mode,
        Rule = ToRule(),
    };

    /// <summary>"rule.conditions[2].values" → "Conditions[2].Values"; other paths as the default mapping.</summary>
    public static string FieldFor(string path) =>
        path.StartsWith("rule.", StringComparison.Ordinal)
            ? Shop.Framework.Admin.FormErrors.PascalPath(path["rule.".Length..])
            : Shop.Framework.Admin.FormErrors.PascalPath(path);
}

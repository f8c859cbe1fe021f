using System.ComponentModel;

namespace Shop.Audiences.Models;

/// <summary>
/// A tag members can carry (content type <c>tag</c>). Manual tags are added and removed by staff;
/// rule tags are held by exactly the members their rule matches, kept so by a scheduled task.
/// </summary>
[Description("A member tag: manual, or held by the members a rule matches.")]
public sealed class TagDefinition
{
    [Description("The value stored on members and used in rules, e.g. discount-driven. Letters, digits, - and _.")]
    public string Key { get; set; } = "";

    public string Label { get; set; } = "";

    [Description("Groups tags in the admin, e.g. behaviour, lifecycle, interest.")]
    public string Category { get; set; } = "general";

    [Description("manual or rule.")]
    public string Kind { get; set; } = TagKinds.Manual;

    [Description("For rule tags: who holds the tag.")]
    public AudienceRule? Rule { get; set; }

    public string? Description { get; set; }
}

public static class TagKinds
{
    public const string Manual = "manual";
    public const string Rule = "rule";

    public static readonly string[] All = [Manual, Rule];
}

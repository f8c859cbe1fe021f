using System.ComponentModel;

namespace Shop.Audiences.Models;

/// <summary>
/// A saved audience (content type <c>audience</c>): a rule, evaluated when used (dynamic) or
/// frozen into a member list when published (snapshot).
/// </summary>
[Description("A saved audience: a rule over member fields and tags.")]
public sealed class Audience
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    [Description("dynamic (the rule is evaluated when the audience is used) or snapshot (members frozen when published).")]
    public string Mode { get; set; } = AudienceModes.Dynamic;

    public AudienceRule Rule { get; set; } = new();
}

public static class AudienceModes
{
    public const string Dynamic = "dynamic";
    public const string Snapshot = "snapshot";

    public static readonly string[] All = [Dynamic, Snapshot];
}

using Microsoft.Extensions.DependencyInjection;
using Shop.Audiences.Models;
using Shop.Audiences.Services;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.Seeding;
using Shop.Framework.Search;

namespace Shop.Audiences.Seeding;

/// <summary>
/// Demo tags (one manual, three rule tags), two audiences and a VIP tag on a few demo members, so
/// the audiences page and the rule builder have something to count. Rule tags and RFM scores
/// fill in once their tasks have run.
/// </summary>
public sealed class AudiencesDemoSeeder : IDemoSeeder
{
    private const string Author = "demo-seeder";

    public int Order => 60;

    private static AudienceRule Rule(string field, string op, params string[] values) =>
        new() { Conditions = [new AudienceCondition { Field = field, Operator = op, Values = [.. values] }] };

    public static IReadOnlyList<TagDefinition> Tags { get; } =
    [
        new() { Key = "vip", Label = "VIP", Category = "service", Kind = TagKinds.Manual, Description = "Hand-picked by customer service." },
        new() { Key = "big-spender", Label = "高消费", Category = "behaviour", Kind = TagKinds.Rule, Rule = Rule(MemberIndexFields.TotalPaidFen, RuleOperators.Gte, "100000") },
        new() { Key = "lapsed", Label = "沉睡", Category = "lifecycle", Kind = TagKinds.Rule, Rule = Rule(MemberIndexFields.LastOrderAt, RuleOperators.Lte, "now-180d") },
        new() { Key = "discount-driven", Label = "优惠敏感", Category = "behaviour", Kind = TagKinds.Rule, Rule = Rule(MemberIndexFields.CouponUsageShare, RuleOperators.Gte, "0.8") },
    ];

    public static IReadOnlyList<Audience> Audiences { get; } =
    [
        new() { Name = "重要价值客户", Mode = AudienceModes.Dynamic, Rule = Rule(MemberIndexFields.RfmSegment, RuleOperators.In, "important-value") },
        new() { Name = "VIP 或高消费", Mode = AudienceModes.Dynamic, Rule = new AudienceRule
        {
            Match = RuleMatch.Any,
            Conditions = [new() { Field = MemberIndexFields.Tags, Operator = RuleOperators.In, Values = ["vip", "big-spender"] }, new() { Field = MemberIndexFields.TierLevel, Operator = RuleOperators.Gte, Values = ["4"] }],
        } },
    ];

    public async Task<bool> IsEmptyAsync(IServiceProvider services) =>
        (await services.GetRequiredService<ContentManager>().ListPublishedAsync(AudienceCatalog.TagType)).Count == 0;

    public async Task SeedAsync(IServiceProvider services, SeedOptions options, IProgress<SeedProgress> progress, CancellationToken cancellationToken)
    {
        var content = services.GetRequiredService<ContentManager>();
        foreach (var tag in Tags) await content.PublishNewAsync(AudienceCatalog.TagType, tag, Author);
        foreach (var audience in Audiences) await content.PublishNewAsync(AudienceCatalog.AudienceType, audience, Author);
        var firstMembers = (await services.GetRequiredService<DbSession>().QueryAsync<string>("SELECT id FROM members ORDER BY id LIMIT 3")).ToList();
        if (firstMembers.Count > 0)
        {
            var tagged = await services.GetRequiredService<MemberTagService>().ChangeAsync(firstMembers, ["vip"], [], Author);
            if (tagged.Errors.Count > 0) throw new InvalidOperationException($"Demo tags refused: {tagged.Errors[0].Message}");
        }
        progress.Report(new SeedProgress("tags and audiences", Tags.Count + Audiences.Count, Tags.Count + Audiences.Count));
    }
}

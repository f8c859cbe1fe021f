using GraphQL;
using GraphQL.Types;
using Shop.Framework.Auth;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Members.GraphQL;
using Shop.Tiers.Models;
using Shop.Tiers.Services;

namespace Shop.Tiers.GraphQL;

/// <summary>A member's standing: level, growth value, what the level gives and what comes next.</summary>
public sealed class MemberTierType : ObjectGraphType<MemberTierView>
{
    public MemberTierType()
    {
        Name = "MemberTier";
        Description = "Level 0 with a null name and null benefits means no published tier applies to the member yet (growth below the lowest threshold, or no tiers published).";
        Field<NonNullGraphType<IntGraphType>>("level").Description("0 when no tier applies.").Resolve(c => c.Source.Level);
        Field<StringGraphType>("name").Description("Null at level 0.").Resolve(c => c.Source.Tier?.Name);
        Field<NonNullGraphType<LongGraphType>>("growthValue").Resolve(c => c.Source.GrowthValue);
        Field<DateTimeOffsetGraphType>("levelSince").Description("When the member reached the level; null before any growth.")
            .Resolve(c => Instant.FromUnixMs(c.Source.LevelSince));
        Field<GraphQLClrOutputTypeReference<TierBenefits>>("benefits").Description("Null at level 0.").Resolve(c => c.Source.Tier?.Benefits);
        Field<GraphQLClrOutputTypeReference<Tier>>("nextLevel").Description("The next published level up; null at the top.").Resolve(c => c.Source.NextLevel);
        Field<LongGraphType>("growthToNextLevel").Description("Growth still needed for the next level; null at the top.")
            .Resolve(c => c.Source.NextLevel is null ? null : Math.Max(0, c.Source.NextLevel.Threshold - c.Source.GrowthValue));
    }
}

/// <summary>
/// Adds <c>tier</c> to <c>Member</c> on both schemas, batched across a page of members. A member
/// sees their own; staff need Tiers.View (Members.View alone must not reveal levels and growth).
/// </summary>
public sealed class MemberTierExtension : GraphTypeExtension<MemberType>
{
    public override void Extend(MemberType type) =>
        type.Field<NonNullGraphType<MemberTierType>>("tier")
            .Description("Never null: see MemberTier for members no tier applies to. Your own on the storefront; staff need Tiers.View.")
            .Resolve(c =>
            {
                c.DemandMemberOrPermission(c.Source.Id, Permissions.ViewTiers, "Tiers");
                return c.Service<DataLoaders>()
                    .Get<string, MemberTierView>("member-tier", async (ids, _) => await c.Service<TierQueries>().ViewsAsync(ids))
                    .Load(c.Source.Id);
            });
}

public sealed class TierChangeType : ObjectGraphType<TierChange>
{
    public TierChangeType()
    {
        Name = "TierChange";
        Description = "A row of the level-change log. reason: upgrade, review_downgrade or admin.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<NonNullGraphType<IntGraphType>>("fromLevel").Resolve(c => c.Source.FromLevel);
        Field<NonNullGraphType<IntGraphType>>("toLevel").Resolve(c => c.Source.ToLevel);
        Field<NonNullGraphType<StringGraphType>>("reason").Resolve(c => c.Source.Reason);
        Field<StringGraphType>("note").Resolve(c => c.Source.Note);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Resolve(c => Instant.FromUnixMs(c.Source.At));
    }
}

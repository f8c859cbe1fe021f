namespace Shop.Tiers.Models;

/// <summary>A member's row in the growth projection.</summary>
public sealed record MemberGrowth
{
    public required string MemberId { get; init; }
    public long GrowthValue { get; init; }
    public int Level { get; init; }
    public long LevelSince { get; init; }
    public long? NextReviewAt { get; init; }
}

/// <summary>What a member's tier looks like now: the projection joined with the published tiers.</summary>
public sealed record MemberTierView(string MemberId, int Level, Tier? Tier, long GrowthValue, long? LevelSince, Tier? NextLevel);

/// <summary>One row of the level-change log.</summary>
public sealed record TierChange
{
    public required string Id { get; init; }
    public required string MemberId { get; init; }
    public int FromLevel { get; init; }
    public int ToLevel { get; init; }
    public required string Reason { get; init; }
    public string? Note { get; init; }
    public long At { get; init; }
}

public sealed record GrowthEntry
{
    public required string Id { get; init; }
    public required string MemberId { get; init; }
    public long Delta { get; init; }
    public required string SourceType { get; init; }
    public required string SourceId { get; init; }
    public string? Reason { get; init; }
    public required string IdempotencyKey { get; init; }
    public long GrowthAfter { get; init; }
    public int LevelAfter { get; init; }
    public long CreatedAt { get; init; }
}

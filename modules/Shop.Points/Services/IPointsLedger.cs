using Shop.Framework.GraphQL;

namespace Shop.Points.Services;

/// <summary>
/// What other modules (check-in, tiers, the points mall, coupons) use to move points. Every
/// call joins the caller's unit of work, so a redemption that spends points and takes stock
/// commits or fails as one, and every call is idempotent on its key: a replay returns the
/// first entry and changes nothing.
/// </summary>
public interface IPointsLedger
{
    /// <summary>Adds points as a new lot with the programme's expiry, active at once.</summary>
    Task<PointsResult> GrantAsync(PointsGrant grant);

    /// <summary>
    /// Spends from active lots, earliest expiry first. <c>INSUFFICIENT_POINTS</c> when the
    /// active balance does not cover it; concurrent spends can never overdraw.
    /// </summary>
    Task<PointsResult> SpendAsync(PointsCharge charge);

    /// <summary>
    /// Returns a spend made with <see cref="SpendAsync"/> (found by its idempotency key) to the
    /// lots it was drawn from; lots that expired meanwhile come back with a fresh expiry.
    /// <c>NOT_FOUND</c> when there is no such spend.
    /// </summary>
    Task<PointsResult> ReturnSpendAsync(string memberId, string spendIdempotencyKey, string idempotencyKey, string reason);

    Task<PointsBalance> GetBalanceAsync(string memberId);

    /// <summary>
    /// What a spend could take now: the balance less lots whose expiry has passed while the expiry
    /// task has not yet run (a spend expires those first). Previews that promise points use this.
    /// </summary>
    Task<long> SpendableAsync(string memberId);
}

/// <param name="SourceType">What produced it: "checkin", "tier.upgrade", "birthday", "mall.redemption"...</param>
/// <param name="RuleVersionId">The content version of the rule that produced it, so the entry can be explained.</param>
/// <param name="MultiplierPercent">The multiplier applied, 100 = ×1.</param>
/// <param name="FreshKey">The key names a source the caller's transaction has just created (a new record's id),
/// so no earlier call can have used it: the grant skips the replay check (on PostgreSQL the entry then travels
/// with the next statement), and a taken key is a bug that fails the transaction.</param>
public sealed record PointsGrant(string MemberId, long Points, string SourceType, string SourceId, string IdempotencyKey,
    string? Reason = null, string? RuleVersionId = null, int MultiplierPercent = 100, bool FreshKey = false);

/// <param name="FreshKey">As for <see cref="PointsGrant"/>: the key names a source the caller's transaction has just created.</param>
public sealed record PointsCharge(string MemberId, long Points, string SourceType, string SourceId, string IdempotencyKey, string? Reason = null,
    bool FreshKey = false);

/// <param name="Balance">Active points the member can spend.</param>
/// <param name="Pending">Earned but frozen until the after-sales window closes.</param>
/// <param name="Reserved">Held by placed, unpaid orders.</param>
public sealed record PointsBalance(string MemberId, long Balance, long Pending, long Reserved);

/// <summary>An entry of the append-only ledger.</summary>
public sealed record PointsEntry
{
    public required string Id { get; init; }
    public required string MemberId { get; init; }
    public long Delta { get; init; }
    public required string Kind { get; init; }
    public required string SourceType { get; init; }
    public required string SourceId { get; init; }
    public string? RuleVersionId { get; init; }
    public int MultiplierPercent { get; init; } = 100;
    public string? Reason { get; init; }
    public required string IdempotencyKey { get; init; }
    public long CreatedAt { get; init; }
    /// <summary>When the entry counts for daily and monthly caps (an order's payment time); null = <see cref="CreatedAt"/>.</summary>
    public long? CountsAt { get; init; }

    /// <summary>The part of <see cref="Delta"/> that went into (or out of) the pending bucket.</summary>
    public long PendingDelta { get; init; }

    /// <summary>The part of <see cref="Delta"/> that went into (or out of) reservations.</summary>
    public long ReservedDelta { get; init; }

    /// <summary>Points a capAtZero clawback could not take back.</summary>
    public long Shortfall { get; init; }

    /// <summary>Who caused it: staff email, API key name, or "system".</summary>
    public string? Actor { get; init; }

    /// <summary>The change of the spendable balance.</summary>
    public long BalanceDelta => Delta - PendingDelta - ReservedDelta;
}

public sealed record PointsResult(PointsEntry? Entry, IReadOnlyList<UserError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static PointsResult Ok(PointsEntry entry) => new(entry, []);

    public static PointsResult Fail(string code, string message, string? field = null) => new(null, [new UserError(code, message, field)]);
}

public static class PointsKinds
{
    public const string Earn = "earn";
    public const string Spend = "spend";
    public const string Reserve = "reserve";
    public const string Release = "release";
    public const string Expire = "expire";
    public const string Reverse = "reverse";
    public const string Adjust = "adjust";

    /// <summary>Pending points became spendable when their frozen period ended (delta 0).</summary>
    public const string Activate = "activate";
}

public static class PointsErrorCodes
{
    public const string InsufficientPoints = "INSUFFICIENT_POINTS";
    public const string Step = "POINTS_STEP";
    public const string ShareExceeded = "POINTS_SHARE_EXCEEDED";
    public const string BelowMinimum = "POINTS_BELOW_MINIMUM";
}

/// <summary>
/// The member's earning multiplier at an instant (the tiers module provides it from its level
/// history, so points earned on an order use the tier the member had when paying).
/// </summary>
public interface IPointsMultiplierSource
{
    Task<PointsMultiplier> MultiplierAtAsync(string memberId, long atUnixMs);
}

/// <param name="Percent">100 = ×1, 150 = ×1.5.</param>
/// <param name="Reason">Shown with the entry, e.g. "Gold ×1.5".</param>
public sealed record PointsMultiplier(int Percent, string? Reason)
{
    public static readonly PointsMultiplier None = new(100, null);
}

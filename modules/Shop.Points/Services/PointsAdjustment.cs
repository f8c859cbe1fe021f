using Shop.Framework;
using Shop.Framework.GraphQL;
using Shop.Members.Services;

namespace Shop.Points.Services;

public sealed record PointsAdjustResult(PointsEntry? Entry, PointsBalance? Balance, IReadOnlyList<UserError> Errors);

/// <summary>Staff corrections: a positive adjust is a new lot, a negative one spends like any spend and can never overdraw.</summary>
public sealed class PointsAdjustment(PointsLedger ledger, MemberService members)
{
    private const int SourceIdLength = 120;

    public async Task<PointsAdjustResult> AdjustAsync(string memberId, long points, string? reason, string idempotencyKey, string actor)
    {
        var errors = new List<UserError>();
        // Not Math.Abs: it overflows on long.MinValue.
        if (points is 0 or < -AmountLimits.MaxPoints or > AmountLimits.MaxPoints)
            errors.Add(new UserError(ErrorCodes.Validation, $"Points must be non-zero and at most {AmountLimits.MaxPoints:N0} either way.", "points"));
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new UserError(ErrorCodes.Validation, "A reason is required.", "reason"));
        else if (reason.Length > 500) errors.Add(new UserError(ErrorCodes.Validation, "The reason is at most 500 characters.", "reason"));
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 150)
            errors.Add(new UserError(ErrorCodes.Validation, "An idempotency key of 1 to 150 characters is required.", "idempotencyKey"));
        if (errors.Count > 0) return new PointsAdjustResult(null, null, errors);
        if (await members.GetAsync(memberId) is null)
            return new PointsAdjustResult(null, null, [new UserError(ErrorCodes.NotFound, $"No member '{memberId}'.", "memberId")]);

        var key = $"adjust:{idempotencyKey}";
        // The entry's source is who adjusted; its column is shorter than a staff name or email may be (the actor column keeps it whole).
        var source = actor.Length <= SourceIdLength ? actor : actor[..SourceIdLength];
        var result = points > 0
            ? await ledger.GrantAsync(new PointsGrant(memberId, points, "admin", source, key, reason!.Trim()), PointsKinds.Adjust, actor)
            : await ledger.SpendAsync(new PointsCharge(memberId, -points, "admin", source, key, reason!.Trim()), PointsKinds.Adjust, actor);
        return new PointsAdjustResult(result.Entry, await ledger.GetBalanceAsync(memberId), result.Errors);
    }
}

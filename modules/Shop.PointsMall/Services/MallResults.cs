using Shop.Framework.GraphQL;
using Shop.PointsMall.Models;

namespace Shop.PointsMall.Services;

/// <summary>A redemption, or why not: the answer of redeem, ship, deliver and cancel.</summary>
public sealed record RedemptionResult(Redemption? Redemption, IReadOnlyList<UserError> Errors)
{
    public static RedemptionResult Ok(Redemption redemption) => new(redemption, []);

    public static RedemptionResult Fail(string code, string? field = null, string? message = null) => new(null, MallErrors.List(code, field, message));

    public static RedemptionResult Fail(IReadOnlyList<UserError> errors) => new(null, errors);
}

/// <summary>A reward's hot state.</summary>
public sealed record RewardStock(string RewardId, long StockLeft, long Redeemed, long CodesAvailable);

public sealed record StockResult(RewardStock? Stock, IReadOnlyList<UserError> Errors)
{
    public static StockResult Fail(string code, string? field, string message) => new(null, MallErrors.List(code, field, message));
}

/// <param name="Added">New codes put in the pool.</param>
/// <param name="Duplicates">Codes skipped: repeated in the upload or already in the pool.</param>
public sealed record CodesUploadResult(int Added, int Duplicates, long Available, IReadOnlyList<UserError> Errors)
{
    public static CodesUploadResult Fail(string code, string? field, string message) => new(0, 0, 0, MallErrors.List(code, field, message));
}

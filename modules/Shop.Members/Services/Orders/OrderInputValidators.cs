using FluentValidation;
using Shop.Framework;
using Shop.Members.Models;

namespace Shop.Members.Services.Orders;

/// <summary>
/// What an order may say. The bounds are far past any real order and keep every sum and
/// product of amounts inside a long; the webhook's JSON can carry nulls the GraphQL types cannot.
/// </summary>
public sealed class OrderInputValidator : AbstractValidator<OrderInput>
{
    public const int MaxLines = 500;
    public const int MaxQuantity = 1_000_000;
    public const long MaxLineFen = AmountLimits.MaxFen;
    /// <summary>1 million yuan.</summary>
    public const long MaxShippingFen = 100_000_000;
    public const long MaxPointsUsed = 1_000_000_000_000;

    public OrderInputValidator(TimeProvider clock)
    {
        RuleFor(o => o.OrderId).NotEmpty().MaximumLength(64);
        RuleFor(o => o.MemberId).NotEmpty().MaximumLength(40);
        // Stop at the first failure: the checks after NotEmpty read the list, which may be null.
        RuleFor(o => o.Lines).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("An order has at least one line.")
            .Must(lines => lines.Count <= MaxLines).WithMessage($"An order has at most {MaxLines} lines.")
            .Must(lines => lines.Select(l => l?.LineId).Distinct().Count() == lines.Count).WithMessage("Line ids must be unique within the order.");
        RuleForEach(o => o.Lines).NotNull().WithMessage("A line cannot be null.").ChildRules(line =>
        {
            line.RuleFor(l => l.LineId).NotEmpty().MaximumLength(64);
            line.RuleFor(l => l.Sku).NotEmpty().MaximumLength(64);
            line.RuleFor(l => l.Quantity).InclusiveBetween(1, MaxQuantity);
            line.RuleFor(l => l.AmountFen).InclusiveBetween(0, MaxLineFen);
            line.RuleFor(l => l.PointsDeductionFen).InclusiveBetween(0, MaxLineFen);
            line.RuleForEach(l => l.CategoryIds).NotEmpty().MaximumLength(64);
        });
        // Points are split over the lines by these figures only when every line has one: a line
        // without it would have no share to return when refunded.
        RuleFor(o => o.Lines).Custom((lines, context) =>
        {
            if (lines is null || lines.All(l => l?.PointsDeductionFen is null)) return;
            for (var i = 0; i < lines.Count; i++)
                if (lines[i] is { PointsDeductionFen: null })
                    context.AddFailure($"Lines[{i}].PointsDeductionFen", "pointsDeductionFen is sent on every line of an order or on none.");
        });
        RuleFor(o => o.ShippingFeeFen).InclusiveBetween(0, MaxShippingFen);
        RuleFor(o => o.PointsUsed).InclusiveBetween(0, MaxPointsUsed);
        RuleFor(o => o.CouponIds).Must(ids => ids is null || ids.Count <= 20).WithMessage("At most 20 coupons per order.");
        RuleForEach(o => o.CouponIds).NotEmpty().MaximumLength(64);
        RuleFor(o => o.PlacedAt).Must(at => OrderTimes.Plausible(at, clock)).WithMessage(OrderTimes.Refusal);
        RuleFor(o => o.PaidAt).Must(at => OrderTimes.Plausible(at, clock)).WithMessage(OrderTimes.Refusal);
    }
}

/// <summary>
/// When the commerce system says something happened: within the last ten years (imports of past
/// orders) and at most a day ahead (clock skew). A paid time in year 9999 used to be recorded and
/// then fail the points handler on every retry, computing a lot's expiry past DateTimeOffset.MaxValue.
/// </summary>
public static class OrderTimes
{
    public const string Refusal = "{PropertyName} must be within the last ten years and at most a day ahead.";

    public static bool Plausible(DateTimeOffset? at, TimeProvider clock)
    {
        if (at is not { } time) return true;
        var now = clock.GetUtcNow();
        return time >= now.AddYears(-10) && time <= now.AddDays(1);
    }
}

public sealed class OrderCancelInputValidator : AbstractValidator<OrderCancelInput>
{
    public OrderCancelInputValidator(TimeProvider clock)
    {
        RuleFor(c => c.OrderId).NotEmpty().MaximumLength(64);
        RuleFor(c => c.CancelledAt).Must(at => OrderTimes.Plausible(at, clock)).WithMessage(OrderTimes.Refusal);
    }
}

public sealed class OrderRefundInputValidator : AbstractValidator<OrderRefundInput>
{
    public OrderRefundInputValidator(TimeProvider clock)
    {
        RuleFor(r => r.OrderId).NotEmpty().MaximumLength(64);
        RuleFor(r => r.RefundId).NotEmpty().MaximumLength(64);
        RuleFor(r => r.Lines).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("A refund names at least one line.")
            .Must(lines => lines.Count <= OrderInputValidator.MaxLines).WithMessage($"A refund names at most {OrderInputValidator.MaxLines} lines.")
            .Must(lines => lines.Select(l => l?.LineId).Distinct().Count() == lines.Count).WithMessage("Each line appears once per refund.");
        RuleForEach(r => r.Lines).NotNull().WithMessage("A line cannot be null.").ChildRules(line =>
        {
            line.RuleFor(l => l.LineId).NotEmpty();
            line.RuleFor(l => l.Quantity).InclusiveBetween(0, OrderInputValidator.MaxQuantity);
            line.RuleFor(l => l.AmountFen).InclusiveBetween(0, OrderInputValidator.MaxLineFen);
        });
        RuleFor(r => r.RefundedAt).Must(at => OrderTimes.Plausible(at, clock)).WithMessage(OrderTimes.Refusal);
    }
}

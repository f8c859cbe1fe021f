using FluentValidation;
using Shop.Members.Models;

namespace Shop.Members.Services.Orders;

public sealed class OrderInputValidator : AbstractValidator<OrderInput>
{
    public OrderInputValidator()
    {
        RuleFor(o => o.OrderId).NotEmpty().MaximumLength(64);
        RuleFor(o => o.MemberId).NotEmpty().MaximumLength(40);
        RuleFor(o => o.Lines).NotEmpty().WithMessage("An order has at least one line.")
            .Must(lines => lines.Select(l => l.LineId).Distinct().Count() == lines.Count).WithMessage("Line ids must be unique within the order.");
        RuleForEach(o => o.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.LineId).NotEmpty().MaximumLength(64);
            line.RuleFor(l => l.Sku).NotEmpty().MaximumLength(64);
            line.RuleFor(l => l.Quantity).GreaterThan(0);
            line.RuleFor(l => l.AmountFen).GreaterThanOrEqualTo(0);
        });
        RuleFor(o => o.ShippingFeeFen).GreaterThanOrEqualTo(0);
        RuleFor(o => o.PointsUsed).GreaterThanOrEqualTo(0);
        RuleFor(o => o.CouponIds).Must(ids => ids is null || ids.Count <= 20).WithMessage("At most 20 coupons per order.");
    }
}

public sealed class OrderRefundInputValidator : AbstractValidator<OrderRefundInput>
{
    public OrderRefundInputValidator()
    {
        RuleFor(r => r.OrderId).NotEmpty().MaximumLength(64);
        RuleFor(r => r.RefundId).NotEmpty().MaximumLength(64);
        RuleFor(r => r.Lines).NotEmpty().WithMessage("A refund names at least one line.")
            .Must(lines => lines.Select(l => l.LineId).Distinct().Count() == lines.Count).WithMessage("Each line appears once per refund.");
        RuleForEach(r => r.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.LineId).NotEmpty();
            line.RuleFor(l => l.Quantity).GreaterThanOrEqualTo(0);
            line.RuleFor(l => l.AmountFen).GreaterThanOrEqualTo(0);
        });
    }
}

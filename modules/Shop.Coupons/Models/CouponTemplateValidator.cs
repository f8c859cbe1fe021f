using FluentValidation;

namespace Shop.Coupons.Models;

public sealed class CouponTemplateValidator : AbstractValidator<CouponTemplate>
{
    public CouponTemplateValidator()
    {
        RuleFor(t => t.Title).NotEmpty().MaximumLength(60);
        RuleFor(t => t.Description).MaximumLength(500);
        RuleFor(t => t.Rules).NotNull().SetValidator(new CouponRulesValidator());
        RuleFor(t => t.Validity).NotNull().SetValidator(new CouponValidityValidator());
        RuleFor(t => t.ClaimUntil).GreaterThan(t => t.ClaimFrom).When(t => t.ClaimFrom is not null && t.ClaimUntil is not null)
            .WithMessage("The claim window must end after it starts.");
        RuleFor(t => t.TotalQuantity).InclusiveBetween(0, 100_000_000);
        RuleFor(t => t.PerMemberLimit).InclusiveBetween(0, 1000);
        RuleFor(t => t.TierMinimum).InclusiveBetween(0, 100);
        RuleFor(t => t.AudienceId).MaximumLength(60);
        RuleFor(t => t.Channels).NotEmpty().WithMessage("Choose at least one issue channel.");
        RuleForEach(t => t.Channels).Must(CouponChannels.All.Contains)
            .WithMessage($"Channel must be one of: {string.Join(", ", CouponChannels.All)}.");
        RuleFor(t => t.Channels).Must(c => c.Distinct().Count() == c.Count).WithMessage("Each channel once.");
        RuleFor(t => t.SpendGiftMinimumFen).GreaterThan(0).When(t => t.Channels.Contains(CouponChannels.Spend))
            .WithMessage("A spend gift needs the order amount that earns it.");
        RuleFor(t => t.SpendGiftMinimumFen).InclusiveBetween(0, 100_000_000_00);
        RuleFor(t => t.TierUpgradeLevel).InclusiveBetween(0, 100);
    }
}

public sealed class CouponRulesValidator : AbstractValidator<CouponRules>
{
    public CouponRulesValidator()
    {
        RuleFor(r => r.Kind).Must(CouponKinds.All.Contains).WithMessage($"Kind must be one of: {string.Join(", ", CouponKinds.All)}.");
        RuleFor(r => r.ThresholdFen).InclusiveBetween(0, 100_000_000_00);
        RuleFor(r => r.DiscountFen).InclusiveBetween(1, 100_000_000_00)
            .When(r => r.Kind is CouponKinds.ThresholdMinus or CouponKinds.Cash)
            .WithMessage("Amount off must be at least 1 fen.");
        RuleFor(r => r.ThresholdFen).GreaterThan(r => r.DiscountFen).When(r => r.Kind == CouponKinds.ThresholdMinus)
            .WithMessage("A threshold-minus coupon's threshold must exceed its amount off.");
        RuleFor(r => r.ThresholdFen).Equal(0).When(r => r.Kind == CouponKinds.Cash)
            .WithMessage("A no-threshold cash coupon has no threshold.");
        RuleFor(r => r.PercentOff).InclusiveBetween(1, 99).When(r => r.Kind == CouponKinds.PercentOff);
        RuleFor(r => r.MaxDiscountFen).InclusiveBetween(0, 100_000_000_00);
        RuleFor(r => r.Scope).NotNull().ChildRules(s =>
        {
            s.RuleFor(x => x.Kind).Must(CouponScopeKinds.Every.Contains)
                .WithMessage($"Scope must be one of: {string.Join(", ", CouponScopeKinds.Every)}.");
            s.RuleFor(x => x.CategoryIds).NotEmpty().When(x => x.Kind == CouponScopeKinds.Categories)
                .WithMessage("A category-scoped coupon needs at least one category.");
            s.RuleFor(x => x.Skus).NotEmpty().When(x => x.Kind == CouponScopeKinds.Skus)
                .WithMessage("A SKU-scoped coupon needs at least one SKU.");
            s.RuleFor(x => x.CategoryIds.Count + x.Skus.Count + x.ExcludedCategoryIds.Count + x.ExcludedSkus.Count).LessThanOrEqualTo(1000)
                .OverridePropertyName("scope").WithMessage("At most 1000 categories and SKUs in a scope.");
        });
        RuleFor(r => r.Stacking).NotNull().ChildRules(s => s.RuleFor(x => x.ExclusiveGroup).MaximumLength(40));
    }
}

public sealed class CouponValidityValidator : AbstractValidator<CouponValidity>
{
    public CouponValidityValidator()
    {
        RuleFor(v => v.Mode).Must(ValidityModes.All.Contains).WithMessage($"Mode must be one of: {string.Join(", ", ValidityModes.All)}.");
        RuleFor(v => v.From).NotNull().When(v => v.Mode == ValidityModes.Fixed).WithMessage("A fixed validity needs a start.");
        RuleFor(v => v.Until).NotNull().When(v => v.Mode == ValidityModes.Fixed).WithMessage("A fixed validity needs an end.");
        RuleFor(v => v.Until).GreaterThan(v => v.From).When(v => v.Mode == ValidityModes.Fixed && v.From is not null && v.Until is not null)
            .WithMessage("Validity must end after it starts.");
        RuleFor(v => v.Days).InclusiveBetween(1, 3660).When(v => v.Mode == ValidityModes.Relative);
    }
}

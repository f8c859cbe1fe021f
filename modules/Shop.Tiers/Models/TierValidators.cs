using FluentValidation;
using Shop.Framework;

namespace Shop.Tiers.Models;

/// <summary>Rules of one tier on its own; rules across tiers are checked when publishing.</summary>
public sealed class TierValidator : AbstractValidator<Tier>
{
    public TierValidator()
    {
        RuleFor(t => t.Level).InclusiveBetween(1, 1_000);
        RuleFor(t => t.Name).NotEmpty().MaximumLength(50);
        RuleFor(t => t.Threshold).InclusiveBetween(0, AmountLimits.MaxTotal);
        RuleFor(t => t.Description).MaximumLength(500);
        RuleFor(t => t.Benefits).NotNull().ChildRules(b =>
        {
            b.RuleFor(x => x.DiscountPercent).InclusiveBetween(0, 100);
            b.RuleFor(x => x.PointsMultiplierPercent).InclusiveBetween(100, 1000);
            b.RuleFor(x => x.UpgradeGiftPoints).InclusiveBetween(0, 100_000_000);
            b.RuleFor(x => x.BirthdayPoints).InclusiveBetween(0, 100_000_000);
        });
    }
}

public sealed class TierProgramValidator : AbstractValidator<TierProgram>
{
    public TierProgramValidator()
    {
        RuleFor(p => p.ReviewPeriod).Must(ReviewPeriods.All.Contains)
            .WithMessage($"Review period must be one of: {string.Join(", ", ReviewPeriods.All)}.");
        RuleFor(p => p.RetentionMonths).InclusiveBetween(1, 60);
        RuleFor(p => p.DowngradeMode).Must(DowngradeModes.All.Contains)
            .WithMessage($"Downgrade mode must be one of: {string.Join(", ", DowngradeModes.All)}.");
    }
}

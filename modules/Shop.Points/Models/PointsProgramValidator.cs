using FluentValidation;
using Shop.Framework;

namespace Shop.Points.Models;

public sealed class PointsProgramValidator : AbstractValidator<PointsProgram>
{
    public PointsProgramValidator()
    {
        RuleFor(p => p.Name).NotEmpty().MaximumLength(100);
        RuleFor(p => p.PointsPerYuan).InclusiveBetween(0, 10_000);
        RuleFor(p => p.Rounding).Must(PointsRounding.All.Contains).WithMessage("Rounding is floor, round or ceil.");
        RuleFor(p => p.MinimumOrderFen).InclusiveBetween(0, AmountLimits.MaxFen);
        RuleForEach(p => p.ExcludedSkus).NotEmpty();
        RuleForEach(p => p.ExcludedCategoryIds).NotEmpty();
        RuleForEach(p => p.CategoryMultipliers).ChildRules(m =>
        {
            m.RuleFor(x => x.CategoryId).NotEmpty();
            m.RuleFor(x => x.Percent).InclusiveBetween(0, 10_000);
        });
        RuleFor(p => p.CategoryMultipliers).Must(l => l.Select(m => m.CategoryId).Distinct().Count() == l.Count)
            .WithMessage("Each category has at most one multiplier.");
        RuleFor(p => p.DailyEarnCap).InclusiveBetween(0, AmountLimits.MaxPoints);
        RuleFor(p => p.MonthlyEarnCap).InclusiveBetween(0, AmountLimits.MaxPoints);
        RuleFor(p => p.RegistrationBonus).InclusiveBetween(0, AmountLimits.MaxPoints);
        RuleFor(p => p.BirthdayBonus).InclusiveBetween(0, AmountLimits.MaxPoints);
        RuleFor(p => p.ExpiryPolicy).Must(PointsExpiryPolicies.All.Contains).WithMessage("Expiry policy is days, endOfMonth, endOfYear or never.");
        RuleFor(p => p.ExpiryDays).InclusiveBetween(1, 36_500).When(p => p.ExpiryPolicy == PointsExpiryPolicies.Days);
        RuleFor(p => p.FrozenDays).InclusiveBetween(0, 365);
        RuleFor(p => p.DeductionPointsPerYuan).InclusiveBetween(1, 1_000_000);
        RuleFor(p => p.DeductionStep).InclusiveBetween(1, AmountLimits.MaxPoints);
        // A step must be worth whole fen, so a deduction never needs rounding.
        RuleFor(p => p.DeductionStep).Must((p, step) => step * 100 % p.DeductionPointsPerYuan == 0)
            .When(p => p.DeductionPointsPerYuan > 0)
            .WithMessage("The step must be worth a whole number of fen at the exchange rate.");
        RuleFor(p => p.DeductionMaxSharePercent).InclusiveBetween(0, 100);
        RuleFor(p => p.DeductionMinimumBalance).InclusiveBetween(0, AmountLimits.MaxPoints);
        RuleFor(p => p.Clawback).Must(PointsClawback.All.Contains).WithMessage("Clawback is allowNegative or capAtZero.");
    }
}

using FluentValidation;
using Shop.CheckIn.Services;
using Shop.Framework;
using Shop.Framework.Time;

namespace Shop.CheckIn.Models;

public sealed class CheckInProgramValidator : AbstractValidator<CheckInProgram>
{
    public CheckInProgramValidator()
    {
        RuleFor(p => p.Title).NotEmpty().MaximumLength(100);
        RuleFor(p => p.BasePoints).InclusiveBetween(0, AmountLimits.MaxPoints);
        RuleFor(p => p.BaseGrowth).InclusiveBetween(0, AmountLimits.MaxPoints);
        RuleFor(p => p.Cycle).Must(c => CheckInCycles.All.Contains(c))
            .WithMessage("Cycle must be rolling, weekly or monthly.");
        RuleFor(p => p.TimeZone).Must(z => MerchantCalendar.TryFindZone(z, out _))
            .When(p => !string.IsNullOrEmpty(p.TimeZone))
            .WithMessage("'{PropertyValue}' is not a known time zone (use an IANA id such as Asia/Shanghai).");

        RuleForEach(p => p.StreakRewards).ChildRules(r =>
        {
            r.RuleFor(x => x.Day).InclusiveBetween(1, 366);
            r.RuleFor(x => x.Points).InclusiveBetween(0, AmountLimits.MaxPoints);
            r.RuleFor(x => x.Growth).InclusiveBetween(0, AmountLimits.MaxPoints);
        });
        RuleFor(p => p.StreakRewards).Must(r => r.Select(x => x.Day).Distinct().Count() == r.Count)
            .WithMessage("Each streak day may have one reward only.");
        RuleFor(p => p.StreakRepeatDays).InclusiveBetween(0, 366);
        RuleFor(p => p.StreakRepeatDays)
            .Must((p, n) => p.StreakRewards.All(r => r.Day <= n))
            .When(p => p.StreakRepeatDays > 0)
            .WithMessage("A repeating schedule must be at least as long as its last streak reward day.");

        RuleForEach(p => p.CumulativeRewards).ChildRules(r =>
        {
            r.RuleFor(x => x.Count).GreaterThanOrEqualTo(1);
            r.RuleFor(x => x.Points).InclusiveBetween(0, AmountLimits.MaxPoints);
            r.RuleFor(x => x.Growth).InclusiveBetween(0, AmountLimits.MaxPoints);
        });
        RuleFor(p => p.CumulativeRewards).Must(r => r.Select(x => x.Count).Distinct().Count() == r.Count)
            .WithMessage("Each cumulative count may have one reward only.");
        RuleForEach(p => p.CumulativeRewards)
            .Must((p, r) => r.Count <= CycleMath.MaxDays(p.Cycle))
            .WithMessage((p, r) => $"A {p.Cycle} cycle has at most {CycleMath.MaxDays(p.Cycle)} days, so check-in {r.Count} can never happen.");

        RuleFor(p => p.MakeUp).NotNull();
        When(p => p.MakeUp is { Enabled: true }, () =>
        {
            RuleFor(p => p.MakeUp.MaxDaysBack).InclusiveBetween(1, 30);
            RuleFor(p => p.MakeUp.MaxPerCycle).InclusiveBetween(1, 31);
            RuleFor(p => p.MakeUp.CostPoints).InclusiveBetween(0, AmountLimits.MaxPoints);
        });
    }
}

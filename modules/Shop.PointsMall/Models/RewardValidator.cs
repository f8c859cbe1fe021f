using FluentValidation;

namespace Shop.PointsMall.Models;

/// <summary>Rules of one reward on its own. Bounds keep points × quantity far from overflowing a long.</summary>
public sealed class RewardValidator : AbstractValidator<Reward>
{
    public const long MaxAmount = 1_000_000_000;
    public const int MaxImages = 10;

    public RewardValidator()
    {
        RuleFor(r => r.Title).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Description).MaximumLength(2000);
        RuleFor(r => r.Kind).Must(k => RewardKinds.All.Contains(k))
            .WithMessage("Kind must be goods, coupon or virtual.");
        RuleFor(r => r.CouponTemplateId).NotEmpty().MaximumLength(40).When(r => r.Kind == RewardKinds.Coupon)
            .WithMessage("A coupon reward needs the coupon template it issues.");
        RuleFor(r => r.CouponTemplateId).Empty().When(r => r.Kind != RewardKinds.Coupon)
            .WithMessage("Only coupon rewards name a coupon template.");
        RuleFor(r => r.PointsPrice).InclusiveBetween(1, MaxAmount);
        RuleFor(r => r.CashFen).InclusiveBetween(0, MaxAmount);
        RuleFor(r => r.InitialStock).InclusiveBetween(0, MaxAmount);
        RuleFor(r => r.PerMemberLimit).GreaterThanOrEqualTo(0);
        RuleFor(r => r.PerMemberDailyLimit).GreaterThanOrEqualTo(0);
        RuleFor(r => r.PerMemberDailyLimit).LessThanOrEqualTo(r => r.PerMemberLimit)
            .When(r => r.PerMemberLimit > 0 && r.PerMemberDailyLimit > 0)
            .WithMessage("A daily limit above the lifetime limit would never apply.");
        RuleFor(r => r.AvailableUntil).GreaterThan(r => r.AvailableFrom)
            .When(r => r.AvailableFrom is not null && r.AvailableUntil is not null)
            .WithMessage("The window must end after it starts.");
        RuleFor(r => r.MinTierLevel).InclusiveBetween(0, 100);
        RuleFor(r => r.AudienceId).MaximumLength(40);
        RuleFor(r => r.Category).MaximumLength(50);
        RuleFor(r => r.ImageUrls).NotNull().Must(u => u.Count <= MaxImages).WithMessage($"At most {MaxImages} images.");
        RuleForEach(r => r.ImageUrls).Must(IsWebUrl).WithMessage("'{PropertyValue}' is not an absolute http(s) URL of at most 500 characters.");
    }

    private static bool IsWebUrl(string? url) =>
        url is { Length: <= 500 } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

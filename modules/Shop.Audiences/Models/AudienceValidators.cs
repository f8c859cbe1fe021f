using FluentValidation;

namespace Shop.Audiences.Models;

/// <summary>Shape checks; whether fields and values fit the member index is checked when the rule compiles.</summary>
public sealed class AudienceRuleValidator : AbstractValidator<AudienceRule>
{
    public AudienceRuleValidator()
    {
        RuleFor(r => r.Match).Must(m => m is RuleMatch.All or RuleMatch.Any).WithMessage("match must be all or any.");
        RuleFor(r => r.Conditions.Count).LessThanOrEqualTo(Services.AudienceRuleCompiler.MaxConditions).OverridePropertyName("Conditions");
        RuleForEach(r => r.Conditions).ChildRules(c =>
        {
            c.RuleFor(x => x.Field).NotEmpty().MaximumLength(60);
            c.RuleFor(x => x.Operator).Must(RuleOperators.Every.Contains).WithMessage($"Operator must be one of: {string.Join(", ", RuleOperators.Every)}.");
        });
    }
}

public sealed class AudienceValidator : AbstractValidator<Audience>
{
    public AudienceValidator()
    {
        RuleFor(a => a.Name).NotEmpty().MaximumLength(60);
        RuleFor(a => a.Description).MaximumLength(500);
        RuleFor(a => a.Mode).Must(AudienceModes.All.Contains).WithMessage("Mode must be dynamic or snapshot.");
        RuleFor(a => a.Rule).NotNull().SetValidator(new AudienceRuleValidator());
    }
}

public sealed class TagDefinitionValidator : AbstractValidator<TagDefinition>
{
    public TagDefinitionValidator()
    {
        RuleFor(t => t.Key).NotEmpty().MaximumLength(40).Matches("^[A-Za-z0-9_-]+$").WithMessage("Key: letters, digits, - and _ only.");
        RuleFor(t => t.Label).NotEmpty().MaximumLength(40);
        RuleFor(t => t.Category).NotEmpty().MaximumLength(40);
        RuleFor(t => t.Kind).Must(TagKinds.All.Contains).WithMessage("Kind must be manual or rule.");
        RuleFor(t => t.Rule).NotNull().When(t => t.Kind == TagKinds.Rule).WithMessage("A rule tag needs a rule.");
        RuleFor(t => t.Rule!).SetValidator(new AudienceRuleValidator()).When(t => t.Rule is not null);
        RuleFor(t => t.Description).MaximumLength(500);
    }
}

public sealed class RfmProgramValidator : AbstractValidator<RfmProgram>
{
    public RfmProgramValidator() => RuleFor(p => p.WindowDays).InclusiveBetween(30, 3650);
}

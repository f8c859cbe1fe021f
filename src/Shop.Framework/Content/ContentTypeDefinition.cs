using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;

namespace Shop.Framework.Content;

/// <summary>A registered content type: its name in the API, its C# model, validator and permission.</summary>
public sealed record ContentTypeDefinition(
    string Name,
    string PluralName,
    Type ModelType,
    Type ValidatorType,
    Func<object, string> DisplayText,
    string Permission)
{
    /// <summary>"couponTemplate" → "CouponTemplate", the prefix of its GraphQL type names.</summary>
    public string TypeName => char.ToUpperInvariant(Name[0]) + Name[1..];
}

public sealed class ContentTypeRegistry(IEnumerable<ContentTypeDefinition> definitions)
{
    private readonly Dictionary<string, ContentTypeDefinition> _byName = definitions.ToDictionary(d => d.Name);

    public IReadOnlyCollection<ContentTypeDefinition> All => _byName.Values;

    public ContentTypeDefinition Get(string name) =>
        _byName.TryGetValue(name, out var definition) ? definition : throw new InvalidOperationException($"Unknown content type '{name}'.");
}

public static class ContentTypeServiceExtensions
{
    /// <summary>
    /// Registers a content type. The admin schema gets <c>{name}Create/Update/Publish/Archive</c>,
    /// <c>{plural}</c> and <c>{name}</c> for it.
    /// </summary>
    public static IServiceCollection AddContentType<TModel, TValidator>(this IServiceCollection services,
        string name, string pluralName, Func<TModel, string> displayText, string permission = FrameworkPermissions.ManageContent)
        where TModel : class
        where TValidator : class, IValidator<TModel>
    {
        services.AddSingleton<IValidator<TModel>, TValidator>();
        services.AddSingleton(new ContentTypeDefinition(name, pluralName, typeof(TModel), typeof(TValidator),
            model => displayText((TModel)model), permission));
        return services;
    }
}

using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;

namespace Shop.Framework.Content;

/// <summary>A registered content type: its name in the API, its C# model, validator and permissions.</summary>
/// <param name="Permission">Needed to create, update, publish and archive items.</param>
/// <param name="ViewPermission">Needed to list and read items; null = <paramref name="Permission"/>.</param>
public sealed record ContentTypeDefinition(
    string Name,
    string PluralName,
    Type ModelType,
    Type ValidatorType,
    Func<object, string> DisplayText,
    string Permission,
    string? ViewPermission = null)
{
    /// <summary>What the list and get queries demand: the view permission, or the manage one when none was declared.</summary>
    public string ReadPermission => ViewPermission ?? Permission;

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
    /// Registers a content type. The admin schema gets <c>{name}Create/Update/Publish/Archive</c>
    /// (behind <paramref name="permission"/>), <c>{plural}</c> and <c>{name}</c> (behind
    /// <paramref name="viewPermission"/>, or <paramref name="permission"/> when not given) for it.
    /// </summary>
    public static IServiceCollection AddContentType<TModel, TValidator>(this IServiceCollection services,
        string name, string pluralName, Func<TModel, string> displayText, string permission = FrameworkPermissions.ManageContent,
        string? viewPermission = null)
        where TModel : class
        where TValidator : class, IValidator<TModel>
    {
        services.AddSingleton<IValidator<TModel>, TValidator>();
        services.AddSingleton(new ContentTypeDefinition(name, pluralName, typeof(TModel), typeof(TValidator),
            model => displayText((TModel)model), permission, viewPermission));
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace Shop.Framework.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>Defines an index whose documents <typeparamref name="TSource"/> builds from the database.</summary>
    public static IServiceCollection AddSearchIndex<TSource>(this IServiceCollection services, string index)
        where TSource : class, ISearchDocumentSource
    {
        services.AddSingleton(new SearchIndexRegistration(index));
        services.AddScoped<ISearchDocumentSource, TSource>();
        return services;
    }

    /// <summary>Adds fields to another module's index (see <see cref="ISearchDocumentContributor"/>).</summary>
    public static IServiceCollection AddSearchContributor<TContributor>(this IServiceCollection services)
        where TContributor : class, ISearchDocumentContributor
    {
        services.AddScoped<ISearchDocumentContributor, TContributor>();
        return services;
    }
}

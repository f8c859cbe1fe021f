using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Modules;
using Shop.Framework.Search;
using Shop.Search.Elasticsearch.Client;

namespace Shop.Search.Elasticsearch;

/// <summary>Registers the provider only when <c>Shop:Search:Provider</c> is Elasticsearch (Lucene is the default).</summary>
public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        var options = ElasticsearchOptions.FromConfiguration(configuration);
        if (options is null) return;
        services.AddSingleton(options);
        services.AddHttpClient<ElasticsearchClient>();
        services.AddSingleton<BulkWriter>();
        services.AddSingleton<ElasticsearchProvider>();
        services.AddSingleton<ISearchProvider>(sp => sp.GetRequiredService<ElasticsearchProvider>());
    }
}

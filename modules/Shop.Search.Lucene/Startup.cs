using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Modules;
using Shop.Framework.Search;

namespace Shop.Search.Lucene;

/// <summary>The default provider: registered unless <c>Shop:Search:Provider</c> names another.</summary>
public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Shop:Search:Provider"];
        if (!string.IsNullOrWhiteSpace(provider) && !string.Equals(provider, LuceneProvider.ProviderName, StringComparison.OrdinalIgnoreCase)) return;
        services.AddSingleton<LuceneProvider>();
        services.AddSingleton<ISearchProvider>(sp => sp.GetRequiredService<LuceneProvider>());
    }
}

using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Framework.Modules;

/// <summary>
/// What a module adds to the host. Each module assembly has exactly one subclass; the host
/// calls it in dependency order so a module may rely on what its dependencies registered.
/// </summary>
public abstract class ModuleStartup
{
    public virtual void ConfigureServices(IServiceCollection services, IConfiguration configuration) { }

    /// <summary>Endpoints that are not GraphQL fields or admin pages (webhooks, health probes...).</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder endpoints) { }
}

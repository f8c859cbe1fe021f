using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Framework.Modules;
using Shop.Framework.Search;
using Shop.Framework.Seeding;
using Shop.Members.GraphQL;
using Shop.PointsMall.Admin;
using Shop.PointsMall.GraphQL;
using Shop.PointsMall.Models;
using Shop.PointsMall.Seeding;
using Shop.PointsMall.Services;
using Shop.PointsMall.Indexing;

namespace Shop.PointsMall;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentType<Reward, RewardValidator>(RewardCatalog.ContentType, "rewards", r => $"{r.Title} · {r.Kind} · {r.PointsPrice} points", Permissions.Manage,
            viewPermission: Permissions.View);
        services.AddScoped<IContentHandler, RewardPublishing>();

        services.AddSingleton<RewardModels>();
        services.AddSingleton<ListedRewardVersions>();
        services.AddScoped<RewardCatalog>();
        services.AddScoped<RewardStore>();
        services.AddScoped<RewardSearch>();
        services.AddSearchIndex<RewardDocumentSource>(SearchIndexes.Rewards);
        services.AddScoped<MemberCountStore>();
        services.AddScoped<CodePool>();
        services.AddScoped<RedemptionStore>();
        services.AddScoped<MemberFacts>();
        services.AddScoped<RedemptionService>();
        services.AddScoped<FulfilmentService>();
        services.AddScoped<StockService>();
        services.AddScoped<RewardBrowser>();
        services.AddScoped<RewardStanding>();

        services.AddSingleton<StorefrontFields, MallStorefrontFields>();
        services.AddSingleton<AdminFields, MallAdminFields>();
        services.AddSingleton<GraphTypeExtension<MemberType>, MemberRedemptionsExtension>();

        services.AddPermissions<Permissions>();
        services.AddAdminMenu("Points mall", "Rewards", "/admin/mall/rewards", Permissions.View, order: 40);
        services.AddAdminMenu("Points mall", "Redemptions", "/admin/mall/redemptions", Permissions.View, order: 41);
        services.AddSingleton<IDemoSeeder, MallDemoSeeder>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(RedemptionsCsv.Path, RedemptionsCsv.WriteAsync)
            .RequireAuthorization(PermissionPolicyProvider.Prefix + Permissions.View);
}

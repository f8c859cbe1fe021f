using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.BackgroundTasks;
using Shop.Framework.Content;
using Shop.Framework.Events;
using Shop.Framework.GraphQL;
using Shop.Framework.Modules;
using Shop.Framework.Search;
using Shop.Framework.Seeding;
using Shop.Members.Admin;
using Shop.Members.Events;
using Shop.Members.GraphQL;
using Shop.Points.Services;
using Shop.Tiers.Admin;
using Shop.Tiers.GraphQL;
using Shop.Tiers.Indexing;
using Shop.Tiers.Models;
using Shop.Tiers.Seeding;
using Shop.Tiers.Services;

namespace Shop.Tiers;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentType<Tier, TierValidator>(TierCatalog.TierType, "tiers", t => $"{t.Level} · {t.Name}", Permissions.ManageTiers,
            viewPermission: Permissions.ViewTiers);
        services.AddContentType<TierProgram, TierProgramValidator>(TierCatalog.ProgramType, "tierPrograms",
            p => $"Review {p.ReviewPeriod}, {p.RetentionMonths} months, {p.DowngradeMode}", Permissions.ManageTiers);
        services.AddScoped<IContentHandler, TierPublishingGuard>();

        services.AddScoped<TierCatalog>();
        services.AddScoped<LevelChanges>();
        services.AddScoped<GrowthLedger>();
        services.AddScoped<IGrowthLedger>(s => s.GetRequiredService<GrowthLedger>());
        services.AddScoped<TierQueries>();
        services.AddScoped<TierAdminService>();
        services.AddScoped<TierReviewService>();
        services.AddScoped<BirthdayPointsService>();
        services.AddScoped<IPointsMultiplierSource, TierMultiplierSource>();

        services.AddEventHandler<OrderPaid, OrderPaidGrowthHandler>();
        services.AddEventHandler<OrderRefunded, OrderRefundedGrowthHandler>();
        services.AddBackgroundTask<TierReviewTask>();
        services.AddBackgroundTask<BirthdayPointsTask>();

        services.AddSearchContributor<TierDocumentContributor>();

        services.AddSingleton<StorefrontFields, TierStorefrontFields>();
        services.AddSingleton<AdminFields, TierAdminFields>();
        services.AddSingleton<GraphTypeExtension<MemberType>, MemberTierExtension>();

        services.AddPermissions<Permissions>();
        services.AddAdminMenu("Members", "Tiers", "/admin/tiers", Permissions.ViewTiers, order: 20);
        services.AddMemberPageSection(nameof(MemberTierPanel), Permissions.ViewTiers, order: 20);
        services.AddSingleton<IDemoSeeder, TiersDemoSeeder>();
    }
}

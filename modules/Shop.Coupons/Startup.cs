using Shop.Framework.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Coupons.GraphQL;
using Shop.Coupons.Indexing;
using Shop.Coupons.Models;
using Shop.Coupons.Seeding;
using Shop.Coupons.Services;
using Shop.Coupons.Tasks;
using Shop.Framework.Admin;
using Shop.Framework.BackgroundTasks;
using Shop.Framework.Content;
using Shop.Framework.Events;
using Shop.Framework.GraphQL;
using Shop.Framework.Modules;
using Shop.Framework.Search;
using Shop.Framework.Seeding;
using Shop.Members.Events;
using Shop.Members.GraphQL;
using Shop.Members.Services.Orders;
using Shop.Tiers.Events;

namespace Shop.Coupons;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentType<CouponTemplate, CouponTemplateValidator>(CouponTemplates.ContentType, "couponTemplates",
            t => t.Title, Permissions.ManageCoupons, viewPermission: Permissions.ViewCoupons);
        services.AddScoped<IContentHandler, CouponTemplateStock>();

        services.AddScoped<CouponTemplates>();
        services.AddScoped<CouponStore>();
        services.AddScoped<CouponIssuer>();
        services.AddScoped<ICouponIssuer>(s => s.GetRequiredService<CouponIssuer>());
        services.AddScoped<CouponWallet>();
        services.AddScoped<ICouponWallet>(s => s.GetRequiredService<CouponWallet>());
        services.AddScoped<IOrderParticipant, CouponOrderParticipant>();
        services.AddScoped<ClaimCentre>();
        services.AddScoped<CouponGifts>();
        services.AddScoped<CouponAdminService>();
        services.AddScoped<CouponStats>();
        services.AddScoped<CheckoutQuoteService>();

        services.AddEventHandler<MemberRegistered, RegistrationCouponGift>();
        services.AddEventHandler<OrderPaid, SpendCouponGift>();
        services.AddEventHandler<OrderRefunded, SpendCouponGiftRefund>();
        services.AddEventHandler<TierChanged, TierUpgradeCouponGift>();
        services.AddBackgroundTask<CouponExpiryTask>();

        services.AddSearchContributor<CouponDocumentContributor>();

        services.AddSingleton<StorefrontFields, CouponStorefrontFields>();
        services.AddSingleton<AdminFields, CouponAdminFields>();
        services.AddSingleton<GraphTypeExtension<MemberType>, MemberCouponsExtension>();

        services.AddPermissions<Permissions>();
        services.AddAdminMenu("Marketing", "Coupons", "/admin/coupons", Permissions.ViewCoupons, order: 10);
        services.AddSingleton<IDemoSeeder, CouponsDemoSeeder>();
    }
}

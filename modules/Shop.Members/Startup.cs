using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.GraphQL;
using Shop.Framework.Modules;
using Shop.Framework.Search;
using Shop.Framework.Seeding;
using Shop.Members.Admin;
using Shop.Members.GraphQL;
using Shop.Members.Indexing;
using Shop.Members.Seeding;
using Shop.Members.Models;
using Shop.Members.Services;
using Shop.Members.Services.Orders;

namespace Shop.Members;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<MemberService>();
        services.AddSingleton<MemberCache>();
        services.AddScoped<LoginService>();

        // Orders intake: admin mutations and the signed webhook share one service.
        services.AddScoped<OrderStore>();
        services.AddScoped<OrderIntakeService>();
        services.AddSingleton<IValidator<OrderInput>, OrderInputValidator>();
        services.AddSingleton<IValidator<OrderRefundInput>, OrderRefundInputValidator>();
        services.AddSingleton<IValidator<OrderCancelInput>, OrderCancelInputValidator>();
        services.AddSingleton(new WebhookSignature(configuration["Shop:Webhooks:Secret"]));
        services.AddSingleton<AdminFields, OrderAdminFields>();
        services.AddMemberPageSection("MemberOrders", Permissions.ViewOrders, order: 100);

        // Search: the member document (profile and orders; other modules contribute the rest).
        services.AddSearchIndex<MemberDocumentSource>(SearchIndexes.Members);
        services.AddScoped<MemberDocumentQueue>();
        services.AddSingleton<IDemoSeeder, MemberDocumentsSeeder>();

        services.AddSingleton<ILoginProvider, DevLoginProvider>();
        services.AddSingleton(MiniProgramOptions.From(configuration));
        services.AddSingleton<ILoginProvider, MiniProgramLoginProvider>();
        // The request URL carries the app secret: no request logging on this client.
        services.AddHttpClient(MiniProgramLoginProvider.HttpClientName).RemoveAllLoggers();

        services.AddSingleton<StorefrontFields, MemberStorefrontFields>();
        services.AddSingleton<AdminFields, MemberAdminFields>();

        services.AddPermissions<Permissions>();
        services.AddAdminMenu("Members", "Members", "/admin/members", Permissions.ViewMembers, order: 10);
        services.AddDashboardWidget<MembersDashboardWidget>();
        services.AddSingleton<IDemoSeeder, MembersDemoSeeder>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/webhooks/orders", OrderWebhookEndpoint.HandleAsync).DisableAntiforgery();
}

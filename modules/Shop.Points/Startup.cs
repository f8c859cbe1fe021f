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
using Shop.Members.Services.Orders;
using Shop.Points.Events;
using Shop.Points.GraphQL;
using Shop.Points.Indexing;
using Shop.Points.Models;
using Shop.Points.Seeding;
using Shop.Points.Services;
using Shop.Points.Tasks;

namespace Shop.Points;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentType<PointsProgram, PointsProgramValidator>(PointsProgramSource.ContentType, "pointsPrograms", p => p.Name, Permissions.ManagePoints);
        services.AddScoped<PointsProgramSource>();
        services.AddScoped<PointsBook>();
        services.AddScoped<PointsLedger>();
        services.AddScoped<IPointsLedger>(sp => sp.GetRequiredService<PointsLedger>());
        services.AddScoped<OrderEarning>();
        services.AddScoped<PointsMaintenance>();
        services.AddScoped<PointsInvariants>();
        services.AddScoped<PointsQueries>();
        services.AddScoped<PointsAdjustment>();

        services.AddScoped<IOrderParticipant, OrderPointsParticipant>();
        services.AddEventHandler<OrderPaid, EarnOnOrderPaid>();
        services.AddEventHandler<OrderRefunded, ReverseOnOrderRefunded>();
        services.AddEventHandler<MemberRegistered, BonusOnMemberRegistered>();
        services.AddBackgroundTask<PointsLotsTask>();
        services.AddBackgroundTask<PointsBirthdayTask>();

        services.AddSearchContributor<PointsDocumentContributor>();

        services.AddSingleton<GraphTypeExtension<MemberType>, MemberPointsExtension>();
        services.AddSingleton<AdminFields, PointsAdminFields>();

        services.AddPermissions<Permissions>();
        services.AddMemberPageSection("MemberPoints", Permissions.ViewPoints, order: 10);
        services.AddAdminMenu("Marketing", "Points programme", "/admin/points/program", Permissions.ManagePoints, order: 20);
        services.AddSingleton<IDemoSeeder, PointsDemoSeeder>();
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.CheckIn.Admin;
using Shop.CheckIn.GraphQL;
using Shop.CheckIn.Indexing;
using Shop.CheckIn.Models;
using Shop.CheckIn.Seeding;
using Shop.CheckIn.Services;
using Shop.CheckIn.Tasks;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.BackgroundTasks;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Framework.Modules;
using Shop.Framework.Search;
using Shop.Framework.Seeding;
using Shop.Members.Admin;
using Shop.Members.GraphQL;

namespace Shop.CheckIn;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentType<CheckInProgram, CheckInProgramValidator>(CheckInPrograms.ContentType, "checkInPrograms",
            p => p.Title, Permissions.ManageCheckIns);
        services.AddScoped<CheckInPrograms>();
        services.AddScoped<CheckInStore>();
        services.AddScoped<CheckInService>();
        services.AddScoped<CheckInReader>();

        services.AddSearchContributor<CheckInDocumentContributor>();
        services.AddScoped<StreakLapses>();
        services.AddBackgroundTask<StreakLapsesTask>();

        services.AddSingleton<StorefrontFields, CheckInStorefrontFields>();
        services.AddSingleton<AdminFields, CheckInAdminFields>();
        services.AddSingleton<GraphTypeExtension<MemberType>, MemberCheckInExtension>();

        services.AddPermissions<Permissions>();
        services.AddAdminMenu("Marketing", "Check-in", "/admin/checkin", Permissions.ManageCheckIns, order: 30);
        services.AddMemberPageSection(nameof(CheckInMemberPanel), Permissions.ViewCheckIns, order: 30);
        services.AddSingleton<IDemoSeeder, CheckInDemoSeeder>();
    }
}

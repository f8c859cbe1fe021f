using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Audiences.Admin;
using Shop.Audiences.GraphQL;
using Shop.Audiences.Indexing;
using Shop.Audiences.Models;
using Shop.Audiences.Seeding;
using Shop.Audiences.Services;
using Shop.Audiences.Tasks;
using Shop.Framework.Admin;
using Shop.Framework.Audiences;
using Shop.Framework.Auth;
using Shop.Framework.BackgroundTasks;
using Shop.Framework.Content;
using Shop.Framework.GraphQL;
using Shop.Framework.Modules;
using Shop.Framework.Seeding;
using Shop.Framework.Search;
using Shop.Members.Admin;
using Shop.Members.GraphQL;

namespace Shop.Audiences;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentType<Audience, AudienceValidator>(AudienceCatalog.AudienceType, "audiences", a => a.Name, Permissions.ManageAudiences);
        services.AddContentType<TagDefinition, TagDefinitionValidator>(AudienceCatalog.TagType, "tags", t => $"{t.Label} ({t.Key})", Permissions.ManageAudiences);
        services.AddContentType<RfmProgram, RfmProgramValidator>(AudienceCatalog.RfmType, "rfmPrograms", p => $"RFM over {p.WindowDays} days", Permissions.ManageAudiences);
        services.AddScoped<IContentHandler, AudienceContentHandler>();

        services.AddScoped<AudienceCatalog>();
        services.AddScoped<AudienceQueries>();
        services.AddScoped<IAudienceGate, AudienceGate>();
        services.AddScoped<MemberTagService>();
        services.AddScoped<RuleTagService>();
        services.AddScoped<RfmService>();
        services.AddScoped<MemberRfmQueries>();
        services.AddScoped<AudienceJobStore>();
        services.AddScoped<AudienceJobService>();
        services.AddScoped<AudienceJobRunner>();
        services.AddSearchContributor<AudienceFieldsContributor>();
        services.AddScoped<ISearchIndexObserver, RuleTagObserver>();

        services.AddBackgroundTask<AudienceJobsTask>();
        services.AddBackgroundTask<RuleTagsTask>();
        services.AddBackgroundTask<RfmTask>();

        services.AddSingleton<AdminFields, AudienceAdminFields>();
        services.AddSingleton<GraphTypeExtension<MemberType>, MemberAudienceExtension>();

        services.AddPermissions<Permissions>();
        services.AddAdminMenu("Marketing", "Audiences", "/admin/audiences", Permissions.ViewAudiences, order: 30);
        services.AddMemberPageSection(nameof(MemberAudiencePanel), Permissions.ViewAudiences, order: 40);
        services.AddSingleton<IDemoSeeder, AudiencesDemoSeeder>();
    }
}

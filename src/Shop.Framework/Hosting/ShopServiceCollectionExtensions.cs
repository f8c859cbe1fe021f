using System.Reflection;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.BackgroundTasks;
using Shop.Framework.Content;
using Shop.Framework.Data;
using Shop.Framework.Events;
using Shop.Framework.GraphQL;
using Shop.Framework.Modules;
using Shop.Framework.Observability;
using Shop.Framework.Search;
using Shop.Framework.Time;

namespace Shop.Framework.Hosting;

public static class ShopServiceCollectionExtensions
{
    /// <summary>
    /// Composes the host: settings, the enabled modules in dependency order, storage, content,
    /// both GraphQL schemas, auth and background tasks.
    /// </summary>
    public static ModuleCatalog AddShop(this WebApplicationBuilder builder, IEnumerable<ModuleDescriptor>? availableModules = null)
    {
        var settings = ShopSettings.Load(builder.Configuration, builder.Environment);
        var catalog = ModuleCatalog.Build(availableModules ?? ModuleCatalog.Discover(AppContext.BaseDirectory), settings.Modules);
        var services = builder.Services;

        services.AddSingleton(settings);
        services.AddSingleton(catalog);
        services.AddSingleton(settings.Paths);
        services.AddSingleton(settings.Database);
        services.AddSingleton(settings.Auth);
        services.AddSingleton(settings.Admin);
        services.AddSingleton(settings.BackgroundTasks);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new MerchantCalendar(sp.GetRequiredService<TimeProvider>(), settings.MerchantTimeZone));
        // First hosted service: the schema and bootstrap account exist before anything else starts.
        services.AddSingleton<ShopInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<ShopInitializer>());

        // Storage: one pooled factory, one unit of work per request, migrations per module.
        // Built by the container so that it is disposed with it (SQLite's writer connection, Npgsql's data source).
        if (settings.Database.Provider == DatabaseProvider.PostgreSQL)
        {
            services.AddSingleton<IDbConnectionFactory>(_ => new PostgresConnectionFactory(settings.Database));
            services.AddHostedService<SharedTransactionMetrics>();
        }
        else
        {
            services.AddSingleton<IDbConnectionFactory>(_ => new SqliteConnectionFactory(settings.Database));
            services.AddHostedService<SqliteCheckpointer>();
            services.AddHostedService<SqliteWriterMetrics>();
        }
        services.AddSingleton<SharedTransactions>();
        services.AddScoped<DbSession>();
        services.AddShopMetrics(settings.Metrics);
        var assemblies = new[] { typeof(ShopSettings).Assembly }.Concat(catalog.Modules.Select(m => m.Assembly)).ToList();
        services.AddSingleton(sp => new ShopMigrator(settings.Database, assemblies, sp.GetRequiredService<ILoggerFactory>()));

        // Content.
        services.AddSingleton<ContentTypeRegistry>();
        services.AddScoped<ContentManager>();
        var cacheSeconds = Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(builder.Configuration, "Shop:Content:PublishedCacheSeconds", 5.0);
        services.AddSingleton(new PublishedContentCache(TimeSpan.FromSeconds(Math.Max(0, cacheSeconds))));
        services.AddSingleton<AdminFields, ContentAdminFields>();

        AddGraphQL(services, builder.Configuration, builder.Environment, assemblies);
        AddAuth(services, settings);

        // Domain events: written to the outbox in the raising transaction, delivered after commit.
        services.AddScoped<Outbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddBackgroundTask<OutboxDispatchTask>();
        services.AddScoped<OutboxMonitor>();
        services.AddSingleton<AdminFields, EventDeliveryAdminFields>();

        // Search: the indexing queue is written in the changing transaction; providers and the worker come from modules.
        services.AddScoped<IIndexingQueue, IndexingQueue>();
        services.AddScoped<SearchCatalog>();
        services.AddScoped<SearchStatusReader>();
        services.AddSingleton<IndexingWorker>();
        services.AddSingleton<SearchRebuilder>();
        services.AddBackgroundTask<SearchIndexingTask>();
        services.AddSingleton<AdminFields, SearchAdminFields>();
        services.AddHealthChecks().AddCheck<SearchHealthCheck>("search", tags: ["ready"]);

        services.AddSingleton<TaskLeases>();
        services.AddSingleton<BackgroundTaskRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundTaskRunner>());

        services.AddSingleton<AdminMenu>();
        services.AddAdminMenu("System", "Dashboard", "/admin", FrameworkPermissions.AccessAdmin, order: -100);
        services.AddAdminMenu("System", "Search", "/admin/search", FrameworkPermissions.ManageSystem, order: 90);
        services.AddAdminMenu("System", "Events", "/admin/events", FrameworkPermissions.ManageSystem, order: 91);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        foreach (var module in catalog.Modules.Where(m => m.StartupType is not null))
        {
            var startup = (ModuleStartup)Activator.CreateInstance(module.StartupType!)!;
            startup.ConfigureServices(services, builder.Configuration);
            services.AddSingleton(startup);
        }
        return catalog;
    }

    private static void AddGraphQL(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration,
        IHostEnvironment environment, IReadOnlyList<Assembly> assemblies)
    {
        services.Configure<GraphQLOptions>(configuration.GetSection("Shop:GraphQL"));
        services.AddSingleton<PersistedQueryStore>();
        services.AddScoped<DataLoaders>();
        services.AddSingleton<AdminFields, FrameworkAdminFields>();
        services.AddSingleton<AdminFields, AccessAdminFields>();
        services.AddSingleton(typeof(GraphQLEndpoint<>));
        services.AddGraphQL(b =>
        {
            // Relaxed escaping keeps Chinese text readable in responses (JSON-safe; not for HTML contexts).
            b.AddSystemTextJson(o => o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
                .AddSchema<StorefrontSchema>()
                .AddSchema<AdminSchema>()
                .AddAutoClrMappings(mapInputTypes: true, mapOutputTypes: true)
                .AddGraphTypeMappingProvider(new InputTypeNamingProvider())
                // Queries run serially: the request's unit of work holds one connection, and
                // DataLoaders still batch each level.
                .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
                .AddErrorInfoProvider(o => o.ExposeExceptionDetails = environment.IsDevelopment());
            foreach (var assembly in assemblies) b.AddGraphTypes(assembly);
        });
    }

    private static void AddAuth(IServiceCollection services, ShopSettings settings)
    {
        services.AddPermissions<FrameworkPermissions>();
        services.AddSingleton<PermissionRegistry>();
        services.AddSingleton<RolePermissions>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<AccessAdmin>();
        services.AddSingleton<MemberTokens>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();

        services.AddIdentityCore<AdminUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddUserStore<AdminUserStore>()
            .AddClaimsPrincipalFactory<AdminClaimsFactory>()
            .AddSignInManager();

        services.AddAuthentication(AdminAuth.CookieScheme)
            .AddCookie(AdminAuth.CookieScheme, o =>
            {
                o.LoginPath = "/admin/login";
                o.LogoutPath = "/admin/logout";
                o.AccessDeniedPath = "/admin/denied";
                o.Cookie.Name = "shop.admin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
                o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.Events.OnValidatePrincipal = AdminSessionValidation.ValidateAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AdminAuth.ApiKeyScheme, null);
        // Member bearer tokens are not an authentication scheme: only the storefront endpoint reads them (ShopEndpoints.MemberAsync).
        services.AddSingleton<MemberBearer>();
        services.AddAuthorization();
        // Admin cookies must survive restarts: keys live in the data folder (share it, or point
        // Shop:DataPath at shared storage, when several web nodes serve the admin).
        services.AddDataProtection()
            .SetApplicationName("Shop")
            .PersistKeysToFileSystem(new DirectoryInfo(settings.Paths.File("keys")));
    }
}

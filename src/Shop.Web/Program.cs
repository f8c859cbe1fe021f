using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Shop.Framework.Admin;
using Shop.Framework.Auth;
using Shop.Framework.Data;
using Shop.Framework.Hosting;
using Shop.Framework.Modules;
using Shop.Framework.Seeding;
using Shop.Web;
using Spectre.Console;

var builder = WebApplication.CreateBuilder(args);
// A verb is the first argument (`dotnet run -- migrate`); everything else is configuration.
var verb = args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=') ? args[0] : null;

ModuleCatalog catalog;
try
{
    catalog = builder.AddShop();
}
catch (Exception e) when (e is ShopConfigurationException or ModuleLoadException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

if (!builder.Environment.IsDevelopment()) builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);

builder.Services.AddRazorPages(o =>
    {
        // Pages live in each module's Admin/ folder and in the admin theme, not under /Pages.
        o.RootDirectory = "/";
        o.Conventions.AuthorizeFolder("/Admin", PermissionPolicyProvider.Prefix + FrameworkPermissions.AccessAdmin);
        o.Conventions.AllowAnonymousToPage("/Admin/Login");
        o.Conventions.AllowAnonymousToPage("/Admin/Denied");
    })
    .AddMvcOptions(FormBinding.Configure)
    .ConfigureApplicationPartManager(parts => MatchEnabledModules(parts, catalog));

var app = builder.Build();

if (verb is not null)
{
    // A verb failing (database unreachable, search backend down) says what went wrong in one line
    // and exits 1; a stack trace is for logs, not for the operator at the terminal.
    try
    {
        return await RunVerbAsync(verb);
    }
    catch (Exception e)
    {
        Console.Error.WriteLine($"{verb} failed: {e.Message}");
        return 1;
    }
}

if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/admin/error");
app.UseStatusCodePages();
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<StorableInputMiddleware>();
app.MapShop();
app.MapRazorPages();
app.MapGet("/", () => Results.Redirect("/graphiql/index.html"));
app.MapGet("/graphiql", () => Results.Redirect("/graphiql/index.html"));

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    var root = addresses.FirstOrDefault()?.Replace("0.0.0.0", "localhost").Replace("[::]", "localhost").TrimEnd('/') ?? "";
    Console.WriteLine($"Shop is running ({app.Services.GetRequiredService<DatabaseOptions>().Provider}, data in {app.Services.GetRequiredService<ShopPaths>().DataPath})");
    Console.WriteLine($"  GraphiQL (storefront): {root}/graphiql/index.html");
    Console.WriteLine($"  GraphiQL (admin):      {root}/graphiql/index.html?endpoint=admin");
    Console.WriteLine($"  Admin:                 {root}/admin");
});

app.Run();
return 0;

async Task<int> RunVerbAsync(string command)
{
    switch (command)
    {
        case "migrate":
            app.Services.GetRequiredService<ShopMigrator>().MigrateUp();
            Console.WriteLine($"Migrated the {app.Services.GetRequiredService<DatabaseOptions>().Provider} database of modules: {string.Join(", ", catalog.Modules.Select(m => m.Name))}.");
            return 0;
        case "rollback":
            if (args.Length < 2 || !long.TryParse(args[1], out var toVersion))
            {
                Console.Error.WriteLine("Usage: rollback <version>: undoes every migration newer than <version> (e.g. 202612035001).");
                return 2;
            }
            app.Services.GetRequiredService<ShopMigrator>().MigrateDown(toVersion);
            Console.WriteLine($"Rolled the {app.Services.GetRequiredService<DatabaseOptions>().Provider} database back to migration {toVersion}.");
            return 0;
        case "seed":
            if (SeedCommand.MembersArgument(args, builder.Configuration) is not { } members)
            {
                Console.Error.WriteLine($"Usage: seed --members N, N a whole number from 1 to {SeedCommand.MaxMembers:N0} (default 1,000).");
                return 2;
            }
            return await SeedCommand.RunAsync(app, members);
        case "reindex":
            return await ReindexCommand.RunAsync(app, args.Length > 1 && !args[1].StartsWith('-') && !args[1].Contains('=') ? args[1] : null);
        default:
            Console.Error.WriteLine($"Unknown command '{command}'. Commands: migrate, rollback <version>, seed --members N, reindex [index] (or none to run the server).");
            return 2;
    }
}

// Pages come from the enabled modules, decided here rather than by the build-generated list of
// referenced assemblies: that list goes stale on incremental builds, and it would also serve
// the pages of a module switched off in Shop:Modules.
static void MatchEnabledModules(ApplicationPartManager parts, ModuleCatalog catalog)
{
    var enabled = catalog.Modules.Select(m => m.Assembly).ToHashSet();
    foreach (var part in parts.ApplicationParts.ToList())
    {
        var assembly = (part as AssemblyPart)?.Assembly ?? (part as CompiledRazorAssemblyPart)?.Assembly;
        if (assembly?.GetCustomAttribute<ShopModuleAttribute>() is not null && !enabled.Contains(assembly))
            parts.ApplicationParts.Remove(part);
    }
    var present = parts.ApplicationParts.Select(p => (p as AssemblyPart)?.Assembly ?? (p as CompiledRazorAssemblyPart)?.Assembly).ToHashSet();
    foreach (var assembly in enabled.Where(a => !present.Contains(a)))
    {
        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
            parts.ApplicationParts.Add(part);
    }
}

public partial class Program;

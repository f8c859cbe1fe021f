using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Framework.Auth;
using Shop.Framework.Data;
using Shop.Framework.Seeding;

namespace Shop.Framework.Hosting;

/// <summary>
/// Runs before the server accepts requests: migrations, the Administrator role and bootstrap
/// account, and demo data on an empty database. A hosted service so that test hosts get it too.
/// </summary>
public sealed class ShopInitializer(
    IServiceProvider services,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<ShopInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue("Shop:Database:MigrateOnStartup", true))
        {
            services.GetRequiredService<ShopMigrator>().MigrateUp();
            logger.LogInformation("Database migrated ({Provider})", services.GetRequiredService<DatabaseOptions>().Provider);
        }
        await EnsureAdministratorAsync();
        if (configuration.GetValue("Shop:Demo:SeedOnStartup", environment.IsDevelopment()))
            await SeedDemoAsync(new SeedOptions(Members: configuration.GetValue("Shop:Demo:Members", 60)), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureAdministratorAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await scope.ServiceProvider.GetRequiredService<RolePermissions>().SaveRoleAsync(db, AdminAuth.AdministratorRole, [ShopClaims.AllPermissions]);

        var options = scope.ServiceProvider.GetRequiredService<AdminOptions>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var email = options.Email;
        if (string.IsNullOrWhiteSpace(email))
        {
            // Without a configured account, Development gets one so `dotnet run` is enough.
            if (!environment.IsDevelopment() || await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM admin_users") > 0) return;
            email = "admin@shop.local";
        }
        if (await users.FindByEmailAsync(email) is not null) return;

        var password = options.Password;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            if (!environment.IsDevelopment())
            {
                logger.LogWarning("Shop:Admin:Email is set but Shop:Admin:Password is not; no bootstrap account was created");
                return;
            }
            password = "Shop-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        }
        var user = new AdminUser { Email = email, DisplayName = "Administrator", SecurityStamp = Guid.NewGuid().ToString("N") };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
            throw new ShopConfigurationException("The bootstrap admin account could not be created: " +
                string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, AdminAuth.AdministratorRole);
        logger.LogInformation("Bootstrap admin account created");
        if (environment.IsDevelopment())
        {
            // Printed once, to the console only, so a newcomer can sign in; never logged.
            Console.WriteLine($"  Admin sign-in (first run, Development): {email} / {(generated ? password : "(the configured Shop:Admin:Password)")}");
        }
    }

    /// <summary>Runs every module's seeder whose data is empty.</summary>
    public async Task SeedDemoAsync(SeedOptions options, CancellationToken cancellationToken, IProgress<SeedProgress>? progress = null, bool onlyWhenEmpty = true)
    {
        foreach (var seeder in services.GetServices<IDemoSeeder>().OrderBy(s => s.Order))
        {
            await using var scope = services.CreateAsyncScope();
            if (onlyWhenEmpty && !await seeder.IsEmptyAsync(scope.ServiceProvider)) continue;
            await seeder.SeedAsync(scope.ServiceProvider, options, progress ?? new Progress<SeedProgress>(), cancellationToken);
            logger.LogInformation("Seeded demo data with {Seeder}", seeder.GetType().Name);
        }
    }
}

namespace Shop.Framework.Seeding;

/// <summary>
/// A module's demo data. The host runs every seeder on an empty database in Development, and
/// the <c>seed</c> CLI verb runs them with larger counts.
/// </summary>
public interface IDemoSeeder
{
    int Order { get; }

    /// <summary>True when this module has no data yet (the host seeds only then).</summary>
    Task<bool> IsEmptyAsync(IServiceProvider services);

    Task SeedAsync(IServiceProvider services, SeedOptions options, IProgress<SeedProgress> progress, CancellationToken cancellationToken);
}

public sealed record SeedOptions(int Members, int RandomSeed = 20261123);

public sealed record SeedProgress(string Task, long Done, long Total);

namespace Shop.Framework.Observability;

/// <summary>The meters a scrape exports: Shop's own and the ones ASP.NET Core, the runtime and Npgsql publish.</summary>
public static class ShopMeters
{
    /// <summary>Shop's own instruments (<c>shop.*</c>).</summary>
    public const string Shop = "Shop";

    public static readonly string[] Exported =
    [
        Shop,
        // Request durations by route template and status, active requests, connections.
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        // GC, heap, thread pool, exceptions.
        "System.Runtime",
        // Command durations and pool usage on PostgreSQL.
        "Npgsql",
    ];
}

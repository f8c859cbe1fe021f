using Shop.Framework.Hosting;
using Shop.Framework.Search;
using Spectre.Console;

namespace Shop.Web;

/// <summary>
/// <c>dotnet run -- reindex [index]</c>: migrates, rebuilds the named index (or every index) from
/// the database into a fresh index with a progress bar, swaps it in, then applies the changes
/// queued meanwhile.
/// </summary>
internal static class ReindexCommand
{
    public static async Task<int> RunAsync(WebApplication app, string? only)
    {
        await app.Services.GetRequiredService<ShopInitializer>().StartAsync(CancellationToken.None);
        IReadOnlyList<string> indexes;
        using (var scope = app.Services.CreateScope()) indexes = scope.ServiceProvider.GetRequiredService<SearchCatalog>().Indexes.Order().ToList();
        if (only is not null && !indexes.Contains(only))
        {
            Console.Error.WriteLine($"Unknown index '{only}'. Indexes: {(indexes.Count == 0 ? "(none enabled)" : string.Join(", ", indexes))}.");
            return 2;
        }
        var rebuilder = app.Services.GetRequiredService<SearchRebuilder>();
        foreach (var index in only is null ? indexes : [only])
        {
            if (!await rebuilder.TryClaimAsync(index))
            {
                Console.Error.WriteLine($"Index '{index}' is already being rebuilt (see the admin's Search page).");
                return 1;
            }
            var started = DateTime.UtcNow;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(index, maxValue: 1);
                    await rebuilder.RunAsync(index, new Progress(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    }));
                    task.Value = task.MaxValue;
                });
            AnsiConsole.MarkupLine($"[green]Rebuilt {index.EscapeMarkup()} in {(DateTime.UtcNow - started).TotalSeconds:N1} s.[/]");
        }
        await app.Services.GetRequiredService<IndexingWorker>().DrainAsync();
        return 0;
    }

    private sealed class Progress(Action<(long Done, long Total)> report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report(value);
    }
}

using Shop.Framework.Hosting;
using Shop.Framework.Seeding;
using Spectre.Console;

namespace Shop.Web;

/// <summary><c>dotnet run -- seed --members N</c>: migrates, then adds N generated members with a progress bar.</summary>
internal static class SeedCommand
{
    public static async Task<int> RunAsync(WebApplication app, int members)
    {
        if (members <= 0)
        {
            Console.Error.WriteLine("--members must be a positive number.");
            return 2;
        }
        var initializer = app.Services.GetRequiredService<ShopInitializer>();
        await initializer.StartAsync(CancellationToken.None);
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new SynchronousProgress(p =>
                {
                    if (!tasks.TryGetValue(p.Task, out var task)) tasks[p.Task] = task = context.AddTask(p.Task, maxValue: p.Total);
                    task.Value = p.Done;
                });
                await initializer.SeedDemoAsync(new SeedOptions(members), CancellationToken.None, progress, onlyWhenEmpty: false);
            });
        AnsiConsole.MarkupLine($"[green]Seeded {members:N0} members.[/]");
        return 0;
    }

    private sealed class SynchronousProgress(Action<SeedProgress> report) : IProgress<SeedProgress>
    {
        public void Report(SeedProgress value) => report(value);
    }
}

using Shop.Framework.Hosting;
using Shop.Framework.Seeding;
using Spectre.Console;

namespace Shop.Web;

/// <summary><c>dotnet run -- seed --members N</c>: migrates, then adds N generated members with a progress bar.</summary>
internal static class SeedCommand
{
    public const int MaxMembers = 10_000_000;

    /// <summary>
    /// The member count asked for: 1,000 when <c>--members</c> is not given, null when it is given
    /// without a value or with anything but a whole number from 1 to <see cref="MaxMembers"/>.
    /// </summary>
    public static int? MembersArgument(string[] args, IConfiguration configuration)
    {
        var flag = Array.FindIndex(args, a => a is "--members" or "/members");
        if (flag >= 0 && (flag == args.Length - 1 || args[flag + 1].StartsWith('-'))) return null; // "--members" alone
        var text = configuration["members"];
        if (text is null) return 1_000;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxMembers
            ? n : null;
    }

    public static async Task<int> RunAsync(WebApplication app, int members)
    {
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

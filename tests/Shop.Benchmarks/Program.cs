using Shop.Benchmarks.Scenarios;

namespace Shop.Benchmarks;

// A named class in a namespace, not top-level statements: those would declare a global
// `Program` that hides Shop.Web's, which WebApplicationFactory<global::Program> needs.
public static class Program
{
    /// <summary>Every scenario; a new one is a class in Scenarios/ plus a line here.</summary>
    private static readonly IScenario[] Scenarios = [MeScenario.Plain(), MeScenario.PointsAndTier(), new CheckInScenario(), new CheckInDirectScenario(), new MallScenario(), new AudienceScenario()];

    public static async Task<int> Main(string[] args)
    {
        if (args is [BareServer.Verb, ..]) return await BareServer.RunChildAsync(args[1..]);

        var scenario = args.Length > 0 ? Scenarios.FirstOrDefault(s => s.Name == args[0]) : null;
        if (scenario is null)
        {
            var help = args is ["-h" or "--help"];
            if (args.Length > 0 && !help) Console.Error.WriteLine($"Unknown scenario '{args[0]}'.");
            PrintUsage();
            return help ? 0 : 2;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args.AsSpan(1));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            PrintUsage();
            return 2;
        }
        try
        {
            return await scenario.RunAsync(options);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            // A server that won't start or answer is a setup problem: its message says more than a stack trace.
            Console.Error.WriteLine($"{scenario.Name}: {e.Message}");
            return 1;
        }
    }

    private static void PrintUsage()
    {
        Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Shop.Benchmarks -- <scenario> [options]");
        Console.Error.WriteLine("scenarios:");
        foreach (var s in Scenarios) Console.Error.WriteLine($"  {s.Name,-18}{s.Description}");
        Console.Error.WriteLine(BenchOptions.Usage);
    }
}

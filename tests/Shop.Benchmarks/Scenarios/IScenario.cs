namespace Shop.Benchmarks.Scenarios;

/// <summary>One benchmark, selected by name on the command line.</summary>
public interface IScenario
{
    string Name { get; }
    string Description { get; }

    /// <summary>Runs and prints the measurements; returns the process exit code.</summary>
    Task<int> RunAsync(BenchOptions options);
}

namespace Shop.CheckIn.Tests;

/// <summary>One host per test class with the demo programme published (monthly cycle, make-up 3 days back, 2 per cycle, 20 points).</summary>
public sealed class CheckInFixture : IAsyncLifetime
{
    public CheckInApp App { get; } = new();

    public async Task InitializeAsync() => await App.PublishProgramAsync(CheckInApp.DemoProgram());

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

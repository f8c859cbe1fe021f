namespace Shop.PointsMall.Tests;

/// <summary>One host per test class; tests use their own members and rewards.</summary>
public sealed class MallFixture : IDisposable
{
    public MallApp App { get; } = new();

    public void Dispose() => App.Dispose();
}

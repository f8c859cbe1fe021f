using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>One host and database shared by the tests of a class.</summary>
public sealed class ShopFixture : IDisposable
{
    public ShopAppFactory App { get; } = new();

    public void Dispose() => App.Dispose();
}

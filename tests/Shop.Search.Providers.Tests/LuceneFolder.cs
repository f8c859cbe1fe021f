using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Shop.Framework.Data;
using Shop.Search.Lucene;

namespace Shop.Search.Providers.Tests;

/// <summary>A throwaway data folder for Lucene providers, deleted when the test ends.</summary>
public sealed class LuceneFolder(string prefix) : IDisposable
{
    /// <summary>The clock Lucene tests run on unless they bring their own.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    /// <summary>The folder of one index (<c>search/{index}</c>), where its generations and slots live.</summary>
    public string Index(string name) => System.IO.Path.Combine(Path, "search", name);

    public LuceneProvider Provider(TimeProvider? clock = null) =>
        new(new ShopPaths(Path), clock ?? new FakeTimeProvider(Now), NullLogger<LuceneProvider>.Instance);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

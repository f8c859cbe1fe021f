namespace Shop.Framework.Data;

/// <summary>Where the host keeps its files (SQLite database, search indexes, generated keys).</summary>
public sealed class ShopPaths(string dataPath)
{
    public string DataPath { get; } = dataPath;

    public string File(string name) => Path.Combine(DataPath, name);
}

namespace Shop.Framework.Modules;

/// <summary>
/// Declares that an assembly is a Shop module. One per assembly, usually in <c>Manifest.cs</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ShopModuleAttribute : Attribute
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string Version { get; init; } = "1.0.0";
    public string[] Dependencies { get; init; } = [];
}

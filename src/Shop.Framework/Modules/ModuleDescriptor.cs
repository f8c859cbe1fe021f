using System.Reflection;

namespace Shop.Framework.Modules;

public sealed record ModuleDescriptor(
    string Name,
    string Description,
    string Version,
    IReadOnlyList<string> Dependencies,
    Assembly Assembly,
    Type? StartupType);

using System.Reflection;

namespace Shop.Framework.Modules;

/// <summary>
/// Finds the module assemblies next to the host, keeps the enabled ones and orders them so
/// every module comes after the modules it depends on.
/// </summary>
public sealed class ModuleCatalog
{
    public IReadOnlyList<ModuleDescriptor> Modules { get; }

    private ModuleCatalog(IReadOnlyList<ModuleDescriptor> modules) => Modules = modules;

    public bool IsEnabled(string name) => Modules.Any(m => m.Name == name);

    /// <summary>Loads every <c>Shop.*.dll</c> in the base directory that carries <see cref="ShopModuleAttribute"/>.</summary>
    public static IReadOnlyList<ModuleDescriptor> Discover(string baseDirectory)
    {
        var found = new List<ModuleDescriptor>();
        foreach (var path in Directory.EnumerateFiles(baseDirectory, "Shop.*.dll"))
        {
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(AssemblyName.GetAssemblyName(path));
            }
            catch (BadImageFormatException)
            {
                continue;
            }
            var descriptor = Describe(assembly);
            if (descriptor is not null) found.Add(descriptor);
        }
        return found;
    }

    public static ModuleDescriptor? Describe(Assembly assembly)
    {
        var attribute = assembly.GetCustomAttribute<ShopModuleAttribute>();
        if (attribute is null) return null;
        var startups = assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(ModuleStartup).IsAssignableFrom(t))
            .ToList();
        if (startups.Count > 1)
            throw new ModuleLoadException($"Module '{attribute.Name}' has more than one ModuleStartup: {string.Join(", ", startups.Select(s => s.FullName))}.");
        return new ModuleDescriptor(attribute.Name, attribute.Description, attribute.Version,
            attribute.Dependencies, assembly, startups.SingleOrDefault());
    }

    /// <summary>
    /// Builds the catalog from the available modules and the configured list
    /// (null or empty: all available). Fails with a message naming the problem.
    /// </summary>
    public static ModuleCatalog Build(IEnumerable<ModuleDescriptor> available, IReadOnlyCollection<string>? enabled)
    {
        var byName = new Dictionary<string, ModuleDescriptor>(StringComparer.Ordinal);
        foreach (var module in available)
        {
            if (!byName.TryAdd(module.Name, module))
                throw new ModuleLoadException($"Two assemblies declare the module '{module.Name}'.");
        }

        var wanted = enabled is { Count: > 0 } ? enabled.Distinct().ToList() : byName.Keys.ToList();
        var unknown = wanted.Where(n => !byName.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
            throw new ModuleLoadException(
                $"Shop:Modules names unknown module(s): {string.Join(", ", unknown)}. Available: {string.Join(", ", byName.Keys.Order())}.");

        var wantedSet = wanted.ToHashSet();
        foreach (var name in wanted)
        {
            var missing = byName[name].Dependencies.Where(d => !wantedSet.Contains(d)).ToList();
            if (missing.Count > 0)
                throw new ModuleLoadException(
                    $"Module '{name}' depends on {string.Join(", ", missing)}, which {(missing.Count == 1 ? "is" : "are")} not enabled" +
                    (missing.Any(m => !byName.ContainsKey(m)) ? " or not installed." : ". Add it to Shop:Modules."));
        }

        return new ModuleCatalog(TopologicalOrder(wanted.Order(StringComparer.Ordinal).Select(n => byName[n]).ToList(), byName));
    }

    private static List<ModuleDescriptor> TopologicalOrder(List<ModuleDescriptor> modules, Dictionary<string, ModuleDescriptor> byName)
    {
        var ordered = new List<ModuleDescriptor>();
        var state = new Dictionary<string, bool>(); // false: visiting, true: done
        var path = new Stack<string>();

        void Visit(ModuleDescriptor module)
        {
            if (state.TryGetValue(module.Name, out var done))
            {
                if (done) return;
                var cycle = path.Reverse().SkipWhile(n => n != module.Name).Append(module.Name);
                throw new ModuleLoadException($"Module dependency cycle: {string.Join(" -> ", cycle)}.");
            }
            state[module.Name] = false;
            path.Push(module.Name);
            foreach (var dependency in module.Dependencies.Order(StringComparer.Ordinal)) Visit(byName[dependency]);
            path.Pop();
            state[module.Name] = true;
            ordered.Add(module);
        }

        foreach (var module in modules) Visit(module);
        return ordered;
    }
}

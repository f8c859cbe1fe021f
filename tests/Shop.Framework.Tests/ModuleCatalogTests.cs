using Shop.Framework.Modules;

namespace Shop.Framework.Tests;

public class ModuleCatalogTests
{
    private static ModuleDescriptor Module(string name, params string[] dependencies) =>
        new(name, "", "1.0.0", dependencies, typeof(ModuleCatalogTests).Assembly, null);

    [Fact]
    public void Orders_modules_after_their_dependencies()
    {
        var catalog = ModuleCatalog.Build(
            [Module("Shop.PointsMall", "Shop.Points", "Shop.Coupons"), Module("Shop.Coupons", "Shop.Members"), Module("Shop.Points", "Shop.Members"), Module("Shop.Members")],
            enabled: null);

        var names = catalog.Modules.Select(m => m.Name).ToList();
        Assert.Equal(4, names.Count);
        Assert.Equal("Shop.Members", names[0]);
        Assert.True(names.IndexOf("Shop.Points") < names.IndexOf("Shop.PointsMall"));
        Assert.True(names.IndexOf("Shop.Coupons") < names.IndexOf("Shop.PointsMall"));
    }

    [Fact]
    public void Enables_only_the_configured_modules()
    {
        var catalog = ModuleCatalog.Build([Module("Shop.Members"), Module("Shop.Points", "Shop.Members"), Module("Shop.Tiers", "Shop.Members")], ["Shop.Members", "Shop.Tiers"]);

        Assert.Equal(["Shop.Members", "Shop.Tiers"], catalog.Modules.Select(m => m.Name));
        Assert.False(catalog.IsEnabled("Shop.Points"));
    }

    [Fact]
    public void Refuses_an_unknown_module_naming_it_and_the_available_ones()
    {
        var error = Assert.Throws<ModuleLoadException>(() => ModuleCatalog.Build([Module("Shop.Members")], ["Shop.Members", "Shop.Nope"]));

        Assert.Contains("Shop.Nope", error.Message);
        Assert.Contains("Available: Shop.Members", error.Message);
    }

    [Fact]
    public void Refuses_a_missing_dependency()
    {
        var error = Assert.Throws<ModuleLoadException>(() =>
            ModuleCatalog.Build([Module("Shop.Members"), Module("Shop.Points", "Shop.Members")], ["Shop.Points"]));

        Assert.Contains("'Shop.Points' depends on Shop.Members", error.Message);
    }

    [Fact]
    public void Refuses_a_dependency_that_is_not_installed()
    {
        var error = Assert.Throws<ModuleLoadException>(() => ModuleCatalog.Build([Module("Shop.Points", "Shop.Ledger")], null));

        Assert.Contains("Shop.Ledger", error.Message);
        Assert.Contains("not installed", error.Message);
    }

    [Fact]
    public void Refuses_a_cycle_and_shows_it()
    {
        var error = Assert.Throws<ModuleLoadException>(() =>
            ModuleCatalog.Build([Module("A", "B"), Module("B", "C"), Module("C", "A")], null));

        Assert.Contains("cycle", error.Message);
        Assert.Contains("A -> B -> C -> A", error.Message);
    }

    [Fact]
    public void Discovers_the_shipped_modules_from_their_manifests()
    {
        var modules = ModuleCatalog.Discover(AppContext.BaseDirectory);

        var members = Assert.Single(modules, m => m.Name == "Shop.Members");
        Assert.NotNull(members.StartupType);
        Assert.DoesNotContain(modules, m => m.Name == "Shop.Framework");
    }
}

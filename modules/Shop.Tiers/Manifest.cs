using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.Tiers",
    Description = "Membership tiers: growth value, levels, benefits, upgrades and periodic review.",
    Version = "1.0.0",
    Dependencies = ["Shop.Members", "Shop.Points"])]

using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.CheckIn",
    Description = "Daily check-in with streaks, cumulative rewards, make-up days and a calendar.",
    Version = "1.0.0",
    Dependencies = ["Shop.Members", "Shop.Points", "Shop.Tiers"])]

using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.PointsMall",
    Description = "Points mall: rewards bought with points (goods, coupons, virtual codes), stock and limits, redemptions and fulfilment.",
    Version = "1.0.0",
    Dependencies = ["Shop.Members", "Shop.Points", "Shop.Tiers", "Shop.Coupons"])]

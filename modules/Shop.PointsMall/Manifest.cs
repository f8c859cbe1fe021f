using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.PointsMall",
    Description = "The points mall: rewards (goods, coupons, virtual codes) bought with points, stock, limits and fulfilment.",
    Version = "1.0.0",
    Dependencies = ["Shop.Members", "Shop.Points", "Shop.Tiers", "Shop.Coupons"])]

using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.Audiences",
    Description = "Member search documents, tags, RFM segments and audiences used to target coupons and rewards.",
    Version = "1.0.0",
    Dependencies = ["Shop.Members", "Shop.Points", "Shop.Tiers", "Shop.CheckIn", "Shop.Coupons"])]

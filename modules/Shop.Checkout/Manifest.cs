using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.Checkout",
    Description = "Checkout pricing: tier discount, coupons, points deduction and shipping in a fixed order, split across lines; coupons reserved with orders.",
    Version = "1.0.0",
    Dependencies = ["Shop.Members", "Shop.Points", "Shop.Tiers", "Shop.Coupons"])]

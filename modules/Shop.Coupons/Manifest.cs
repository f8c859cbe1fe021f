using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.Coupons",
    Description = "Coupon templates and instances: threshold-minus, percent-off, free shipping and cash coupons; claim centre, gifts, pushes, expiry.",
    Version = "1.0.0",
    Dependencies = ["Shop.Members", "Shop.Points", "Shop.Tiers"])]

using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.Audiences",
    Description = "Member tags (manual and rule), RFM scoring and segments, audiences (dynamic or snapshot) over the member index, audience gates and coupon pushes to audiences.",
    Version = "1.0.0",
    Dependencies = ["Shop.Members", "Shop.Coupons"])]

using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.Points",
    Description = "Points ledger with expiring lots, earning rules, checkout deduction and exact refund reversal.",
    Version = "1.0.0",
    Dependencies = ["Shop.Members"])]

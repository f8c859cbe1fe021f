using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.Members",
    Description = "Members, One-ID identities, login providers and the member admin.",
    Version = "1.0.0")]

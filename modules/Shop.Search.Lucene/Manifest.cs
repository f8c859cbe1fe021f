using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.Search.Lucene",
    Description = "Embedded search provider: Lucene.Net indexes on disk under the data folder.",
    Version = "1.0.0",
    Dependencies = [])]

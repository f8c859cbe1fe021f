using Shop.Framework.Modules;

[assembly: ShopModule(
    Name = "Shop.Search.Elasticsearch",
    Description = "Scale-out search provider: Elasticsearch 8.x / OpenSearch 2.x over their REST API.",
    Version = "1.0.0",
    Dependencies = [])]

using Microsoft.Extensions.Configuration;
using Shop.Framework.Hosting;

namespace Shop.Search.Elasticsearch.Tests;

public sealed class OptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void Another_provider_leaves_the_module_unregistered() =>
        Assert.Null(ElasticsearchOptions.FromConfiguration(Config(("Shop:Search:Provider", "Lucene"))));

    [Theory]
    [InlineData(null)]
    [InlineData("es.local:9200")]
    [InlineData("ftp://es.local")]
    public void Elasticsearch_without_a_usable_url_refuses_to_start(string? url)
    {
        var pairs = new List<(string, string)> { ("Shop:Search:Provider", "Elasticsearch") };
        if (url is not null) pairs.Add(("Shop:Search:Url", url));
        var error = Assert.Throws<ShopConfigurationException>(() => ElasticsearchOptions.FromConfiguration(Config(pairs.ToArray())));
        Assert.Contains("Shop:Search:Url", error.Message);
    }

    [Fact]
    public void Reads_credentials_and_prefix()
    {
        var options = ElasticsearchOptions.FromConfiguration(Config(("Shop:Search:Provider", "elasticsearch"), ("Shop:Search:Url", "https://es:9200"),
            ("Shop:Search:ApiKey", "k"), ("Shop:Search:IndexPrefix", "Store1-")))!;
        Assert.Equal(("https://es:9200/", "k", "store1-"), (options.Url.ToString(), options.ApiKey, options.IndexPrefix));
    }
}

using Shop.Testing;

namespace Shop.Web.Tests;

/// <summary>
/// A document that passed validation once skips the rules that cannot change their verdict; these
/// are the cases where the verdict can change between runs of the same cached document.
/// </summary>
public class ValidationCacheTests
{
    private const string Rewards = "query($n: Int) { rewards(first: $n) { edges { node { id title pointsPrice } } } }";

    [Fact]
    public async Task A_cached_document_is_measured_again_when_its_variables_change_its_cost()
    {
        // Each edge costs about four, so two rewards fit under 60 and fifty do not.
        using var app = new ShopAppFactory().WithSetting("Shop:GraphQL:MaxComplexity", "60");

        var cheap = await app.StorefrontAsync(Rewards, new { n = 2 });
        var costly = await app.StorefrontAsync(Rewards, new { n = 50 });
        var cheapAgain = await app.StorefrontAsync(Rewards, new { n = 2 });

        Assert.Equal(200, cheap.Status);
        Assert.Null(cheap.Errors);
        Assert.Equal(400, costly.Status);
        Assert.Contains("complexity", costly.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Null(costly.Data);
        Assert.Equal(200, cheapAgain.Status);
    }

    [Fact]
    public async Task A_cached_document_is_measured_again_when_a_variable_includes_a_costly_part()
    {
        using var app = new ShopAppFactory().WithSetting("Shop:GraphQL:MaxComplexity", "60");
        const string document = "query($all: Boolean!, $k: String) { rewards(first: 2) { edges { node { id } } } " +
            "more: rewards(first: 50, after: $k) @include(if: $all) { edges { node { id title pointsPrice } } } }";

        var without = await app.StorefrontAsync(document, new { all = false, k = "a" });
        var with = await app.StorefrontAsync(document, new { all = true, k = "b" });

        Assert.Equal(200, without.Status);
        Assert.Equal(400, with.Status);
        Assert.Contains("complexity", with.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_document_without_variables_answers_the_same_from_the_cache()
    {
        using var app = new ShopAppFactory().WithSetting("Shop:GraphQL:MaxComplexity", "60");
        const string tooCostly = "{ rewards(first: 50) { edges { node { id title pointsPrice } } } }";
        const string fine = "{ rewards(first: 2) { edges { node { id } } } }";

        var refused = new[] { await app.StorefrontAsync(tooCostly), await app.StorefrontAsync(tooCostly) };
        var answered = new[] { await app.StorefrontAsync(fine), await app.StorefrontAsync(fine) };

        // A refused document is never remembered as passed, so its second run is refused too.
        Assert.All(refused, r => Assert.Equal(400, r.Status));
        Assert.All(answered, r => Assert.Equal(200, r.Status));
        Assert.Equal(answered[0].Body!.ToJsonString(), answered[1].Body!.ToJsonString());
    }
}

using GraphQLParser;
using Shop.Framework.GraphQL;

namespace Shop.Framework.Tests;

public class ComplexityInputsTests
{
    [Theory]
    [InlineData("query($n: Int) { rewards(first: $n) { edges { node { id } } } }", true)]
    [InlineData("query($n: Int) { rewards(last: $n) { edges { node { id } } } }", true)]
    [InlineData("query($big: Boolean!) { me { id tier @include(if: $big) { name } } }", true)]
    [InlineData("query($small: Boolean!) { me { id ... @skip(if: $small) { displayName } } }", true)]
    [InlineData("query($n: Int) { ...F } fragment F on Query { rewards(first: $n) { edges { node { id } } } }", true)]
    [InlineData("mutation($r: ID!, $k: String!) { redeemReward(input: {rewardId: $r, idempotencyKey: $k}) { redemption { id } } }", false)]
    [InlineData("query($id: ID!) { reward(id: $id) { id title } }", false)]
    [InlineData("query($after: String) { rewards(first: 20, after: $after) { edges { node { id } } } }", false)]
    [InlineData("{ rewards(first: 20) { edges { node { id } } } }", false)]
    public async Task Only_variables_that_feed_page_sizes_or_directives_can_change_the_cost(string document, bool expected)
    {
        Assert.Equal(expected, await ComplexityInputs.VariablesCanChangeAsync(Parser.Parse(document)));
    }
}

namespace Shop.Audiences.Tests;

/// <summary>Rule values the index cannot hold are refused as input errors naming the condition, never a server fault.</summary>
public sealed class RuleValueTests : IDisposable
{
    private readonly AudiencesApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("now-800000d")]
    [InlineData("now-999999d")]
    public async Task A_relative_date_beyond_the_calendar_is_a_validation_error_on_its_condition(string value)
    {
        await _app.MemberAsync();

        var preview = await _app.PreviewAsync(AudiencesApp.Rule("all", ("city", "exists", []), ("last_order_at", "lte", [value])));

        Assert.Equal("VALIDATION", preview.Code());
        Assert.Equal("rule.conditions[1]", preview["errors"]![0]!.Str("field"));
        Assert.Contains(value, preview["errors"]![0]!.Str("message"));
    }
}

using Microsoft.Playwright;

namespace Shop.Browser.Tests;

/// <summary>GraphiQL, served from the host under its Content-Security-Policy, renders and answers a query.</summary>
public sealed class GraphiQLBrowserTests(AdminSite site) : IClassFixture<AdminSite>
{
    [Fact]
    public async Task GraphiQL_runs_a_query_under_its_content_security_policy()
    {
        var (context, page) = await site.NewPageAsync();
        await using var _ = context;
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) refused.Add(message.Text); };
        page.PageError += (_, error) => refused.Add(error);

        var response = await page.GotoAsync("/graphiql/index.html");
        await Assertions.Expect(page.Locator(".graphiql-container")).ToBeVisibleAsync();
        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/graphql", StringComparison.Ordinal) && r.Request.Method == "POST"
            && (r.Request.PostData ?? "").Contains("tiers", StringComparison.Ordinal));
        await page.Locator(".graphiql-query-editor .CodeMirror").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("{ tiers { name ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Execute query (Ctrl-Enter)" }).ClickAsync();
        var body = await (await answer).TextAsync();

        Assert.Contains("script-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"]);
        Assert.Contains("\"tiers\"", body);
        Assert.Empty(refused);
    }
}

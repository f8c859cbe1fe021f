using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.GraphQL;
using Shop.Testing;
using Xunit.Abstractions;

namespace Shop.Web.Tests.Robustness;

/// <summary>
/// The admin's pages under the same rule as the API: every page (with the id of something that
/// exists and of something that does not, and with its query-string filters and cursors made
/// hostile), and every post form each page renders, sent back as rendered, emptied, with negative,
/// huge and malformed values. No answer may be a 5xx, and the
/// host may log no error.
/// </summary>
public class AdminPageProbeTests(ITestOutputHelper output)
{
    private static readonly Strategy[] FormStrategies = [Strategy.Typical, Strategy.Empty, Strategy.Negative, Strategy.Huge, Strategy.Weird];
    private const string WeirdText = "'; DROP TABLE members; -- \u0007<script>alert(1)</script> 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202e";

    /// <summary>Every query parameter an admin page reads (search, filters, cursors), set to nothing, to junk and to long text.</summary>
    private static readonly string[] HostileQueries = new[] { "", "not-a-cursor", WeirdText, new string('長', 500) }
        .Select(v => "?" + string.Join("&", new[] { "after", "search", "status", "name", "channel", "rewardId", "memberId" }.Select(k => $"{k}={Uri.EscapeDataString(v)}")))
        .ToArray();

    [Fact]
    public async Task Every_admin_page_and_form_answers_without_a_server_error()
    {
        using var app = new ShopAppFactory()
            .WithSetting("Shop:Demo:SeedOnStartup", "true")
            .WithSetting("Shop:Demo:Members", "12");
        var client = app.AdminClient();
        var ids = await KnownIdsAsync(app);
        var failures = new List<string>();
        var logLinesSeen = 0;
        var pages = 0;
        var posts = 0;

        async Task CheckAsync(string what, HttpResponseMessage response)
        {
            var lines = app.Logs.Lines;
            var errors = lines.Skip(logLinesSeen).Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
            logLinesSeen = lines.Count;
            if ((int)response.StatusCode >= 500 || errors.Count > 0)
            {
                var log = string.Join(" | ", errors);
                failures.Add($"{what} → HTTP {(int)response.StatusCode}\n  log: {log[..Math.Min(1_500, log.Length)]}");
            }
        }

        foreach (var url in PageUrls(app, ids))
        {
            // The filters and paging the list pages take from the query string, each made hostile.
            foreach (var query in HostileQueries)
            {
                using var filtered = await client.GetAsync(url + query);
                pages++;
                await CheckAsync($"GET {url}{query}", filtered);
            }
            using var page = await client.GetAsync(url);
            pages++;
            await CheckAsync($"GET {url}", page);
            if (!page.IsSuccessStatusCode) continue;
            var html = await page.Content.ReadAsStringAsync();
            foreach (var form in HtmlForms.Read(html, url))
                foreach (var target in form.Targets.Where(t => !t.Contains("logout", StringComparison.OrdinalIgnoreCase)))
                    foreach (var strategy in FormStrategies)
                    {
                        // Each post carries the token of a fresh render, as a browser's would.
                        var fresh = HtmlForms.Read(await client.GetStringAsync(url), url).FirstOrDefault(f => f.Targets.Contains(target)) ?? form;
                        var fields = fresh.Fields.Select(f => new KeyValuePair<string, string>(f.Name, Value(f, strategy))).ToList();
                        using var posted = await client.PostAsync(target, new FormUrlEncodedContent(fields));
                        posts++;
                        await CheckAsync($"POST {target} [{strategy}] from {url}: {string.Join("&", fields.Select(f => $"{f.Key}={Cut(f.Value)}"))}", posted);
                    }
        }

        output.WriteLine($"{pages} page loads, {posts} form posts.");
        Assert.True(failures.Count == 0, $"{failures.Count} requests failed:\n" + string.Join("\n\n", failures.Take(30)));
        // A probe that reaches nothing proves nothing.
        Assert.True(pages >= 125, $"only {pages} pages were loaded");
        Assert.True(posts >= 150, $"only {posts} forms were posted");
    }

    /// <summary>Every admin page route, with each id parameter filled by a known id and by an unknown one.</summary>
    private static IEnumerable<string> PageUrls(ShopAppFactory app, KnownIds ids)
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern).Where(p => p.RawText?.StartsWith("admin", StringComparison.OrdinalIgnoreCase) == true && !p.RawText.Contains("graphql"))
            .Where(p => !p.RawText!.Contains("logout", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(p => p.RawText).ToList();
        foreach (var pattern in routes)
        {
            var segments = pattern.RawText!.Split('/');
            if (pattern.Parameters.Count == 0)
            {
                yield return "/" + pattern.RawText;
                continue;
            }
            // The segment before an id names what it is: admin/mall/rewards/edit/{id?} takes a reward's.
            var owner = segments.Where(s => !s.StartsWith('{') && s is not "admin" and not "edit").LastOrDefault() ?? "";
            var singular = owner.EndsWith('s') ? owner[..^1] : owner;
            foreach (var id in new[] { ids.Find(singular + "Id", "") ?? "missing-id", "missing-id" }.Distinct())
                yield return "/" + string.Join('/', segments.Select(s => s.StartsWith('{') ? Uri.EscapeDataString(id) : s));
        }
    }

    /// <summary>Ids of what the demo shop holds, from the admin schema's queries (as the API probe finds them).</summary>
    private static async Task<KnownIds> KnownIdsAsync(ShopAppFactory app)
    {
        var ids = new KnownIds();
        var values = new HostileValues(ids, DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"));
        var schema = app.Services.GetRequiredService<AdminSchema>();
        schema.Initialize();
        var admin = new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey);
        foreach (var field in ProbeDocuments.RootFields(schema, mutations: false))
        {
            var call = ProbeDocuments.Call("admin", field, mutation: false, Strategy.Typical, values);
            ids.Harvest((await app.PostAsync("/admin/graphql", call.Document, call.Variables, admin)).Data);
        }
        return ids;
    }

    private static string Value(FormField field, Strategy strategy)
    {
        if (field.Kind == "hidden" || strategy == Strategy.Typical) return field.Value;
        var numeric = field.Kind is "number" or "range";
        return strategy switch
        {
            Strategy.Empty => "",
            Strategy.Negative => numeric ? "-1" : " ",
            Strategy.Huge => numeric ? "99999999999999999999999" : new string('長', 4_000),
            _ => field.Kind switch
            {
                "number" or "range" => "1e400",
                "date" => "2026-02-30",
                "datetime-local" => "2026-13-01T25:61",
                "checkbox" or "radio" => "maybe",
                "select" => "no-such-option",
                _ => WeirdText,
            },
        };
    }

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

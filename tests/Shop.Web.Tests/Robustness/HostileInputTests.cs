using System.Net.Http.Headers;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Auth;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Testing;
using Xunit.Abstractions;

namespace Shop.Web.Tests.Robustness;

/// <summary>
/// "Business failures are typed payload errors; bad input gets a clear 4xx; a 500 is a bug", for
/// the whole API at once: every root field of both schemas, on a shop with demo data, called with
/// plausible input, then with every optional argument, then with empty, negative, huge, long, malformed
/// and null input. No call may answer 5xx or make the host log an error (a resolver that throws is
/// logged and answered as a generic error, which is the 500 of GraphQL), and a signed-in member is
/// never denied a field the storefront schema offers, and staff whose role lacks a field's
/// permission are refused it (403) before it runs. Afterwards the points books still add up
/// and no balance has been pushed near the range of a long.
/// </summary>
public class HostileInputTests(ITestOutputHelper output)
{
    private static readonly Strategy[] Hostile = [Strategy.Complete, Strategy.Empty, Strategy.Negative, Strategy.Huge, Strategy.LongText, Strategy.Weird, Strategy.Nulls, Strategy.IntegerIds];

    [Fact]
    public async Task Every_field_of_both_schemas_answers_hostile_input_without_a_server_error()
    {
        using var app = new ShopAppFactory()
            .WithSetting("Shop:Demo:SeedOnStartup", "true")
            .WithSetting("Shop:Demo:Members", "12")
            // The limits have their own tests; here they would only keep calls from reaching resolvers.
            .WithSetting("Shop:GraphQL:MaxComplexity", "1000000")
            .WithSetting("Shop:GraphQL:MaxDepth", "50");
        var member = new AuthenticationHeaderValue("Bearer", await app.LoginAsync("13912345678"));
        var admin = new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey);
        var ids = new KnownIds();
        var values = new HostileValues(ids, DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"));
        var schemas = new (string Name, string Path, ISchema Schema, AuthenticationHeaderValue Auth)[]
        {
            ("admin", "/admin/graphql", app.Services.GetRequiredService<AdminSchema>(), admin),
            ("storefront", "/graphql", app.Services.GetRequiredService<StorefrontSchema>(), member),
        };
        foreach (var s in schemas) s.Schema.Initialize();
        var probe = new Probe(app, ids);

        // Reads first (twice, the second time naming what the first found), then the writes.
        foreach (var pass in new[] { false, false, true })
            foreach (var (name, path, schema, auth) in schemas)
                foreach (var field in ProbeDocuments.RootFields(schema, pass))
                    await probe.SendAsync(path, ProbeDocuments.Call(name, field, pass, Strategy.Typical, values), auth);

        foreach (var strategy in Hostile)
            foreach (var mutations in new[] { false, true })
                foreach (var (name, path, schema, auth) in schemas)
                    foreach (var field in ProbeDocuments.RootFields(schema, mutations))
                        await probe.SendAsync(path, ProbeDocuments.Call(name, field, mutations, strategy, values), auth);

        // Staff whose role grants the admin and nothing else: every field needing more is refused
        // up front (403), never run.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RolePermissions>()
                .SaveRoleAsync(scope.ServiceProvider.GetRequiredService<DbSession>(), "Probe", [FrameworkPermissions.AccessAdmin]);
        var key = (await app.AdminAsync("mutation { apiKeyCreate(input: {name: \"probe\", role: \"Probe\"}) { key } }")).Data!["apiKeyCreate"]!["key"]!.GetValue<string>();
        var limited = new AuthenticationHeaderValue("ApiKey", key);
        var denied = 0;
        foreach (var mutations in new[] { false, true })
            foreach (var field in ProbeDocuments.RootFields(schemas[0].Schema, mutations))
            {
                var call = ProbeDocuments.Call("admin (no permissions)", field, mutations, Strategy.Typical, values);
                var answer = await app.PostAsync("/admin/graphql", call.Document, call.Variables, limited);
                if (answer.Status == 403) denied++;
                else if (mutations || answer.Status != 200)
                    probe.Failures.Add($"admin (no permissions) {field.Name} → HTTP {answer.Status}: a role without the field's permission ran it");
            }

        // Signed out, the storefront's member fields must refuse politely too.
        foreach (var mutations in new[] { false, true })
            foreach (var field in ProbeDocuments.RootFields(schemas[1].Schema, mutations))
                await probe.SendAsync("/graphql", ProbeDocuments.Call("storefront (anonymous)", field, mutations, Strategy.Typical, values), null);

        // The books survive it: entries still add up, and no balance was pushed to where the next grant overflows.
        var books = await app.AdminAsync("{ pointsInvariants { ok violations } members(first: 500) { edges { node { points { balance } } } } }");
        var largest = books.Data!["members"]!["edges"]!.AsArray().Max(e => e!["node"]!["points"]!["balance"]!.GetValue<long>());

        output.WriteLine($"{probe.Calls} calls over {probe.Fields.Count} root fields; {probe.Reached.Count} answered with data at least once; {ids.Count} ids seen; {denied} admin fields refused to a role without their permission.");
        foreach (var field in probe.Fields.Except(probe.Reached).Order()) output.WriteLine($"never answered with data: {field}");
        Assert.True(probe.Failures.Count == 0, $"{probe.Failures.Count} calls failed:\n" + string.Join("\n\n", probe.Failures.Take(30)));
        Assert.True(books.Data["pointsInvariants"]!["ok"]!.GetValue<bool>(), books.ToString());
        Assert.InRange(largest, 0, Shop.Framework.AmountLimits.MaxTotal);
        // A probe that reaches nothing proves nothing: most fields must have run their resolver.
        Assert.True(probe.Fields.Count >= 100, $"only {probe.Fields.Count} root fields were probed");
        Assert.True(denied >= 60, $"only {denied} admin fields refused a role without their permission");
        Assert.True(probe.Reached.Count >= probe.Fields.Count * 9 / 10, $"only {probe.Reached.Count} of {probe.Fields.Count} root fields answered with data");
    }

    /// <summary>Sends the calls one by one and keeps what each proved.</summary>
    private sealed class Probe(ShopAppFactory app, KnownIds ids)
    {
        private readonly HttpClient _client = app.CreateClient();
        private int _logLinesSeen;

        public int Calls { get; private set; }
        public HashSet<string> Fields { get; } = [];
        public HashSet<string> Reached { get; } = [];
        public List<string> Failures { get; } = [];

        public async Task SendAsync(string path, ProbeCall call, AuthenticationHeaderValue? auth)
        {
            Calls++;
            var key = $"{call.Schema.Split(' ')[0]}.{call.Field}";
            Fields.Add(key);
            var response = await app.PostAsync(path, call.Document, call.Variables, auth, _client);
            ids.Harvest(response.Data);
            if (response.Status == 200 && response.Data?[call.Field] is not null) Reached.Add(key);

            var lines = app.Logs.Lines;
            var errors = lines.Skip(_logLinesSeen).Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
            _logLinesSeen = lines.Count;
            // Signed in, the storefront offers nothing the member is always refused (see StaffOnlyFields).
            var denied = auth is { Scheme: "Bearer" } && response.Errors?.Any(e => e?["extensions"]?["code"]?.GetValue<string>() == "ACCESS_DENIED") == true;
            if (response.Status >= 500 || errors.Count > 0 || denied)
            {
                var variables = System.Text.Json.JsonSerializer.Serialize(call.Variables);
                Failures.Add($"{call.Schema} {call.Field} [{call.Strategy}] → HTTP {response.Status}\n  {call.Document}\n  variables: {Cut(variables, 400)}\n" +
                    $"  answer: {Cut(response.Body?.ToJsonString() ?? "", 400)}\n  log: {Cut(string.Join(" | ", errors), 1_200)}");
            }
        }

        private static string Cut(string text, int length) => text.Length <= length ? text : text[..length] + "…";
    }
}

using System.Text.Json.Nodes;
using Shop.Testing;

namespace Shop.Members.Tests;

public class LoginTests
{
    private const string Login = "mutation($p: String!, $c: String!, $profile: LoginProfileInput) { login(input: {provider: $p, code: $c, profile: $profile}) { token member { id displayName phone city } errors { code message field } } }";

    private static JsonNode Payload(GraphQLResponse r) => r.Data!["login"]!;

    [Fact]
    public async Task Dev_login_creates_the_member_once_and_me_returns_it()
    {
        using var app = new ShopAppFactory();

        var first = await app.StorefrontAsync(Login, new { p = "dev", c = "13800000000", profile = new { displayName = "小王", city = "杭州" } });
        var again = await app.StorefrontAsync(Login, new { p = "dev", c = "+86 138 0000 0000" });
        var token = Payload(first)["token"]!.GetValue<string>();
        var me = await app.StorefrontAsync("{ me { id displayName phone city identities { provider subject } } }", token: token);

        Assert.Empty(Payload(first)["errors"]!.AsArray());
        Assert.Equal(Payload(first)["member"]!["id"]!.GetValue<string>(), Payload(again)["member"]!["id"]!.GetValue<string>());
        Assert.Equal("小王", me.Data!["me"]!["displayName"]!.GetValue<string>());
        Assert.Equal("138****0000", me.Data["me"]!["phone"]!.GetValue<string>());
        Assert.Equal("杭州", me.Data["me"]!["city"]!.GetValue<string>());
        Assert.Equal("138****0000", me.Data["me"]!["identities"]![0]!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_login_payload_shows_the_signed_in_members_own_data()
    {
        using var app = new ShopAppFactory();
        const string WithOwnData = "mutation { login(input: {provider: \"dev\", code: \"13800000077\"}) { token member { id tier { level } checkIn { streak } points { balance } coupons { totalCount } redemptions { totalCount } } errors { code } } }";

        var signedIn = await app.StorefrontAsync(WithOwnData);
        var later = await app.StorefrontAsync("{ me { points { balance } } }");

        Assert.True(signedIn.Errors is null, signedIn.ToString());
        Assert.Equal(0, Payload(signedIn)["member"]!["points"]!["balance"]!.GetValue<long>());
        Assert.NotNull(Payload(signedIn)["member"]!["tier"]);
        Assert.NotNull(Payload(signedIn)["member"]!["checkIn"]);
        Assert.Null(later.Data!["me"]); // being signed in lasted only for that request's payload
    }

    [Fact]
    public async Task Anonymous_me_is_null()
    {
        using var app = new ShopAppFactory();
        var me = await app.StorefrontAsync("{ me { id } }");
        Assert.Null(me.Data!["me"]);
    }

    [Theory]
    [InlineData("dev", "not-a-phone", "INVALID_CODE", "code")]
    [InlineData("wechat-web", "x", "UNKNOWN_PROVIDER", "provider")]
    [InlineData("miniprogram", "ok-1", "PROVIDER_DISABLED", "provider")] // no app id configured
    public async Task Login_failures_are_typed_errors(string provider, string code, string errorCode, string field)
    {
        using var app = new ShopAppFactory();
        var response = await app.StorefrontAsync(Login, new { p = provider, c = code });

        var error = Payload(response)["errors"]![0]!;
        Assert.Equal(errorCode, error["code"]!.GetValue<string>());
        Assert.Equal(field, error["field"]!.GetValue<string>());
        Assert.Null(Payload(response)["token"]);
    }

    [Fact]
    public async Task Dev_login_is_refused_when_switched_off()
    {
        using var app = new ShopAppFactory().WithSetting("Shop:Auth:DevLogin", "false");
        var response = await app.StorefrontAsync(Login, new { p = "dev", c = "13800000000" });
        Assert.Equal("PROVIDER_DISABLED", Payload(response)["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Profile_input_is_validated()
    {
        using var app = new ShopAppFactory();
        var response = await app.StorefrontAsync(Login, new { p = "dev", c = "13800000001", profile = new { birthday = "yesterday" } });
        var valid = await app.StorefrontAsync(Login, new { p = "dev", c = "13800000001", profile = new { birthday = "1990-02-28", gender = "robot" } });

        // birthday is a Date: a malformed one is refused before anything runs; other fields per field.
        Assert.Equal(400, response.Status);
        Assert.Contains("$profile.birthday", response.Errors![0]!["message"]!.GetValue<string>());
        Assert.Equal("profile.gender", Payload(valid)["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mini_program_login_exchanges_the_code_and_union_id_joins_identities()
    {
        await using var server = await MiniProgramServer.StartAsync();
        using var app = new ShopAppFactory()
            .WithSetting("Shop:Members:MiniProgram:AppId", "wx-test-app")
            .WithSetting("Shop:Members:MiniProgram:AppSecret", "test-app-secret-value")
            .WithSetting("Shop:Members:MiniProgram:Endpoint", server.Url);

        var first = await app.StorefrontAsync(Login, new { p = "miniprogram", c = "ok-A" });
        var sameUnion = await app.StorefrontAsync(Login, new { p = "miniprogram", c = "ok-B" });
        var solo = await app.StorefrontAsync(Login, new { p = "miniprogram", c = "solo-C" });
        var rejected = await app.StorefrontAsync(Login, new { p = "miniprogram", c = "expired" });

        var memberId = Payload(first)["member"]!["id"]!.GetValue<string>();
        Assert.Equal(memberId, Payload(sameUnion)["member"]!["id"]!.GetValue<string>());
        Assert.NotEqual(memberId, Payload(solo)["member"]!["id"]!.GetValue<string>());
        Assert.Equal("INVALID_CODE", Payload(rejected)["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains(server.Queries, q => q.Contains("js_code=ok-A") && q.Contains("grant_type=authorization_code"));

        var member = await app.AdminAsync("query($id: ID!) { member(id: $id) { registrationChannel identities { provider subject hasUnionId } } }", new { id = memberId });
        Assert.Equal("miniprogram", member.Data!["member"]!["registrationChannel"]!.GetValue<string>());
        Assert.Equal(["openid-A", "openid-B"], member.Data["member"]!["identities"]!.AsArray().Select(i => i!["subject"]!.GetValue<string>()));

        // The app secret travels in the query string: it must never reach the logs.
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("test-app-secret-value"));
    }

    [Fact]
    public async Task An_unreachable_mini_program_endpoint_is_a_typed_error()
    {
        using var app = new ShopAppFactory()
            .WithSetting("Shop:Members:MiniProgram:AppId", "wx-test-app")
            .WithSetting("Shop:Members:MiniProgram:AppSecret", "test-app-secret-value")
            .WithSetting("Shop:Members:MiniProgram:Endpoint", "http://127.0.0.1:9/sns/jscode2session");

        var response = await app.StorefrontAsync(Login, new { p = "miniprogram", c = "ok-A" });

        Assert.Equal("PROVIDER_UNAVAILABLE", Payload(response)["errors"]![0]!["code"]!.GetValue<string>());
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("test-app-secret-value"));
    }

    [Theory]
    [InlineData("html-1")]
    [InlineData("broken-1")]
    [InlineData("fail-1")]
    [InlineData("typed-1")]
    [InlineData("long-1")]
    [InlineData("nul-1")]
    public async Task A_broken_answer_from_the_mini_program_endpoint_is_a_typed_error_and_creates_no_one(string code)
    {
        await using var server = await MiniProgramServer.StartAsync();
        using var app = new ShopAppFactory()
            .WithSetting("Shop:Members:MiniProgram:AppId", "wx-test-app")
            .WithSetting("Shop:Members:MiniProgram:AppSecret", "test-app-secret-value")
            .WithSetting("Shop:Members:MiniProgram:Endpoint", server.Url);

        var response = await app.StorefrontAsync(
            "mutation($code: String!) { login(input: {provider: \"miniprogram\", code: $code}) { token errors { code field } } }", new { code });
        var members = await app.AdminAsync("{ members { totalCount } }");

        Assert.Equal(200, response.Status);
        Assert.Equal("PROVIDER_UNAVAILABLE", response.Data!["login"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Null(response.Data["login"]!["token"]);
        Assert.Equal(0, members.Data!["members"]!["totalCount"]!.GetValue<int>());
        Assert.DoesNotContain(app.Logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_first_logins_with_one_phone_create_exactly_one_member()
    {
        using var app = new ShopAppFactory();
        var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            app.PostAsync("/graphql", Login, new { p = "dev", c = "13900000030" }, null, client)));

        Assert.All(responses, r => Assert.Empty(Payload(r)["errors"]!.AsArray()));
        Assert.Single(responses.Select(r => Payload(r)["member"]!["id"]!.GetValue<string>()).Distinct());
        var count = await app.AdminAsync("{ members(filter: {phone: \"13900000030\"}) { totalCount } }");
        Assert.Equal(1, count.Data!["members"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Phone_numbers_never_appear_in_the_logs()
    {
        using var app = new ShopAppFactory();
        await app.StorefrontAsync(Login, new { p = "dev", c = "13912348765" });
        await app.AdminAsync("mutation { memberCreate(input: {displayName: \"Log check\", phone: \"13912348766\"}) { member { id } } }");

        Assert.NotEmpty(app.Logs.Lines);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("13912348765") || l.Contains("13912348766"));
    }
}

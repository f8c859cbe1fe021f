using Shop.Testing;

namespace Shop.Members.Tests;

public sealed class MembersFixture : IDisposable
{
    public ShopAppFactory App { get; } = new();
    public void Dispose() => App.Dispose();
}

public class AdminMembersTests(MembersFixture fixture) : IClassFixture<MembersFixture>
{
    private readonly ShopAppFactory _app = fixture.App;

    private const string Create = "mutation($i: MemberCreateInput!) { memberCreate(input: $i) { member { id displayName phone birthday gender city registrationChannel } errors { code field message } } }";
    private const string Update = "mutation($i: MemberUpdateInput!) { memberUpdate(input: $i) { member { id displayName phone city gender } errors { code field } } }";

    [Fact]
    public async Task Staff_create_a_member_and_see_the_phone_masked()
    {
        var response = await _app.AdminAsync(Create, new { i = new { displayName = "李雷", phone = "13611112222", birthday = "1992-03-04", gender = "male", city = "上海" } });

        var member = response.Data!["memberCreate"]!["member"]!;
        Assert.Equal("136****2222", member["phone"]!.GetValue<string>());
        Assert.Equal("admin", member["registrationChannel"]!.GetValue<string>());
        Assert.DoesNotContain("13611112222", response.Body!.ToJsonString());
    }

    [Fact]
    public async Task A_phone_belongs_to_one_member()
    {
        await _app.AdminAsync(Create, new { i = new { displayName = "A", phone = "13622223333" } });
        var duplicate = await _app.AdminAsync(Create, new { i = new { displayName = "B", phone = "136 2222 3333" } });
        var other = await _app.AdminAsync(Create, new { i = new { displayName = "C", phone = "13622224444" } });
        var otherId = other.Data!["memberCreate"]!["member"]!["id"]!.GetValue<string>();
        var stealing = await _app.AdminAsync(Update, new { i = new { id = otherId, phone = "13622223333" } });

        Assert.Equal("PHONE_TAKEN", duplicate.Data!["memberCreate"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("PHONE_TAKEN", stealing.Data!["memberUpdate"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_input_is_reported_per_field()
    {
        var response = await _app.AdminAsync(Create, new { i = new { displayName = "X", phone = "12345", gender = "robot" } });

        var fields = response.Data!["memberCreate"]!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>());
        Assert.Equal(["phone", "gender"], fields);
        Assert.Null(response.Data["memberCreate"]!["member"]);
    }

    [Fact]
    public async Task Updates_change_only_the_given_fields_and_empty_clears()
    {
        var created = await _app.AdminAsync(Create, new { i = new { displayName = "韩梅梅", city = "北京", gender = "female" } });
        var id = created.Data!["memberCreate"]!["member"]!["id"]!.GetValue<string>();

        var updated = await _app.AdminAsync(Update, new { i = new { id, displayName = "韩梅梅2", city = "" } });
        var missing = await _app.AdminAsync(Update, new { i = new { id = "mbr_missing", displayName = "x" } });

        var member = updated.Data!["memberUpdate"]!["member"]!;
        Assert.Equal("韩梅梅2", member["displayName"]!.GetValue<string>());
        Assert.Null(member["city"]);
        Assert.Equal("female", member["gender"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", missing.Data!["memberUpdate"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Members_filter_by_name_channel_and_phone_and_page_by_cursor()
    {
        for (var i = 0; i < 5; i++)
            await _app.AdminAsync(Create, new { i = new { displayName = $"Filter张{i}", phone = $"1370000100{i}", registrationChannel = i % 2 == 0 ? "store" : "app" } });

        var byName = await _app.AdminAsync("{ members(filter: {name: \"filter张\"}, first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { displayName phone } } } }");
        var cursor = byName.Data!["members"]!["pageInfo"]!["endCursor"]!.GetValue<string>();
        var next = await _app.AdminAsync("query($a: String) { members(filter: {name: \"FILTER张\"}, first: 2, after: $a) { edges { node { displayName } } } }", new { a = cursor });
        var byChannel = await _app.AdminAsync("{ members(filter: {name: \"Filter\", channel: \"store\"}) { totalCount } }");
        var byPhone = await _app.AdminAsync("{ members(filter: {phone: \"13700001003\"}) { totalCount edges { node { displayName phone } } } }");

        Assert.Equal(5, byName.Data["members"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(["Filter张4", "Filter张3"], byName.Data["members"]!["edges"]!.AsArray().Select(e => e!["node"]!["displayName"]!.GetValue<string>()));
        Assert.Equal(["Filter张2", "Filter张1"], next.Data!["members"]!["edges"]!.AsArray().Select(e => e!["node"]!["displayName"]!.GetValue<string>()));
        Assert.Equal(3, byChannel.Data!["members"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("137****1003", byPhone.Data!["members"]!["edges"]![0]!["node"]!["phone"]!.GetValue<string>());
        Assert.DoesNotContain("1370000100", byName.Body!.ToJsonString());
    }

    [Fact]
    public async Task A_page_of_members_loads_identities_in_one_batch()
    {
        for (var i = 0; i < 3; i++) await _app.LoginAsync($"1350000200{i}");

        var response = await _app.AdminAsync("{ members(filter: {phone: \"13500002001\"}) { edges { node { identities { provider subject } } } } all: members(first: 50) { edges { node { id identities { provider } } } } }");

        Assert.Null(response.Errors);
        Assert.Equal("phone", response.Data!["members"]!["edges"]![0]!["node"]!["identities"]![0]!["provider"]!.GetValue<string>());
        Assert.Contains(response.Data["all"]!["edges"]!.AsArray(), e => e!["node"]!["identities"]!.AsArray().Count == 1);
    }

    [Fact]
    public async Task Storefront_pages_are_capped_at_the_admin_limit_too()
    {
        var response = await _app.AdminAsync("{ members(first: 501) { totalCount } }");
        Assert.Equal("PAGE_SIZE_EXCEEDED", response.FirstErrorCode);
        var ok = await _app.AdminAsync("{ members(first: 500) { totalCount } }");
        Assert.Null(ok.Errors);
    }
}

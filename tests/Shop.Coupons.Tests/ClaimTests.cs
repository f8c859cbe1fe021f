namespace Shop.Coupons.Tests;

public sealed class ClaimTests : IDisposable
{
    private readonly CouponsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_claimed_coupon_is_in_the_wallet_with_its_rules_code_and_validity()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template());
        var (token, _) = await _app.MemberAsync();

        var claimed = await _app.ClaimAsync(token, templateId, "k1");

        claimed.NoErrors();
        var coupon = claimed["coupon"]!;
        Assert.Equal("AVAILABLE", coupon.Str("status"));
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", coupon.Str("code"));
        Assert.Equal(100_00, coupon.Long("thresholdFen"));
        Assert.Equal(10_00, coupon.Long("discountFen"));
        Assert.Equal("claim", coupon.Str("channel"));
        Assert.Equal(templateId, coupon["template"]!.Str("id"));
        // 7 merchant-local days counting the claim day: until Monday 2026-11-30 00:00 Shanghai.
        Assert.Equal(DateTimeOffset.Parse("2026-11-29T16:00:00Z"), DateTimeOffset.Parse(coupon.Str("validUntil")));
        var wallet = await _app.MyCouponsAsync(token);
        Assert.Equal(coupon.Str("id"), Assert.Single(wallet)!.Str("id"));
    }

    [Fact]
    public async Task A_replayed_key_returns_the_first_coupon_and_counts_once()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => t["perMemberLimit"] = 5));
        var (token, _) = await _app.MemberAsync();

        var first = await _app.ClaimAsync(token, templateId, "same");
        var again = await _app.ClaimAsync(token, templateId, "same");

        Assert.Equal(first["coupon"]!.Str("id"), again["coupon"]!.Str("id"));
        Assert.Single(await _app.MyCouponsAsync(token));
        Assert.Equal(1, (await _app.StatsAsync(templateId)).Long("issued"));
    }

    [Fact]
    public async Task A_key_reused_for_another_template_is_a_validation_error_not_the_first_coupon()
    {
        var a = await _app.PublishTemplateAsync(CouponsApp.Template("A"));
        var b = await _app.PublishTemplateAsync(CouponsApp.Template("B"));
        var (token, _) = await _app.MemberAsync();
        (await _app.ClaimAsync(token, a, "same")).NoErrors();

        var reused = await _app.ClaimAsync(token, b, "same");

        Assert.Null(reused["coupon"]);
        Assert.Equal("VALIDATION", reused.Code());
        Assert.Equal("idempotencyKey", reused["errors"]![0]!.Str("field"));
        Assert.Equal(0, (await _app.StatsAsync(b)).Long("issued"));
        Assert.Single(await _app.MyCouponsAsync(token));
    }

    [Fact]
    public async Task The_per_member_limit_and_the_total_are_typed_errors()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => { t["perMemberLimit"] = 2; t["totalQuantity"] = 3; }));
        var (a, _) = await _app.MemberAsync();
        var (b, _) = await _app.MemberAsync();

        (await _app.ClaimAsync(a, templateId, "a1")).NoErrors();
        (await _app.ClaimAsync(a, templateId, "a2")).NoErrors();
        Assert.Equal("LIMIT_REACHED", (await _app.ClaimAsync(a, templateId, "a3")).Code());
        (await _app.ClaimAsync(b, templateId, "b1")).NoErrors();
        Assert.Equal("OUT_OF_STOCK", (await _app.ClaimAsync(b, templateId, "b2")).Code());

        var stats = await _app.StatsAsync(templateId);
        Assert.Equal(3, stats.Long("issued"));
        Assert.Equal(0, stats.Long("remaining"));
        Assert.Equal(3, stats.Count("AVAILABLE"));
    }

    [Fact]
    public async Task The_claim_centre_shows_what_this_member_can_claim_and_why_not()
    {
        var open = await _app.PublishTemplateAsync(CouponsApp.Template("open", t => t["totalQuantity"] = 10));
        var gold = await _app.PublishTemplateAsync(CouponsApp.Template("gold only", t => t["tierMinimum"] = 3));
        var pushOnly = await _app.PublishTemplateAsync(CouponsApp.Template("push only", t => t["channels"] = new System.Text.Json.Nodes.JsonArray("push")));
        var later = await _app.PublishTemplateAsync(CouponsApp.Template("later", t => t["claimFrom"] = "2026-12-01T00:00:00Z"));
        var (token, _) = await _app.MemberAsync();
        (await _app.ClaimAsync(token, open, "k")).NoErrors();

        var centre = await _app.ClaimCentreAsync(token);

        var ids = centre.Select(t => t!.Str("id")).ToList();
        Assert.Contains(open, ids);
        Assert.Contains(gold, ids);
        Assert.DoesNotContain(pushOnly, ids);
        Assert.DoesNotContain(later, ids);
        var openView = centre.Single(t => t!.Str("id") == open)!;
        Assert.False(openView["canClaim"]!.GetValue<bool>());
        Assert.Equal("LIMIT_REACHED", openView.Str("reason"));
        Assert.Equal(9, openView.Long("remaining"));
        Assert.Equal(1, openView.Long("claimedByMe"));
        Assert.Equal("NOT_ELIGIBLE", centre.Single(t => t!.Str("id") == gold)!.Str("reason"));
        Assert.Equal("UNAUTHENTICATED", (await _app.ClaimCentreAsync(null)).Single(t => t!.Str("id") == open)!.Str("reason"));

        Assert.Equal("NOT_ELIGIBLE", (await _app.ClaimAsync(token, gold, "g")).Code());
        Assert.Equal("NOT_AVAILABLE", (await _app.ClaimAsync(token, pushOnly, "p")).Code());
        Assert.Equal("NOT_AVAILABLE", (await _app.ClaimAsync(token, later, "l")).Code());
        _app.Clock.SetUtcNow(DateTimeOffset.Parse("2026-12-01T00:00:00Z"));
        (await _app.ClaimAsync(token, later, "l2")).NoErrors();
    }

    [Fact]
    public async Task Unknown_templates_anonymous_members_and_bad_keys_are_refused()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template());
        var (token, _) = await _app.MemberAsync();

        Assert.Equal("NOT_FOUND", (await _app.ClaimAsync(token, "ci_missing", "k")).Code());
        Assert.Equal("UNAUTHENTICATED", (await _app.ClaimAsync(null, templateId, "k")).Code());
        Assert.Equal("VALIDATION", (await _app.ClaimAsync(token, templateId, "")).Code());
        Assert.Equal("VALIDATION", (await _app.ClaimAsync(token, templateId, new string('k', 200))).Code());
        var draft = (await _app.CreateTemplateAsync(CouponsApp.Template("draft"))).Data!["couponTemplateCreate"]!["item"]!.Str("id");
        Assert.Equal("NOT_FOUND", (await _app.ClaimAsync(token, draft, "d")).Code());
    }

    [Fact]
    public async Task An_audience_restricted_template_is_refused_for_an_unknown_audience()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => t["audienceId"] = "aud_vip"));
        var (token, _) = await _app.MemberAsync();

        Assert.Equal("NOT_ELIGIBLE", (await _app.ClaimAsync(token, templateId, "k")).Code());
    }

    [Fact]
    public async Task Editing_a_template_never_changes_coupons_already_issued()
    {
        var template = CouponsApp.Template();
        var templateId = await _app.PublishTemplateAsync(template);
        var (token, _) = await _app.MemberAsync();
        (await _app.ClaimAsync(token, templateId, "k")).NoErrors();

        var edited = CouponsApp.Template("满100减50", t => t["rules"]!["discountFen"] = 50_00);
        (await _app.UpdateTemplateAsync(templateId, edited)).NoErrors();
        (await _app.PublishAsync(templateId)).NoErrors();

        var coupon = Assert.Single(await _app.MyCouponsAsync(token))!;
        Assert.Equal(10_00, coupon.Long("discountFen"));
        Assert.Equal("满100减10", coupon.Str("title"));
    }

    [Fact]
    public async Task Lowering_the_total_below_what_was_issued_is_refused_at_publish()
    {
        var templateId = await _app.PublishTemplateAsync(CouponsApp.Template(change: t => { t["totalQuantity"] = 5; t["perMemberLimit"] = 0; }));
        var (token, _) = await _app.MemberAsync();
        for (var i = 0; i < 3; i++) (await _app.ClaimAsync(token, templateId, $"k{i}")).NoErrors();

        (await _app.UpdateTemplateAsync(templateId, CouponsApp.Template(change: t => { t["totalQuantity"] = 2; t["perMemberLimit"] = 0; }))).NoErrors();
        var refused = await _app.PublishAsync(templateId);
        Assert.Equal("totalQuantity", refused["errors"]![0]!.Str("field"));

        (await _app.UpdateTemplateAsync(templateId, CouponsApp.Template(change: t => { t["totalQuantity"] = 4; t["perMemberLimit"] = 0; }))).NoErrors();
        (await _app.PublishAsync(templateId)).NoErrors();
        (await _app.ClaimAsync(token, templateId, "k4")).NoErrors();
        Assert.Equal("OUT_OF_STOCK", (await _app.ClaimAsync(token, templateId, "k5")).Code());
    }

    [Fact]
    public async Task Invalid_templates_come_back_with_field_paths()
    {
        var created = await _app.CreateTemplateAsync(CouponsApp.Template("", t =>
        {
            t["rules"]!["kind"] = "percentOff";
            t["rules"]!["percentOff"] = 120;
            t["channels"] = new System.Text.Json.Nodes.JsonArray("carrier-pigeon");
            t["validity"] = new System.Text.Json.Nodes.JsonObject { ["mode"] = "fixed", ["days"] = 0, ["startNextDay"] = false };
        }));

        var fields = created.Data!["couponTemplateCreate"]!["errors"]!.AsArray().Select(e => e!["field"]?.GetValue<string>()).ToList();
        Assert.Contains("title", fields);
        Assert.Contains("rules.percentOff", fields);
        Assert.Contains("channels[0]", fields);
        Assert.Contains("validity.from", fields);
        Assert.Contains("validity.until", fields);
    }
}

namespace Shop.PointsMall.Tests;

/// <summary>Every typed refusal of redeemReward, each leaving points and stock as they were.</summary>
public class RefusalTests(MallFixture fixture) : IClassFixture<MallFixture>
{
    private readonly MallApp _app = fixture.App;

    [Fact]
    public async Task Without_enough_points_nothing_is_taken()
    {
        var rewardId = await _app.PublishRewardAsync("Pricey flask", r => r["pointsPrice"] = 1_000);
        var (token, _) = await _app.MemberWithPointsAsync("13960000001", 999);

        var payload = await _app.RedeemAsync(token, rewardId, "poor-1");

        Assert.Equal("INSUFFICIENT_POINTS", payload.Code());
        Assert.Null(payload["redemption"]);
        Assert.Equal(999, await _app.PointsAsync(token));
        Assert.Equal(10, (await _app.StockAsync(rewardId)).Long("stockLeft"));
    }

    [Fact]
    public async Task Beyond_the_stock_is_out_of_stock()
    {
        var rewardId = await _app.PublishRewardAsync("Last flasks", r => r["initialStock"] = 2);
        var (token, _) = await _app.MemberWithPointsAsync("13960000002", 1_000);

        var tooMany = await _app.RedeemAsync(token, rewardId, "stock-1", quantity: 3);
        var exactly = await _app.RedeemAsync(token, rewardId, "stock-2", quantity: 2);
        var none = await _app.RedeemAsync(token, rewardId, "stock-3");

        Assert.Equal("OUT_OF_STOCK", tooMany.Code());
        exactly.NoErrors();
        Assert.Equal("OUT_OF_STOCK", none.Code());
        Assert.Equal(800, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task The_lifetime_limit_counts_units()
    {
        var rewardId = await _app.PublishRewardAsync("Limited flask", r => r["perMemberLimit"] = 3);
        var (token, _) = await _app.MemberWithPointsAsync("13960000003", 1_000);

        var two = await _app.RedeemAsync(token, rewardId, "life-1", quantity: 2);
        var twoMore = await _app.RedeemAsync(token, rewardId, "life-2", quantity: 2);
        var lastOne = await _app.RedeemAsync(token, rewardId, "life-3");
        var overTheTop = await _app.RedeemAsync(token, rewardId, "life-4");
        var fourAtOnce = await _app.RedeemAsync(token, rewardId, "life-5", quantity: 4);

        two.NoErrors();
        Assert.Equal("LIMIT_REACHED", twoMore.Code());
        lastOne.NoErrors();
        Assert.Equal("LIMIT_REACHED", overTheTop.Code());
        Assert.Equal("LIMIT_REACHED", fourAtOnce.Code());
        Assert.Equal(700, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task The_daily_limit_renews_at_merchant_local_midnight()
    {
        var rewardId = await _app.PublishRewardAsync("Daily flask", r => r["perMemberDailyLimit"] = 1);
        var (token, _) = await _app.MemberWithPointsAsync("13960000004", 1_000);
        try
        {
            _app.Clock.SetUtcNow(DateTimeOffset.Parse("2026-11-24T15:59:00Z")); // 23:59 on the 24th in Shanghai
            var late = await _app.RedeemAsync(token, rewardId, "day-1");
            var sameDay = await _app.RedeemAsync(token, rewardId, "day-2");
            _app.Clock.SetUtcNow(DateTimeOffset.Parse("2026-11-24T16:00:00Z")); // 00:00 on the 25th, same UTC date
            var nextDay = await _app.RedeemAsync(token, rewardId, "day-3");

            Assert.Equal("2026-11-24", late.Redemption().Str("localDay"));
            Assert.Equal("LIMIT_REACHED", sameDay.Code());
            Assert.Equal("2026-11-25", nextDay.Redemption().Str("localDay"));
        }
        finally
        {
            _app.Clock.SetUtcNow(MallApp.Start);
        }
    }

    [Fact]
    public async Task Outside_its_window_a_reward_is_not_available()
    {
        var later = await _app.PublishRewardAsync("Future flask", r => r["availableFrom"] = "2026-12-01T00:00:00+08:00");
        var over = await _app.PublishRewardAsync("Past flask", r => { r["availableFrom"] = "2026-11-01T00:00:00+08:00"; r["availableUntil"] = "2026-11-23T10:00:00+08:00"; });
        var open = await _app.PublishRewardAsync("Open flask", r => { r["availableFrom"] = "2026-11-23T10:00:00+08:00"; r["availableUntil"] = "2026-11-23T10:00:01+08:00"; });
        var (token, _) = await _app.MemberWithPointsAsync("13960000005", 1_000);

        Assert.Equal("NOT_AVAILABLE", (await _app.RedeemAsync(token, later, "w-1")).Code());
        Assert.Equal("NOT_AVAILABLE", (await _app.RedeemAsync(token, over, "w-2")).Code()); // until is exclusive
        (await _app.RedeemAsync(token, open, "w-3")).NoErrors(); // from is inclusive
        Assert.Equal(900, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task Below_the_tier_minimum_a_member_is_not_eligible()
    {
        foreach (var (level, name, threshold) in new[] { (1, "Silver", 0L), (2, "Gold", 1_000L) })
        {
            var tier = await _app.App.AdminAsync("mutation($l: Int!, $n: String!, $t: Long!) { tierCreate(input: {level: $l, name: $n, threshold: $t, " +
                "benefits: {discountPercent: 0, pointsMultiplierPercent: 100, freeShipping: false, upgradeGiftPoints: 0, birthdayPoints: 0}}) { item { id } errors { code } } }",
                new { l = level, n = name, t = threshold });
            var published = await _app.App.AdminAsync("mutation($id: ID!) { tierPublish(input: {id: $id}) { errors { code message } } }",
                new { id = tier.Data!["tierCreate"]!["item"]!.Str("id") });
            Assert.Empty(published.Data!["tierPublish"]!["errors"]!.AsArray());
        }
        var rewardId = await _app.PublishRewardAsync("Gold flask", r => r["minTierLevel"] = 2);
        var (token, memberId) = await _app.MemberWithPointsAsync("13960000006", 1_000);

        var asSilver = await _app.RedeemAsync(token, rewardId, "tier-1");
        var set = await _app.App.AdminAsync("mutation($m: ID!) { tierSet(input: {memberId: $m, level: 2, reason: \"test\"}) { errors { code message } } }", new { m = memberId });
        Assert.Empty(set.Data!["tierSet"]!["errors"]!.AsArray());
        var asGold = await _app.RedeemAsync(token, rewardId, "tier-2");

        Assert.Equal("NOT_ELIGIBLE", asSilver.Code());
        asGold.NoErrors();
    }

    [Fact]
    public async Task Without_an_audiences_module_an_audience_reward_is_refused()
    {
        var rewardId = await _app.PublishRewardAsync("VIP flask", r => r["audienceId"] = FakeAudienceGate.Audience);
        var (token, _) = await _app.MemberWithPointsAsync("13960000007", 1_000);

        Assert.Equal("NOT_ELIGIBLE", (await _app.RedeemAsync(token, rewardId, "aud-1")).Code());
    }

    [Fact]
    public async Task Unknown_draft_and_archived_rewards_are_not_found()
    {
        var draft = (await _app.CreateRewardAsync(MallApp.Reward("Draft flask")))["item"]!.Str("id");
        var archived = await _app.PublishRewardAsync("Archived flask");
        var archive = await _app.App.AdminAsync("mutation($id: ID!) { rewardArchive(input: {id: $id}) { errors { code } } }", new { id = archived });
        Assert.Empty(archive.Data!["rewardArchive"]!["errors"]!.AsArray());
        var (token, _) = await _app.MemberWithPointsAsync("13960000008", 1_000);

        foreach (var (id, key) in new[] { ("ci_nonexistent", "nf-1"), (draft, "nf-2"), (archived, "nf-3") })
        {
            var payload = await _app.RedeemAsync(token, id, key);
            Assert.Equal("NOT_FOUND", payload.Code());
            Assert.Equal("rewardId", payload["errors"]![0]!.Str("field"));
        }
    }

    [Fact]
    public async Task Malformed_input_is_a_validation_error_and_anonymous_callers_must_sign_in()
    {
        var rewardId = await _app.PublishRewardAsync("Input flask");
        var (token, _) = await _app.MemberWithPointsAsync("13960000009", 1_000);

        var zero = await _app.RedeemAsync(token, rewardId, "q-0", quantity: 0);
        var hundred = await _app.RedeemAsync(token, rewardId, "q-100", quantity: 100);
        var noKey = await _app.RedeemAsync(token, rewardId, " ");
        var longKey = await _app.RedeemAsync(token, rewardId, new string('k', 101));
        var anonymous = await _app.RedeemAsync(null, rewardId, "anon-1");

        Assert.Equal(("VALIDATION", "quantity"), (zero.Code(), zero["errors"]![0]!.Str("field")));
        Assert.Equal("VALIDATION", hundred.Code());
        Assert.Equal(("VALIDATION", "idempotencyKey"), (noKey.Code(), noKey["errors"]![0]!.Str("field")));
        Assert.Equal("VALIDATION", longKey.Code());
        Assert.Equal("UNAUTHENTICATED", anonymous.Code());
        Assert.Equal(1_000, await _app.PointsAsync(token));
    }

    [Fact]
    public async Task A_malformed_request_is_a_4xx_never_a_500()
    {
        var (token, _) = await _app.MemberAsync("13960000010");

        var noInput = await _app.App.StorefrontAsync("mutation { redeemReward { errors { code } } }", token: token);
        var wrongType = await _app.App.StorefrontAsync("mutation { redeemReward(input: {rewardId: \"x\", quantity: \"two\", idempotencyKey: \"k\"}) { errors { code } } }", token: token);
        var badCursor = await _app.App.StorefrontAsync("{ rewards(after: \"%%%\") { totalCount } }");
        var bigPage = await _app.App.StorefrontAsync("{ rewards(first: 1000) { totalCount } }");

        Assert.Equal(400, noInput.Status);
        Assert.Equal(400, wrongType.Status);
        Assert.True(badCursor.Status is 200 or 400 && badCursor.FirstErrorCode == "INVALID_CURSOR", badCursor.ToString());
        Assert.Equal("PAGE_SIZE_EXCEEDED", bigPage.FirstErrorCode);
    }
}

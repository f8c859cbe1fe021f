using Shop.CheckIn.Models;
using Shop.Framework.Data;

namespace Shop.CheckIn.Services;

/// <summary>The SQL of check-in records and the per-member summary.</summary>
public sealed class CheckInStore(DbSession db)
{
    private const string Columns =
        "id AS Id, member_id AS MemberId, date AS Date, kind AS Kind, streak AS Streak, points_awarded AS PointsAwarded, " +
        "growth_awarded AS GrowthAwarded, cost_points AS CostPoints, rewards AS Rewards, rule_version AS RuleVersion, " +
        "idempotency_key AS IdempotencyKey, created_at AS CreatedAt";

    public DbSession Db => db;

    /// <summary>
    /// Takes the member's summary row (creating it) as the first write of the transaction. On
    /// PostgreSQL its row lock queues the member's concurrent check-ins behind each other, so the
    /// streak, cycle count and make-up allowance they read are never stale; SQLite's IMMEDIATE
    /// transactions queue all writers already.
    /// </summary>
    public Task LockMemberAsync(string memberId, long now) =>
        db.ExecuteAsync(
            "INSERT INTO checkin_members (member_id, total_days, makeups, last_date, updated_at) VALUES (@memberId, 0, 0, NULL, @now) " +
            "ON CONFLICT (member_id) DO UPDATE SET updated_at = excluded.updated_at",
            new { memberId, now });

    /// <summary>
    /// Counts a checked-in <paramref name="day"/> in the member's summary, creating it: the total, the
    /// make-ups and the latest day. As a check-in's first statement it is also the member's lock
    /// (see <see cref="LockMemberAsync"/>), the count and the lock in one; the caller rolls it back
    /// with the rest when the day turns out taken. Nothing reads its result, so on PostgreSQL it
    /// travels with the next statement (<see cref="DbSession.ExecuteLaterAsync"/>).
    /// </summary>
    public Task CountDayAsync(string memberId, string day, bool makeUp, long now) =>
        db.ExecuteLaterAsync(
            "INSERT INTO checkin_members (member_id, total_days, makeups, last_date, updated_at) VALUES (@memberId, 1, @makeups, @day, @now) " +
            "ON CONFLICT (member_id) DO UPDATE SET total_days = checkin_members.total_days + 1, makeups = checkin_members.makeups + excluded.makeups, " +
            "updated_at = excluded.updated_at, " +
            "last_date = CASE WHEN checkin_members.last_date IS NULL OR checkin_members.last_date < excluded.last_date THEN excluded.last_date ELSE checkin_members.last_date END",
            new { memberId, day, makeups = makeUp ? 1 : 0, now });

    /// <summary>
    /// Takes back a count of <see cref="CountDayAsync"/> for a day that turned out taken. The latest
    /// day stays: a taken day is one the summary already counted, so the count moved no later day.
    /// </summary>
    public Task UncountDayAsync(string memberId) =>
        db.ExecuteLaterAsync("UPDATE checkin_members SET total_days = total_days - 1 WHERE member_id = @memberId", new { memberId }, expectRows: 1);

    public Task<CheckInRecord?> ByKeyAsync(string memberId, string idempotencyKey) =>
        db.QuerySingleOrDefaultAsync<CheckInRecord>(
            $"SELECT {Columns} FROM checkin_records WHERE member_id = @memberId AND idempotency_key = @idempotencyKey",
            new { memberId, idempotencyKey });

    /// <summary>The member's records from <paramref name="from"/> to <paramref name="to"/>, inclusive, by date.</summary>
    public async Task<IReadOnlyList<CheckInRecord>> RangeAsync(string memberId, DateOnly from, DateOnly to) =>
        (await db.QueryAsync<CheckInRecord>(
            $"SELECT {Columns} FROM checkin_records WHERE member_id = @memberId AND date >= @from AND date <= @to ORDER BY date",
            new { memberId, from = CheckInDates.Text(from), to = CheckInDates.Text(to) })).ToList();

    /// <summary>What a check-in today builds on, in one round trip: today taken, yesterday's streak, the cycle so far.</summary>
    public async Task<CheckInStanding> StandingAsync(string memberId, DateOnly today, DateOnly cycleStart) =>
        (await db.QuerySingleOrDefaultAsync<CheckInStanding>(
            "SELECT (SELECT COUNT(*) FROM checkin_records WHERE member_id = @memberId AND date = @today) AS TodayCount, " +
            "(SELECT streak FROM checkin_records WHERE member_id = @memberId AND date = @yesterday) AS StreakYesterday, " +
            "(SELECT COUNT(*) FROM checkin_records WHERE member_id = @memberId AND date >= @cycleStart) AS CycleCount",
            new { memberId, today = CheckInDates.Text(today), yesterday = CheckInDates.Text(today.AddDays(-1)), cycleStart = CheckInDates.Text(cycleStart) }))!;

    public Task<long> CountAsync(string memberId, DateOnly from, string? kind = null) =>
        db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM checkin_records WHERE member_id = @memberId AND date >= @from" + (kind is null ? "" : " AND kind = @kind"),
            new { memberId, from = CheckInDates.Text(from), kind });

    /// <summary>
    /// Make-ups the member has made in the allowance period containing <paramref name="today"/>,
    /// counted by when they were made: a rolling cycle's make-up can reach back into the previous
    /// month, and counting it by the day made up would let it escape both months' allowance.
    /// </summary>
    public Task<long> MakeUpsUsedAsync(string memberId, ActiveProgram active, DateOnly today) =>
        db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM checkin_records WHERE member_id = @memberId AND kind = @kind AND created_at >= @since",
            new { memberId, kind = CheckInKinds.MakeUp, since = active.Calendar.StartOf(CycleMath.AllowanceStart(active.Program.Cycle, today)) });

    /// <summary>Inserts unless the member already has that day (or that key); false when it lost.</summary>
    public async Task<bool> TryInsertAsync(CheckInRecord record) => await db.ExecuteAsync(InsertSql, record) == 1;

    /// <summary>
    /// Inserts the record, or throws <paramref name="whenTaken"/>'s exception (rolling the transaction
    /// back) when the member already has that day or that key; on PostgreSQL it travels with the
    /// next statement, so the loss is noticed there.
    /// </summary>
    public Task InsertOrThrowAsync(CheckInRecord record, Func<Exception> whenTaken) =>
        db.ExecuteLaterAsync(InsertSql, record, expectRows: 1, mismatch: whenTaken);

    private const string InsertSql =
        "INSERT INTO checkin_records (id, member_id, date, kind, streak, points_awarded, growth_awarded, cost_points, rewards, rule_version, idempotency_key, created_at) " +
        "VALUES (@Id, @MemberId, @Date, @Kind, @Streak, @PointsAwarded, @GrowthAwarded, @CostPoints, @Rewards, @RuleVersion, @IdempotencyKey, @CreatedAt) ON CONFLICT DO NOTHING";

    /// <summary>Adds <paramref name="by"/> to the streak of the member's records in (after, through].</summary>
    public Task ExtendStreaksAsync(string memberId, DateOnly after, DateOnly through, long by) =>
        db.ExecuteAsync(
            "UPDATE checkin_records SET streak = streak + @by WHERE member_id = @memberId AND date > @after AND date <= @through",
            new { memberId, after = CheckInDates.Text(after), through = CheckInDates.Text(through), by });

    public Task<MemberCheckInSummary?> SummaryAsync(string memberId) =>
        db.QuerySingleOrDefaultAsync<MemberCheckInSummary>(
            "SELECT member_id AS MemberId, total_days AS TotalDays, makeups AS MakeUps, last_date AS LastDate FROM checkin_members WHERE member_id = @memberId",
            new { memberId });

    public async Task<IReadOnlyList<MemberCheckInSummary>> SummariesAsync(IReadOnlyCollection<string> memberIds) =>
        (await db.QueryAsync<MemberCheckInSummary>(
            $"SELECT member_id AS MemberId, total_days AS TotalDays, makeups AS MakeUps, last_date AS LastDate FROM checkin_members WHERE {db.In("member_id", "ids")}",
            new { ids = memberIds.ToArray() })).ToList();

    /// <summary>Each member's latest checked-in day and that record's streak (members who never checked in are absent).</summary>
    public async Task<IReadOnlyList<LatestCheckIn>> LatestAsync(IReadOnlyCollection<string> memberIds) =>
        (await db.QueryAsync<LatestCheckIn>(
            "SELECT m.member_id AS MemberId, m.last_date AS Date, r.streak AS Streak FROM checkin_members m " +
            $"JOIN checkin_records r ON r.member_id = m.member_id AND r.date = m.last_date WHERE {db.In("m.member_id", "ids")}",
            new { ids = memberIds.ToArray() })).ToList();

    /// <summary>Records of many members since a day (for batched status).</summary>
    public async Task<IReadOnlyList<CheckInRecord>> SinceAsync(IReadOnlyCollection<string> memberIds, DateOnly from) =>
        (await db.QueryAsync<CheckInRecord>(
            $"SELECT {Columns} FROM checkin_records WHERE {db.In("member_id", "ids")} AND date >= @from",
            new { ids = memberIds.ToArray(), from = CheckInDates.Text(from) })).ToList();

    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(IReadOnlyCollection<string> memberIds, DateOnly from) =>
        (await db.QueryAsync<(string MemberId, long Count)>(
            $"SELECT member_id, COUNT(*) FROM checkin_records WHERE {db.In("member_id", "ids")} AND date >= @from GROUP BY member_id",
            new { ids = memberIds.ToArray(), from = CheckInDates.Text(from) })).ToDictionary(r => r.MemberId, r => r.Count);

    /// <summary>The day's totals, through the expression index on <c>substr(date, 1, 10)</c> (see M202612035001_DayStatsIndex).</summary>
    public Task<CheckInDayStats> StatsAsync(DateOnly day) =>
        db.QuerySingleOrDefaultAsync<CheckInDayStats>(
            // PostgreSQL sums BIGINT as NUMERIC: cast back so both databases hand Dapper a long.
            "SELECT COUNT(*) AS CheckIns, CAST(COALESCE(SUM(CASE WHEN kind = @makeup THEN 1 ELSE 0 END), 0) AS BIGINT) AS MakeUps, " +
            "CAST(COALESCE(SUM(points_awarded), 0) AS BIGINT) AS PointsAwarded, CAST(COALESCE(SUM(growth_awarded), 0) AS BIGINT) AS GrowthAwarded, " +
            "CAST(COALESCE(SUM(cost_points), 0) AS BIGINT) AS PointsSpent FROM checkin_records WHERE substr(date, 1, 10) = @date",
            new { date = CheckInDates.Text(day), makeup = CheckInKinds.MakeUp })!;
}

public sealed record CheckInStanding
{
    public long TodayCount { get; init; }
    public long? StreakYesterday { get; init; }
    public long CycleCount { get; init; }
    public bool CheckedInToday => TodayCount > 0;
}

public sealed record LatestCheckIn
{
    public string MemberId { get; init; } = "";
    public string Date { get; init; } = "";
    public long Streak { get; init; }
}

public sealed record MemberCheckInSummary(string MemberId, long TotalDays, long MakeUps, string? LastDate);

public sealed record CheckInDayStats
{
    public string Date { get; init; } = "";
    public long CheckIns { get; init; }
    public long MakeUps { get; init; }
    public long PointsAwarded { get; init; }
    public long GrowthAwarded { get; init; }
    public long PointsSpent { get; init; }
}

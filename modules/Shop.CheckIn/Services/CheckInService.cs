using System.Text.Json;
using Shop.CheckIn.Models;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Members.Indexing;
using Shop.Points.Services;
using Shop.Tiers.Services;

namespace Shop.CheckIn.Services;

/// <summary>
/// Checking in and making up a missed day. Each call is one transaction: the record, the
/// summary, the make-up cost and the points and growth awarded commit together or not at all.
/// One check-in per member per local day is the unique (member_id, date) index's decision;
/// a replayed idempotency key returns the first record.
/// </summary>
public sealed class CheckInService(CheckInStore store, CheckInPrograms programs, IPointsLedger points, IGrowthLedger growth, MemberDocumentQueue documents, TimeProvider clock)
{
    public const string SourceType = "checkin";
    private const int MaxKeyLength = 100;

    public async Task<CheckInResult> CheckInAsync(string? memberId, string? idempotencyKey)
    {
        if (memberId is null) return CheckInResult.Fail(ErrorCodes.Unauthenticated);
        if (KeyError(idempotencyKey) is { } keyError) return keyError;
        if (await programs.CurrentAsync() is not { } active) return await ReplayOrFailAsync(memberId, idempotencyKey!, CheckInErrorCodes.NotAvailable);

        var today = active.Calendar.Today();
        // The summary counts the day as it takes the member's lock (one statement instead of two); a
        // day found taken after that is uncounted (a taken day is answered without an exception, so
        // that it never rolls back the check-ins it shares a transaction with).
        return await InTransactionAsync(memberId, idempotencyKey!, now => store.CountDayAsync(memberId, CheckInDates.Text(today), makeUp: false, now), async now =>
        {
            var standing = await store.StandingAsync(memberId, today, CycleMath.CycleStart(active.Program.Cycle, today));
            if (standing.CheckedInToday)
            {
                await store.UncountDayAsync(memberId);
                return null;
            }
            var streak = (int)(standing.StreakYesterday ?? 0) + 1;
            var cycleCount = (int)standing.CycleCount + 1;
            var record = NewRecord(memberId, today, CheckInKinds.Normal, streak, 0, active,
                CheckInRules.Rewards(active.Program, CheckInKinds.Normal, streak, cycleCount), idempotencyKey!, now);
            await store.InsertOrThrowAsync(record, CheckInRefused.DayTaken);
            await AwardAsync(record);
            await documents.EnqueueAsync(record.MemberId);
            return CheckInResult.Ok(record);
        }, shared: true);
    }

    /// <summary>
    /// Checks in on a missed past day for the programme's cost in points. The day must be within
    /// MaxDaysBack of today and in the current cycle. It re-links streaks: the make-up day's
    /// streak is the run ending the day before plus one, and every record of the run that
    /// follows it (up to the next gap) has its streak raised by that amount. Awards already
    /// made on those later days stay as they were; the next check-in builds on the longer streak.
    /// </summary>
    public async Task<CheckInResult> MakeUpAsync(string? memberId, string? date, string? idempotencyKey)
    {
        if (memberId is null) return CheckInResult.Fail(ErrorCodes.Unauthenticated);
        if (KeyError(idempotencyKey) is { } keyError) return keyError;
        if (!CheckInDates.TryParse(date, out var day))
            return new CheckInResult(null, [new UserError(ErrorCodes.Validation, "Date must be yyyy-MM-dd.", "date")]);
        if (await programs.CurrentAsync() is not { } active) return await ReplayOrFailAsync(memberId, idempotencyKey!, CheckInErrorCodes.NotAvailable);

        var program = active.Program;
        if (await store.ByKeyAsync(memberId, idempotencyKey!) is { } replay) return CheckInResult.Ok(replay);
        var today = active.Calendar.Today();
        if (CheckInRules.MakeUpWindowError(program, today, day) is { } windowError) return CheckInResult.Fail(windowError, "date");

        return await InTransactionAsync(memberId, idempotencyKey!, now => store.LockMemberAsync(memberId, now), async now =>
        {
            if (await store.ByKeyAsync(memberId, idempotencyKey!) is { } concurrent) return CheckInResult.Ok(concurrent);
            var around = await store.RangeAsync(memberId, day.AddDays(-1), today);
            if (around.Any(r => r.Day == day)) return CheckInResult.Fail(CheckInErrorCodes.AlreadyCheckedIn, "date");
            var used = await store.MakeUpsUsedAsync(memberId, active, today);
            if (used >= program.MakeUp.MaxPerCycle) return CheckInResult.Fail(CheckInErrorCodes.MakeUpLimitReached);

            var streak = (int)(around.FirstOrDefault(r => r.Day == day.AddDays(-1))?.Streak ?? 0) + 1;
            var cycleCount = (int)await store.CountAsync(memberId, CycleMath.CycleStart(program.Cycle, today)) + 1;
            var record = NewRecord(memberId, day, CheckInKinds.MakeUp, streak, program.MakeUp.CostPoints, active,
                CheckInRules.Rewards(program, CheckInKinds.MakeUp, streak, cycleCount), idempotencyKey!, now);
            if (!await store.TryInsertAsync(record)) return CheckInResult.Fail(CheckInErrorCodes.AlreadyCheckedIn, "date");

            // The cost is paid from what the member had before this day's award (growth first: see AwardAsync).
            await AwardGrowthAsync(record);
            if (record.CostPoints > 0)
            {
                var spent = await points.SpendAsync(new PointsCharge(memberId, record.CostPoints, SourceType, record.Id,
                    $"checkin:{record.Id}:makeup", $"Make-up check-in for {record.Date}"));
                if (!spent.Succeeded) throw new CheckInRefused(spent.Errors);
            }
            await AwardPointsAsync(record);

            var runEnd = day;
            foreach (var later in around.Where(r => r.Day > day).OrderBy(r => r.Day))
            {
                if (later.Day != runEnd.AddDays(1)) break;
                runEnd = later.Day;
            }
            if (runEnd > day) await store.ExtendStreaksAsync(memberId, day, runEnd, streak);
            await store.CountDayAsync(memberId, record.Date, makeUp: true, now);
            await documents.EnqueueAsync(memberId);
            return CheckInResult.Ok(record);
        });
    }

    /// <summary>
    /// Runs the write under the member's lock (<paramref name="lockMember"/> takes it, as the first
    /// statement): a concurrent call with the same key that got there first has committed by the
    /// time the lock is ours, so the work's own look-ups see it. A work that finds the day taken
    /// answers null. <paramref name="shared"/>: on PostgreSQL the transaction may carry other members'
    /// check-ins too (<see cref="DbSession.InSharedTransactionAsync"/>), one round trip for all of theirs.
    /// </summary>
    private async Task<CheckInResult> InTransactionAsync(string memberId, string idempotencyKey, Func<long, Task> lockMember,
        Func<long, Task<CheckInResult?>> work, bool shared = false)
    {
        async Task<CheckInResult?> Locked()
        {
            var now = clock.NowMs();
            await lockMember(now);
            return await work(now);
        }
        try
        {
            var result = shared ? await store.Db.InSharedTransactionAsync(memberId, Locked) : await store.Db.InTransactionAsync(Locked);
            return result ?? await ReplayOrFailAsync(memberId, idempotencyKey, CheckInErrorCodes.AlreadyCheckedIn);
        }
        catch (CheckInRefused refused)
        {
            return refused.IsDayTaken ? await ReplayOrFailAsync(memberId, idempotencyKey, CheckInErrorCodes.AlreadyCheckedIn) : CheckInResult.Fail(refused.Errors);
        }
    }

    /// <summary>
    /// A replay of the key returns its first record, else the call fails with <paramref name="code"/>.
    /// Check-in looks the key up only when today is taken or its insert lost (a first check-in costs
    /// no key query); a replay still returns its record after the programme is withdrawn.
    /// </summary>
    private async Task<CheckInResult> ReplayOrFailAsync(string memberId, string idempotencyKey, string code) =>
        await store.ByKeyAsync(memberId, idempotencyKey) is { } replay ? CheckInResult.Ok(replay) : CheckInResult.Fail(code);

    // Lock order across modules is growth (tier_members) before points (points_accounts), the
    // order a tier upgrade's gift takes too; the reverse order here could deadlock on PostgreSQL
    // against a concurrent growth adjustment of the same member.
    private async Task AwardAsync(CheckInRecord record)
    {
        await AwardGrowthAsync(record);
        await AwardPointsAsync(record);
    }

    private static string Reason(CheckInRecord record) =>
        record.Kind == CheckInKinds.MakeUp ? $"Make-up check-in {record.Date}" : $"Check-in {record.Date}";

    private async Task AwardGrowthAsync(CheckInRecord record)
    {
        if (record.GrowthAwarded <= 0) return;
        var grown = await growth.AddAsync(new GrowthGrant(record.MemberId, record.GrowthAwarded, SourceType, record.Id,
            $"checkin:{record.Id}", Reason(record), FreshKey: true));
        if (!grown.Succeeded) throw new CheckInRefused(grown.Errors);
    }

    private async Task AwardPointsAsync(CheckInRecord record)
    {
        if (record.PointsAwarded <= 0) return;
        var granted = await points.GrantAsync(new PointsGrant(record.MemberId, record.PointsAwarded, SourceType, record.Id,
            $"checkin:{record.Id}", Reason(record), record.RuleVersion, FreshKey: true));
        if (!granted.Succeeded) throw new CheckInRefused(granted.Errors);
    }

    private static CheckInRecord NewRecord(string memberId, DateOnly day, string kind, int streak, long cost, ActiveProgram active,
        IReadOnlyList<RewardLine> rewards, string idempotencyKey, long now) => new()
    {
        Id = Ids.New("chk"),
        MemberId = memberId,
        Date = CheckInDates.Text(day),
        Kind = kind,
        Streak = streak,
        PointsAwarded = rewards.Sum(r => r.Points),
        GrowthAwarded = rewards.Sum(r => r.Growth),
        CostPoints = cost,
        Rewards = JsonSerializer.Serialize(rewards, CheckInDates.Json),
        RuleVersion = active.VersionId,
        IdempotencyKey = idempotencyKey,
        CreatedAt = now,
    };

    private static CheckInResult? KeyError(string? key) =>
        string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength
            ? new CheckInResult(null, [new UserError(ErrorCodes.Validation, $"idempotencyKey must be 1 to {MaxKeyLength} characters.", "idempotencyKey")])
            : null;
}

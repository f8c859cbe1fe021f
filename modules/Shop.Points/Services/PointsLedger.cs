using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Time;

namespace Shop.Points.Services;

/// <summary>
/// Grants, spends and returns. Each call joins the caller's transaction; the account row is the
/// member's lock (see <see cref="PointsBook"/>). Replays of a key return the first entry.
/// </summary>
public sealed class PointsLedger(PointsBook book, PointsProgramSource programs, MerchantCalendar calendar) : IPointsLedger
{
    /// <summary>Source type of the entry that returns a whole spend; its source id is the spend entry.</summary>
    public const string SpendReturnSource = "spend.return";

    /// <summary>
    /// Returns already made of a spend. Kind and source are constants in the text so that the
    /// partial index holding only such returns serves it (M202612049001_LedgerQueryIndexes).
    /// </summary>
    public const string SpendReturnsSql =
        "SELECT COUNT(*) FROM points_entries WHERE member_id = @memberId AND kind = '" + PointsKinds.Reverse + "' " +
        "AND source_type = '" + SpendReturnSource + "' AND source_id = @id";

    public Task<PointsResult> GrantAsync(PointsGrant grant) => GrantAsync(grant, PointsKinds.Earn, null);

    /// <summary>A grant of <paramref name="kind"/> (earn or adjust), as an active lot with the programme's expiry.</summary>
    public async Task<PointsResult> GrantAsync(PointsGrant grant, string kind, string? actor)
    {
        if (grant.Points <= 0) return PointsResult.Fail(ErrorCodes.Validation, "Points to grant must be positive.", "points");
        var (program, _) = await programs.CurrentAsync();
        return await book.Db.InTransactionAsync(async () =>
        {
            var entry = NewEntry(grant.MemberId, kind, grant.Points, grant.SourceType, grant.SourceId, grant.IdempotencyKey, grant.Reason, actor)
                with { RuleVersionId = grant.RuleVersionId, MultiplierPercent = grant.MultiplierPercent };
            // The credit takes the account lock; under it a taken key can only be an earlier call's:
            // take the credit back and answer as that call did.
            var balanceAfter = await book.CreditAsync(entry);
            if (grant.FreshKey) await book.AppendAsync(entry);
            else if (!await book.TryAppendAsync(entry))
            {
                await book.UncreditAsync(entry);
                return PointsResult.Ok((await book.FindAsync(grant.MemberId, grant.IdempotencyKey))!);
            }
            await book.PlaceInNewLotAsync(entry.MemberId, entry.Id, grant.Points, PointsRules.ExpiresAt(program, calendar, entry.CreatedAt), balanceAfter);
            return PointsResult.Ok(entry);
        });
    }

    public Task<PointsResult> SpendAsync(PointsCharge charge) => SpendAsync(charge, PointsKinds.Spend, null);

    /// <summary>
    /// Takes points from active lots, earliest expiry first. The guarded balance update decides:
    /// concurrent spends queue on the account row and the loser sees the balance the winner left.
    /// A replay is found where the take or the append fails, so a first call costs no key lookup.
    /// </summary>
    public async Task<PointsResult> SpendAsync(PointsCharge charge, string kind, string? actor)
    {
        if (charge.Points <= 0) return PointsResult.Fail(ErrorCodes.Validation, "Points to spend must be positive.", "points");
        return await book.Db.InTransactionAsync(async () =>
        {
            if (await TakeSpendableAsync(charge.MemberId, charge.Points) is not { } lots)
            {
                return await book.FindAsync(charge.MemberId, charge.IdempotencyKey) is { } first
                    ? PointsResult.Ok(first)
                    : PointsResult.Fail(PointsErrorCodes.InsufficientPoints, "Not enough points.", "points");
            }
            var entry = NewEntry(charge.MemberId, kind, -charge.Points, charge.SourceType, charge.SourceId, charge.IdempotencyKey, charge.Reason, actor);
            if (charge.FreshKey) await book.AppendAsync(entry);
            else if (!await book.TryAppendAsync(entry))
            {
                // A replay: give the points back, answer as the first call did.
                await book.ReturnBalanceAsync(charge.MemberId, charge.Points);
                return PointsResult.Ok((await book.FindAsync(charge.MemberId, charge.IdempotencyKey))!);
            }
            await book.DrawAsync(charge.MemberId, entry.Id, charge.Points, lots);
            return PointsResult.Ok(entry);
        });
    }

    /// <summary>
    /// Takes <paramref name="points"/> from the spendable balance (which must hold at least
    /// <paramref name="minimum"/>) and returns the active lots to draw them from, or null when the
    /// balance is short. Lots past their expiry that the expiry task has not reached yet must not be
    /// spent: they are noticed among the lots read for the draw anyway, so the check costs nothing
    /// until a lot is due; then the take is undone, the lots expired and the take tried again.
    /// </summary>
    internal async Task<List<PointsLot>?> TakeSpendableAsync(string memberId, long points, long minimum = 0)
    {
        if (!await book.TryTakeBalanceAsync(memberId, points, minimum)) return null;
        var lots = await book.DrawableLotsAsync(memberId);
        var now = book.Now();
        if (!lots.Any(l => l.ExpiresAt <= now)) return lots;
        await book.ReturnBalanceAsync(memberId, points);
        await ExpireDueAsync(memberId);
        return await book.TryTakeBalanceAsync(memberId, points, minimum) ? await book.DrawableLotsAsync(memberId) : null;
    }

    public async Task<PointsResult> ReturnSpendAsync(string memberId, string spendIdempotencyKey, string idempotencyKey, string reason)
    {
        var (program, _) = await programs.CurrentAsync();
        return await book.Db.InTransactionAsync(async () =>
        {
            await book.LockAsync(memberId);
            if (await book.FindAsync(memberId, idempotencyKey) is { } first) return PointsResult.Ok(first);
            var spend = await book.FindAsync(memberId, spendIdempotencyKey);
            if (spend is null || spend.Delta >= 0 || spend.Kind is not (PointsKinds.Spend or PointsKinds.Adjust))
                return PointsResult.Fail(ErrorCodes.NotFound, $"No spend with key '{spendIdempotencyKey}'.", "spendIdempotencyKey");
            var returned = await book.Db.ExecuteScalarAsync<long>(SpendReturnsSql, new { memberId, id = spend.Id });
            if (returned > 0) return PointsResult.Fail(ErrorCodes.Conflict, "That spend was already returned.", "spendIdempotencyKey");
            var entry = NewEntry(memberId, PointsKinds.Reverse, -spend.Delta, SpendReturnSource, spend.Id, idempotencyKey, reason, null);
            await book.AppendAsync(entry);
            await ReturnAsync(entry, spend.Id, -spend.Delta, program);
            return PointsResult.Ok(entry);
        });
    }

    public async Task<PointsBalance> GetBalanceAsync(string memberId) =>
        await book.AccountAsync(memberId) ?? new PointsBalance(memberId, 0, 0, 0);

    public async Task<long> SpendableAsync(string memberId)
    {
        var balance = (await GetBalanceAsync(memberId)).Balance;
        if (balance <= 0) return 0;
        var dead = await book.Db.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(remaining), 0) FROM points_lots WHERE member_id = @memberId AND state = @active AND expires_at <= @now",
            new { memberId, now = book.Now(), active = LotStates.Active });
        return Math.Max(0, balance - dead);
    }

    /// <summary>Credits <paramref name="entry"/> (a return of points <paramref name="againstEntryId"/> took) and puts them back in lots.</summary>
    internal async Task ReturnAsync(PointsEntry entry, string againstEntryId, long points, Models.PointsProgram program)
    {
        var placeable = PointsBook.Placeable(await book.ApplyAsync(entry), points);
        if (placeable > 0)
            await book.ReturnToLotsAsync(entry.MemberId, entry.Id, againstEntryId, placeable, PointsRules.ExpiresAt(program, calendar, entry.CreatedAt));
    }

    /// <summary>
    /// Expires this member's lots whose expiry has passed, so a spend never draws on dead points
    /// even when the expiry task has not run yet. Takes the account lock first.
    /// </summary>
    public async Task<int> ExpireDueAsync(string memberId)
    {
        var now = book.Now();
        var due = (await book.Db.QueryAsync<string>(
            "SELECT id FROM points_lots WHERE member_id = @memberId AND state = @active AND expires_at <= @now",
            new { memberId, now, active = LotStates.Active })).ToList();
        if (due.Count == 0) return 0;
        await book.LockAsync(memberId);
        var expired = 0;
        foreach (var lotId in due)
        {
            var lot = await book.LotAsync(lotId);
            if (lot is null || lot.State != LotStates.Active) continue;
            await book.Db.ExecuteAsync("UPDATE points_lots SET state = @expired WHERE id = @lotId AND state = @active",
                new { lotId, expired = LotStates.Expired, active = LotStates.Active });
            if (lot.Remaining == 0) continue;
            var entry = NewEntry(memberId, PointsKinds.Expire, -lot.Remaining, "lot", lot.Id, $"expire:{lot.Id}", "Points expired", null);
            await book.AppendAsync(entry);
            await book.ApplyAsync(entry);
            await book.TakeFromLotAsync(lot.Id, memberId, entry.Id, lot.Remaining);
            expired++;
        }
        return expired;
    }

    internal PointsEntry NewEntry(string memberId, string kind, long delta, string sourceType, string sourceId, string key, string? reason, string? actor) => new()
    {
        Id = Ids.New("pe"),
        MemberId = memberId,
        Delta = delta,
        Kind = kind,
        SourceType = sourceType,
        SourceId = sourceId,
        IdempotencyKey = key,
        Reason = reason,
        Actor = actor,
        CreatedAt = book.Now(),
    };
}

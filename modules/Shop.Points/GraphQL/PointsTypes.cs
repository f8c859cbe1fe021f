using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Points.Services;

namespace Shop.Points.GraphQL;

/// <summary>A member's points; the source is the member id.</summary>
public sealed class PointsType : ObjectGraphType<string>
{
    public PointsType()
    {
        Name = "Points";
        Description = "A member's points: spendable balance, pending (after-sales window), reserved (placed orders), lots and the ledger.";
        Field<NonNullGraphType<LongGraphType>>("balance").Description("Spendable now; negative when a refund clawed back points already spent.")
            .ResolveAsync(async c => (await BalanceAsync(c)).Balance);
        Field<NonNullGraphType<LongGraphType>>("pending").Description("Earned, spendable once the after-sales window closes.")
            .ResolveAsync(async c => (await BalanceAsync(c)).Pending);
        Field<NonNullGraphType<LongGraphType>>("reserved").Description("Held by placed, unpaid orders.")
            .ResolveAsync(async c => (await BalanceAsync(c)).Reserved);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PointsLotType>>>>("expiring")
            .Description("Lots with points expiring within `days` days (default 30), soonest first.")
            .Argument<IntGraphType>("days")
            .ResolveAsync(async c =>
            {
                var days = c.GetArgument<int?>("days") ?? 30;
                if (days is < 0 or > 3660) throw new ExecutionError("'days' is between 0 and 3660.") { Code = ErrorCodes.Validation };
                return await c.Service<PointsQueries>().ExpiringAsync(c.Source, days);
            });
        Field<NonNullGraphType<ConnectionType<PointsEntryType, EdgeType<PointsEntryType>>>>("history")
            .Description("The ledger, newest first.")
            .Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var (rows, total) = await c.Service<PointsQueries>().HistoryAsync(c.Source, page);
                return Paging.Connection(page, rows, PointsQueries.CursorOf, total);
            });
    }

    /// <summary>One query for the balances of a whole page of members.</summary>
    private static async Task<PointsBalance> BalanceAsync(IResolveFieldContext<string> c) =>
        await c.Service<DataLoaders>()
            .Get<string, PointsBalance>("points-balance", async (ids, _) => await c.Service<PointsBook>().AccountsAsync(ids))
            .Load(c.Source).GetResultAsync() ?? new PointsBalance(c.Source, 0, 0, 0);
}

public sealed class PointsLotType : ObjectGraphType<PointsLot>
{
    public PointsLotType()
    {
        Name = "PointsLot";
        Description = "Points earned together, with one expiry.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<LongGraphType>>("points").Description("Points left in the lot.").Resolve(c => c.Source.Remaining);
        Field<NonNullGraphType<LongGraphType>>("original").Resolve(c => c.Source.Original);
        Field<NonNullGraphType<StringGraphType>>("state").Description("pending, active or expired.").Resolve(c => c.Source.State);
        Field<DateTimeOffsetGraphType>("expiresAt").Description("Null: never expires.").Resolve(c => Instant.FromUnixMs(c.Source.ExpiresAt));
        Field<DateTimeOffsetGraphType>("frozenUntil").Resolve(c => Instant.FromUnixMs(c.Source.FrozenUntil));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("earnedAt").Resolve(c => Instant.FromUnixMs(c.Source.CreatedAt));
    }
}

public sealed class PointsEntryType : ObjectGraphType<PointsEntry>
{
    public PointsEntryType()
    {
        Name = "PointsEntry";
        Description = "A ledger entry. `delta` is the change of everything the member holds; `balanceDelta` the change of the spendable balance.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("earn, spend, reserve, release, expire, reverse, adjust or activate.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<LongGraphType>>("delta").Resolve(c => c.Source.Delta);
        Field<NonNullGraphType<LongGraphType>>("balanceDelta").Resolve(c => c.Source.BalanceDelta);
        Field<NonNullGraphType<LongGraphType>>("pendingDelta").Resolve(c => c.Source.PendingDelta);
        Field<NonNullGraphType<LongGraphType>>("reservedDelta").Resolve(c => c.Source.ReservedDelta);
        Field<NonNullGraphType<LongGraphType>>("shortfall").Description("Points a capAtZero clawback could not take back.").Resolve(c => c.Source.Shortfall);
        Field<NonNullGraphType<StringGraphType>>("sourceType").Resolve(c => c.Source.SourceType);
        Field<NonNullGraphType<StringGraphType>>("sourceId").Resolve(c => c.Source.SourceId);
        Field<IdGraphType>("ruleVersionId").Description("The points programme version that produced it.").Resolve(c => c.Source.RuleVersionId);
        Field<NonNullGraphType<IntGraphType>>("multiplierPercent").Description("100 = ×1.").Resolve(c => c.Source.MultiplierPercent);
        Field<StringGraphType>("reason").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => Instant.FromUnixMs(c.Source.CreatedAt));
    }
}

public sealed class PointsAdjustPayloadType : ObjectGraphType<PointsAdjustResult>
{
    public PointsAdjustPayloadType()
    {
        Name = "PointsAdjustPayload";
        Description = "Codes: VALIDATION, NOT_FOUND, INSUFFICIENT_POINTS.";
        Field<PointsEntryType>("entry").Resolve(c => c.Source.Entry);
        Field<LongGraphType>("balance").Description("The spendable balance after the call.").Resolve(c => c.Source.Balance?.Balance);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

public sealed class PointsAdjustInputType : InputObjectGraphType
{
    public PointsAdjustInputType()
    {
        Name = "PointsAdjustInput";
        Field<NonNullGraphType<IdGraphType>>("memberId");
        Field<NonNullGraphType<LongGraphType>>("points").Description("Positive adds a lot; negative spends and cannot overdraw.");
        Field<NonNullGraphType<StringGraphType>>("reason");
        Field<NonNullGraphType<StringGraphType>>("idempotencyKey");
    }
}

public sealed class PointsInvariantReportType : ObjectGraphType<IReadOnlyList<string>>
{
    public PointsInvariantReportType()
    {
        Name = "PointsInvariantReport";
        Description = "The books check: ok when entries, projections and lots agree.";
        Field<NonNullGraphType<BooleanGraphType>>("ok").Resolve(c => c.Source.Count == 0);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("violations").Resolve(c => c.Source);
    }
}

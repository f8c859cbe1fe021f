using System.Collections.Concurrent;
using Shop.Framework.GraphQL;
using Shop.Points.Services;
using Shop.Tiers.Services;

namespace Shop.CheckIn.Tests;

/// <summary>
/// In-memory points and growth for the check-in tests: idempotent on the key, and a spend is
/// refused when the balance is short, as the real ledger does.
/// </summary>
public sealed class FakeBank
{
    private readonly object _gate = new();
    private readonly Dictionary<string, long> _points = [];
    private readonly Dictionary<string, long> _growth = [];
    private readonly Dictionary<string, PointsEntry> _entries = [];
    public ConcurrentQueue<string> Calls { get; } = new();

    public void Credit(string memberId, long points) { lock (_gate) _points[memberId] = Points(memberId) + points; }

    public long Points(string memberId) { lock (_gate) return _points.GetValueOrDefault(memberId); }

    public long Growth(string memberId) { lock (_gate) return _growth.GetValueOrDefault(memberId); }

    public PointsResult Move(string memberId, long delta, string kind, string sourceType, string sourceId, string key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var first)) return PointsResult.Ok(first);
            if (delta < 0 && Points(memberId) < -delta) return PointsResult.Fail(PointsErrorCodes.InsufficientPoints, "Not enough points.");
            _points[memberId] = Points(memberId) + delta;
            var entry = new PointsEntry { Id = key, MemberId = memberId, Delta = delta, Kind = kind, SourceType = sourceType, SourceId = sourceId, IdempotencyKey = key };
            _entries[key] = entry;
            Calls.Enqueue($"{kind}:{delta}");
            return PointsResult.Ok(entry);
        }
    }

    public GrowthResult Grow(string memberId, long growth, string key)
    {
        lock (_gate)
        {
            if (!_entries.ContainsKey("growth:" + key))
            {
                _entries["growth:" + key] = new PointsEntry { Id = key, MemberId = memberId, Delta = growth, Kind = "growth", SourceType = "", SourceId = "", IdempotencyKey = key };
                _growth[memberId] = Growth(memberId) + growth;
            }
            return new GrowthResult(Growth(memberId), 0, []);
        }
    }
}

public sealed class FakePointsLedger(FakeBank bank) : IPointsLedger
{
    public Task<PointsResult> GrantAsync(PointsGrant g) => Task.FromResult(bank.Move(g.MemberId, g.Points, PointsKinds.Earn, g.SourceType, g.SourceId, g.IdempotencyKey));

    public Task<PointsResult> SpendAsync(PointsCharge c) => Task.FromResult(bank.Move(c.MemberId, -c.Points, PointsKinds.Spend, c.SourceType, c.SourceId, c.IdempotencyKey));

    public Task<PointsResult> ReturnSpendAsync(string memberId, string spendIdempotencyKey, string idempotencyKey, string reason) =>
        Task.FromResult(PointsResult.Fail(ErrorCodes.NotFound, "Not used by check-in."));

    public Task<PointsBalance> GetBalanceAsync(string memberId) => Task.FromResult(new PointsBalance(memberId, bank.Points(memberId), 0, 0));
}

public sealed class FakeGrowthLedger(FakeBank bank) : IGrowthLedger
{
    public Task<GrowthResult> AddAsync(GrowthGrant g) => Task.FromResult(bank.Grow(g.MemberId, g.Growth, g.IdempotencyKey));
}

using System.Collections.Concurrent;
using Shop.Tiers.Services;

namespace Shop.CheckIn.Tests;

/// <summary>
/// Growth value in memory, idempotent on the key, until the tiers module's ledger is in this
/// branch; the host has no other IGrowthLedger yet.
/// </summary>
public sealed class FakeGrowth
{
    private readonly ConcurrentDictionary<string, (string MemberId, long Growth)> _entries = new();

    public GrowthResult Add(GrowthGrant g)
    {
        _entries.TryAdd(g.IdempotencyKey, (g.MemberId, g.Growth));
        return new GrowthResult(Of(g.MemberId), 0, []);
    }

    public long Of(string memberId) => _entries.Values.Where(e => e.MemberId == memberId).Sum(e => e.Growth);
}

public sealed class FakeGrowthLedger(FakeGrowth growth) : IGrowthLedger
{
    public Task<GrowthResult> AddAsync(GrowthGrant grant) => Task.FromResult(growth.Add(grant));
}

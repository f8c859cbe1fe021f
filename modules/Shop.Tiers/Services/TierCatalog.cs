using Shop.Framework.Content;
using Shop.Tiers.Models;

namespace Shop.Tiers.Services;

/// <summary>The published tiers (ordered by level) and the programme in force, read once per scope.</summary>
public sealed class TierCatalog(ContentManager content)
{
    public const string TierType = "tier";
    public const string ProgramType = "tierProgram";

    private IReadOnlyList<Tier>? _tiers;
    private Dictionary<int, string> _versions = [];
    private TierProgram? _program;

    public async Task<IReadOnlyList<Tier>> TiersAsync()
    {
        if (_tiers is not null) return _tiers;
        var items = (await content.ListPublishedAsync(TierType)).Select(i => (Tier: i.Shared<Tier>(), i.VersionId)).OrderBy(p => p.Tier.Level).ToList();
        _versions = items.GroupBy(p => p.Tier.Level).ToDictionary(g => g.Key, g => g.First().VersionId);
        return _tiers = items.Select(p => p.Tier).ToList();
    }

    /// <summary>The content version of a published level, recorded on what it produced (gift points).</summary>
    public async Task<string?> VersionOfAsync(int level)
    {
        await TiersAsync();
        return _versions.GetValueOrDefault(level);
    }

    /// <summary>The most recently published programme, or the defaults (no reviews) when none is.</summary>
    public async Task<TierProgram> ProgramAsync() =>
        _program ??= (await content.InForceAsync(ProgramType))?.Shared<TierProgram>() ?? TierProgram.Default;
}

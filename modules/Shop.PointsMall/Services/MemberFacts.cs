using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Audiences;
using Shop.PointsMall.Models;
using Shop.Tiers.Services;

namespace Shop.PointsMall.Services;

/// <summary>
/// What decides whether a member may have a reward: their level (from Shop.Tiers) and audience
/// membership (through <see cref="IAudienceGate"/> when the audiences module provides one; without
/// it, audience-restricted rewards are refused, never opened to everyone). Read once per request.
/// </summary>
public sealed class MemberFacts(TierQueries tiers, IServiceProvider services)
{
    private readonly Dictionary<string, int> _levels = [];
    private readonly Dictionary<(string, string), bool> _audiences = [];

    public async Task<int> LevelAsync(string memberId)
    {
        if (!_levels.TryGetValue(memberId, out var level)) _levels[memberId] = level = (await tiers.ViewAsync(memberId)).Level;
        return level;
    }

    public async Task<bool> InAudienceAsync(Reward reward, string memberId, CancellationToken ct = default)
    {
        if (!RewardRules.HasAudience(reward)) return true;
        var key = (reward.AudienceId!, memberId);
        if (_audiences.TryGetValue(key, out var known)) return known;
        var gate = services.GetService<IAudienceGate>();
        return _audiences[key] = gate is not null && await gate.ContainsAsync(reward.AudienceId!, memberId, ct);
    }

    /// <summary>NOT_ELIGIBLE when the member is below the tier minimum or outside the audience; null when they may.</summary>
    public async Task<string?> RefusalAsync(Reward reward, string memberId, CancellationToken ct = default)
    {
        var level = reward.MinTierLevel > 0 ? await LevelAsync(memberId) : 0;
        return RewardRules.EligibilityRefusal(reward, level, await InAudienceAsync(reward, memberId, ct));
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Framework.Audiences;
using Shop.Framework.GraphQL;
using Shop.Framework.Search;
using Shop.PointsMall.Models;
using Shop.Tiers.Services;

namespace Shop.PointsMall.Services;

/// <summary>
/// What decides whether a member may have a reward: their level (from Shop.Tiers) and audience
/// membership (through <see cref="IAudienceGate"/> when the audiences module provides one; without
/// it, audience-restricted rewards are refused, never opened to everyone). Read once per request.
/// The gate asks the search index; while that is down an audience reward is not available
/// (NOT_AVAILABLE), which lets a replay still find its first redemption and the mall still list.
/// </summary>
public sealed class MemberFacts(TierQueries tiers, IServiceProvider services, ILogger<MemberFacts> logger)
{
    public const string AudienceUnknownMessage = "Who may redeem this reward cannot be checked right now (the audience index is unavailable); try again shortly.";

    private readonly Dictionary<string, int> _levels = [];
    private readonly Dictionary<(string, string), bool?> _audiences = [];

    public async Task<int> LevelAsync(string memberId)
    {
        if (!_levels.TryGetValue(memberId, out var level)) _levels[memberId] = level = (await tiers.ViewAsync(memberId)).Level;
        return level;
    }

    /// <summary>Whether the member is in the reward's audience (true when it has none); null when the audience index cannot answer now.</summary>
    public async Task<bool?> InAudienceAsync(Reward reward, string memberId, CancellationToken ct = default)
    {
        if (!RewardRules.HasAudience(reward)) return true;
        var key = (reward.AudienceId!, memberId);
        if (_audiences.TryGetValue(key, out var known)) return known;
        var gate = services.GetService<IAudienceGate>();
        try
        {
            return _audiences[key] = gate is not null && await gate.ContainsAsync(reward.AudienceId!, memberId, ct);
        }
        catch (SearchUnavailableException e)
        {
            logger.LogWarning("Audience {AudienceId} cannot be checked: {Reason}", reward.AudienceId, e.Message);
            return _audiences[key] = null;
        }
    }

    /// <summary>NOT_ELIGIBLE when the member is below the tier minimum or outside the audience, NOT_AVAILABLE when the audience cannot be checked now; null when they may.</summary>
    public async Task<UserError?> RefusalAsync(Reward reward, string memberId, CancellationToken ct = default)
    {
        var level = reward.MinTierLevel > 0 ? await LevelAsync(memberId) : 0;
        var inAudience = await InAudienceAsync(reward, memberId, ct);
        return RewardRules.EligibilityRefusal(reward, level, inAudience) is { } code
            ? MallErrors.Of(code, "rewardId", code == MallErrorCodes.NotAvailable ? AudienceUnknownMessage : null)
            : null;
    }
}

namespace Shop.Framework.Audiences;

/// <summary>
/// Whether a member belongs to a saved audience, for rewards, coupon templates and campaigns
/// restricted to one (checked at claim/redeem time). The audiences module provides it; when it
/// is not enabled no implementation is registered and restricted offers are refused
/// (<c>NOT_ELIGIBLE</c>), never opened to everyone.
/// </summary>
public interface IAudienceGate
{
    /// <summary>False for an unknown or archived audience.</summary>
    Task<bool> ContainsAsync(string audienceId, string memberId, CancellationToken ct = default);
}

using Shop.Framework.Events;

namespace Shop.Tiers.Events;

/// <summary>
/// A member's level changed. Raised in the transaction that changed it; <see cref="Reason"/>
/// is one of <see cref="Services.TierChangeReasons"/>.
/// </summary>
[DomainEvent("tier.changed")]
public sealed record TierChanged(string MemberId, int FromLevel, int ToLevel, string Reason, long At);

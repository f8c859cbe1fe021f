using Shop.Framework.Auth;

namespace Shop.Tiers;

public sealed class Permissions : IPermissionProvider
{
    public const string ViewTiers = "Tiers.View";
    public const string ManageTiers = "Tiers.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ViewTiers, "See tiers, members' levels, growth value and level changes", "Shop.Tiers"),
        new(ManageTiers, "Edit and publish tiers and the tier programme, adjust growth value", "Shop.Tiers"),
    ];
}

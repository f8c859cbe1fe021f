using Shop.Framework.Auth;

namespace Shop.Coupons;

public sealed class Permissions : IPermissionProvider
{
    public const string ViewCoupons = "Coupons.View";
    public const string ManageCoupons = "Coupons.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ViewCoupons, "See coupon templates, issued coupons and members' coupons", "Shop.Coupons"),
        new(ManageCoupons, "Edit and publish coupon templates, push coupons to members, void coupons", "Shop.Coupons"),
    ];
}

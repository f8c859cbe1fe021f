using Shop.Framework.Auth;

namespace Shop.PointsMall;

public sealed class Permissions : IPermissionProvider
{
    public const string View = "PointsMall.View";
    public const string Manage = "PointsMall.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(View, "See rewards, stock and redemptions, export redemptions", "Shop.PointsMall"),
        new(Manage, "Edit and publish rewards, adjust stock, upload codes, ship, deliver and cancel redemptions", "Shop.PointsMall"),
    ];
}

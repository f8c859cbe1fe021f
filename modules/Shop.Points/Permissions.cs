using Shop.Framework.Auth;

namespace Shop.Points;

public sealed class Permissions : IPermissionProvider
{
    public const string ViewPoints = "Points.View";
    public const string ManagePoints = "Points.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ViewPoints, "See members' points, ledgers and the books check", "Shop.Points"),
        new(ManagePoints, "Adjust points and edit the points programme", "Shop.Points"),
    ];
}

using Shop.Framework.Auth;

namespace Shop.CheckIn;

public sealed class Permissions : IPermissionProvider
{
    public const string ViewCheckIns = "CheckIn.View";
    public const string ManageCheckIns = "CheckIn.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ViewCheckIns, "See check-in statistics and members' check-ins", "Shop.CheckIn"),
        new(ManageCheckIns, "Edit and publish the check-in programme", "Shop.CheckIn"),
    ];
}

using Shop.Framework.Auth;

namespace Shop.Members;

public sealed class Permissions : IPermissionProvider
{
    public const string ViewMembers = "Members.View";
    public const string ManageMembers = "Members.Manage";
    public const string ViewOrders = "Orders.View";
    public const string ManageOrders = "Orders.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ViewMembers, "See members and their profiles (phones masked)", "Shop.Members"),
        new(ManageMembers, "Create and edit members", "Shop.Members"),
        new(ViewOrders, "See members' orders and refunds", "Shop.Members"),
        new(ManageOrders, "Report orders, payments, cancellations and refunds (commerce system integration)", "Shop.Members"),
    ];
}

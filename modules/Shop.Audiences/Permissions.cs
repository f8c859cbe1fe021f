using Shop.Framework.Auth;

namespace Shop.Audiences;

public sealed class Permissions : IPermissionProvider
{
    public const string ViewAudiences = "Audiences.View";
    public const string ManageAudiences = "Audiences.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ViewAudiences, "See tags, RFM segments, audiences and their counts", "Shop.Audiences"),
        new(ManageAudiences, "Edit tags and audiences, tag members, push coupons to audiences", "Shop.Audiences"),
    ];
}

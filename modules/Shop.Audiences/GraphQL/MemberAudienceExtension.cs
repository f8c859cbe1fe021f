using GraphQL;
using GraphQL.Types;
using Shop.Audiences.Services;
using Shop.Framework.Auth;
using Shop.Framework.GraphQL;
using Shop.Members.GraphQL;

namespace Shop.Audiences.GraphQL;

/// <summary>
/// <c>Member.tags</c> and <c>Member.rfm</c>: marketing labels are for staff with Audiences.View,
/// never shown to the member themselves: the storefront schema leaves them out.
/// </summary>
public sealed class MemberAudienceExtension : GraphTypeExtension<MemberType>
{
    public override void Extend(MemberType type)
    {
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags")
            .Description("Manual and rule tags (staff with Audiences.View only).")
            .StaffOnly()
            .Resolve(c =>
            {
                Require(c);
                return c.Service<DataLoaders>().Get<string, IReadOnlyList<string>>("member-tags",
                    async (ids, _) => await c.Service<MemberTagService>().TagsOfAsync(ids)).Load(c.Source.Id);
            });
        type.Field<MemberRfmType>("rfm")
            .Description("RFM scores and segment; null when the member has no paid order in the window (staff with Audiences.View only).")
            .StaffOnly()
            .Resolve(c =>
            {
                Require(c);
                return c.Service<DataLoaders>().Get<string, MemberRfm>("member-rfm",
                    async (ids, _) => await c.Service<MemberRfmQueries>().ForAsync(ids)).Load(c.Source.Id);
            });
    }

    private static void Require(IResolveFieldContext c)
    {
        if (c.User?.HasPermission(Permissions.ViewAudiences) != true)
            throw new ExecutionError($"Tags and RFM need the permission '{Permissions.ViewAudiences}'.") { Code = ErrorCodes.AccessDenied };
    }
}

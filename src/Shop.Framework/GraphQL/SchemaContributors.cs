using GraphQL.Types;

namespace Shop.Framework.GraphQL;

/// <summary>
/// A module's contribution to the storefront schema at <c>/graphql</c>. Fields added here are
/// public; resolvers read the signed-in member from the request.
/// </summary>
public abstract class StorefrontFields
{
    public virtual void AddQueries(ObjectGraphType query) { }
    public virtual void AddMutations(ObjectGraphType mutation) { }
}

/// <summary>
/// A module's contribution to the admin schema at <c>/admin/graphql</c>. Every field should
/// declare the permission it needs with <see cref="PermissionMetadata.RequirePermission{T}"/>.
/// </summary>
public abstract class AdminFields
{
    public virtual void AddQueries(ObjectGraphType query) { }
    public virtual void AddMutations(ObjectGraphType mutation) { }
}

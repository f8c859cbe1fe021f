using GraphQL;
using GraphQL.Types;
using Shop.Framework.Auth;
using Shop.Framework.Data;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Roles and API keys on the admin schema, for System.Manage: what a monitoring key's role or a
/// support team's role grants, the keys that exist, and revoking one (see <see cref="AccessAdmin"/>).
/// </summary>
public sealed class AccessAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<RoleType>>>>("roles")
            .Description("Staff roles and the permissions each grants (Administrator grants \"*\").")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c => await c.Service<AccessAdmin>().RolesAsync());
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PermissionType>>>>("permissions")
            .Description("Every permission the enabled modules define.")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .Resolve(c => c.Service<PermissionRegistry>().All);
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApiKeyType>>>>("apiKeys")
            .Description("Server API keys, newest first; the keys themselves are never stored, only their hashes.")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c => await c.Service<AccessAdmin>().KeysAsync());
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RoleSavePayloadType>>("roleSave")
            .Description("Creates a role or replaces its permissions. Only permissions the caller holds can be granted.")
            .Argument<NonNullGraphType<RoleSaveInputType>>("input")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var permissions = (input["permissions"] as IEnumerable<object?> ?? []).OfType<string>().ToList();
                return await c.Service<AccessAdmin>().SaveRoleAsync(c.User!, (string)input["name"]!, permissions);
            });
        mutation.Field<NonNullGraphType<ApiKeyCreatePayloadType>>("apiKeyCreate")
            .Description("Creates a server API key for a role whose permissions the caller holds. The key is shown only in this response.")
            .Argument<NonNullGraphType<ApiKeyCreateInputType>>("input")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<AccessAdmin>().CreateKeyAsync(c.User!, (string)input["name"]!, input.GetValueOrDefault("role") as string ?? AdminAuth.AdministratorRole);
            });
        mutation.Field<NonNullGraphType<ApiKeyRevokePayloadType>>("apiKeyRevoke")
            .Description("Revokes a key: its next request is refused. Revoking a revoked key changes nothing.")
            .Argument<NonNullGraphType<ApiKeyRevokeInputType>>("input")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c => await c.Service<AccessAdmin>().RevokeKeyAsync((string)c.GetArgument<Dictionary<string, object?>>("input")["id"]!));
    }

    private sealed class RoleType : ObjectGraphType<RoleView>
    {
        public RoleType()
        {
            Name = "Role";
            Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("permissions").Resolve(c => c.Source.Permissions);
        }
    }

    private sealed class PermissionType : ObjectGraphType<Permission>
    {
        public PermissionType()
        {
            Name = "Permission";
            Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
            Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Description);
            Field<NonNullGraphType<StringGraphType>>("module").Resolve(c => c.Source.Module);
        }
    }

    private sealed class ApiKeyType : ObjectGraphType<ApiKeyView>
    {
        public ApiKeyType()
        {
            Name = "ApiKey";
            Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
            Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
            Field<NonNullGraphType<StringGraphType>>("prefix").Description("The key's first characters, to tell keys apart.").Resolve(c => c.Source.Prefix);
            Field<NonNullGraphType<StringGraphType>>("role").Resolve(c => c.Source.Role);
            Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => Instant.FromUnixMs(c.Source.CreatedAt));
            Field<DateTimeOffsetGraphType>("revokedAt").Resolve(c => c.Source.RevokedAt is { } at ? Instant.FromUnixMs(at) : null);
        }
    }

    private sealed class RoleSaveInputType : InputObjectGraphType
    {
        public RoleSaveInputType()
        {
            Name = "RoleSaveInput";
            Field<NonNullGraphType<StringGraphType>>("name");
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("permissions");
        }
    }

    private sealed class RoleSavePayloadType : ObjectGraphType<RoleSaved>
    {
        public RoleSavePayloadType()
        {
            Name = "RoleSavePayload";
            Field<RoleType>("role").Resolve(c => c.Source.Role);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
        }
    }

    private sealed class ApiKeyCreateInputType : InputObjectGraphType
    {
        public ApiKeyCreateInputType()
        {
            Name = "ApiKeyCreateInput";
            Field<NonNullGraphType<StringGraphType>>("name");
            Field<StringGraphType>("role").Description("Defaults to Administrator.");
        }
    }

    private sealed class ApiKeyCreatePayloadType : ObjectGraphType<ApiKeyCreated>
    {
        public ApiKeyCreatePayloadType()
        {
            Name = "ApiKeyCreatePayload";
            Field<IdGraphType>("id").Resolve(c => c.Source.Id);
            Field<StringGraphType>("key").Description("The key itself: shown only in this response.").Resolve(c => c.Source.Key);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
        }
    }

    private sealed class ApiKeyRevokeInputType : InputObjectGraphType
    {
        public ApiKeyRevokeInputType()
        {
            Name = "ApiKeyRevokeInput";
            Field<NonNullGraphType<IdGraphType>>("id");
        }
    }

    private sealed class ApiKeyRevokePayloadType : ObjectGraphType<ApiKeyRevoked>
    {
        public ApiKeyRevokePayloadType()
        {
            Name = "ApiKeyRevokePayload";
            Field<ApiKeyType>("key").Resolve(c => c.Source.Key);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
        }
    }
}

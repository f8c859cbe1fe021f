using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using Shop.Framework.Auth;
using Shop.Framework.Modules;

namespace Shop.Framework.GraphQL;

/// <summary>What the framework itself offers merchants and automation on the admin schema.</summary>
public sealed class FrameworkAdminFields(ModuleCatalog catalog) : AdminFields
{
    public override void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ViewerType>>("viewer")
            .Description("The signed-in staff member or API key.")
            .Resolve(c => c.User!);
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ModuleType>>>>("modules")
            .Description("Enabled modules in dependency order.")
            .RequirePermission(FrameworkPermissions.AccessAdmin)
            .Resolve(_ => catalog.Modules);
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<PersistedQueriesRegisterPayloadType>>("persistedQueriesRegister")
            .Description("Adds documents to the persisted-query allow-list; returns their sha256 hashes in order.")
            .Argument<NonNullGraphType<PersistedQueriesRegisterInputType>>("input")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c =>
            {
                var documents = c.GetArgument<Dictionary<string, object?>>("input")["documents"] as IEnumerable<object?> ?? [];
                var store = c.Service<PersistedQueryStore>();
                var hashes = new List<string>();
                foreach (var document in documents.OfType<string>()) hashes.Add(await store.RegisterAsync(document));
                return hashes;
            });
    }

    private sealed class ViewerType : ObjectGraphType<ClaimsPrincipal>
    {
        public ViewerType()
        {
            Name = "Viewer";
            Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.ActorName() ?? "");
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("roles")
                .Resolve(c => c.Source.FindAll(ClaimTypes.Role).Select(r => r.Value).ToList());
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("permissions")
                .Resolve(c => c.Source.FindAll(ShopClaims.Permission).Select(r => r.Value).ToList());
        }
    }

    private sealed class ModuleType : ObjectGraphType<ModuleDescriptor>
    {
        public ModuleType()
        {
            Name = "Module";
            Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
            Field<NonNullGraphType<StringGraphType>>("version").Resolve(c => c.Source.Version);
            Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Description);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("dependencies").Resolve(c => c.Source.Dependencies);
        }
    }

    private sealed class PersistedQueriesRegisterInputType : InputObjectGraphType
    {
        public PersistedQueriesRegisterInputType()
        {
            Name = "PersistedQueriesRegisterInput";
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("documents");
        }
    }

    private sealed class PersistedQueriesRegisterPayloadType : ObjectGraphType<List<string>>
    {
        public PersistedQueriesRegisterPayloadType()
        {
            Name = "PersistedQueriesRegisterPayload";
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("hashes").Resolve(c => c.Source);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(_ => Array.Empty<UserError>());
        }
    }
}

using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
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
        query.Field<NonNullGraphType<ConnectionType<PersistedQueryType, EdgeType<PersistedQueryType>>>>("persistedQueries")
            .Description("The persisted-query allow-list, in hash order.")
            .PagingArguments()
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c =>
            {
                var page = Paging.Request(c);
                var (rows, total) = await c.Service<PersistedQueryStore>().ListAsync(page);
                return Paging.Connection(page, rows, q => q.Hash, total);
            });
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
        mutation.Field<NonNullGraphType<PersistedQueriesRemovePayloadType>>("persistedQueriesRemove")
            .Description("Takes documents off the allow-list by hash; other web nodes stop running them within a minute. Removing a hash that is not listed changes nothing.")
            .Argument<NonNullGraphType<PersistedQueriesRemoveInputType>>("input")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c =>
            {
                var hashes = (c.GetArgument<Dictionary<string, object?>>("input")["hashes"] as IEnumerable<object?> ?? []).OfType<string>().ToList();
                var invalid = hashes.FindIndex(h => !PersistedQueryStore.IsHash(h));
                if (invalid >= 0)
                    return new PersistedQueriesRemoved([], [new UserError(ErrorCodes.Validation, "A hash is 64 lowercase hex digits (sha256).", $"hashes[{invalid}]")]);
                return new PersistedQueriesRemoved(await c.Service<PersistedQueryStore>().RemoveAsync(hashes), []);
            });
    }

    private sealed record PersistedQueriesRemoved(IReadOnlyList<string> Removed, IReadOnlyList<UserError> Errors);

    private sealed class PersistedQueryType : ObjectGraphType<PersistedQueryView>
    {
        public PersistedQueryType()
        {
            Name = "PersistedQuery";
            Field<NonNullGraphType<StringGraphType>>("hash").Description("sha256 of the document, lowercase hex.").Resolve(c => c.Source.Hash);
            Field<NonNullGraphType<StringGraphType>>("document").Resolve(c => c.Source.Document);
            Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => Data.Instant.FromUnixMs(c.Source.CreatedAt));
        }
    }

    private sealed class PersistedQueriesRemoveInputType : InputObjectGraphType
    {
        public PersistedQueriesRemoveInputType()
        {
            Name = "PersistedQueriesRemoveInput";
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("hashes");
        }
    }

    private sealed class PersistedQueriesRemovePayloadType : ObjectGraphType<PersistedQueriesRemoved>
    {
        public PersistedQueriesRemovePayloadType()
        {
            Name = "PersistedQueriesRemovePayload";
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("removed").Description("The hashes that were on the allow-list.").Resolve(c => c.Source.Removed);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);
        }
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

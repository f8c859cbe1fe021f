using GraphQL;
using GraphQL.Types;
using Shop.Framework.Auth;
using Shop.Framework.GraphQL;

namespace Shop.Framework.Search;

/// <summary><c>indexStatus</c> and <c>indexRebuild</c> on the admin schema (API.md § Search).</summary>
public sealed class SearchAdminFields : AdminFields
{
    public override void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IndexStatusType>>>>("indexStatus")
            .Description("Every search index enabled modules define: provider, documents, queue lag, rebuild progress.")
            .RequirePermission(FrameworkPermissions.AccessAdmin)
            .ResolveAsync(async c => await c.Service<SearchStatusReader>().ReadAsync(c.CancellationToken));

    public override void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<IndexRebuildPayloadType>>("indexRebuild")
            .Description("Starts rebuilding an index from the database into a fresh index that is swapped in when complete. " +
                         "Returns at once; follow progress with indexStatus. Errors: NOT_FOUND (no such index), CONFLICT (a rebuild is already running).")
            .Argument<NonNullGraphType<IndexRebuildInputType>>("input")
            .RequirePermission(FrameworkPermissions.ManageSystem)
            .ResolveAsync(async c =>
            {
                var index = (string)c.GetArgument<Dictionary<string, object?>>("input")["index"]!;
                var catalog = c.Service<SearchCatalog>();
                if (!catalog.Defines(index))
                    return Payload(index, [new UserError(ErrorCodes.NotFound, $"No enabled module defines the search index '{index}'.", "index")]);
                var rebuilder = c.Service<SearchRebuilder>();
                if (!await rebuilder.TryClaimAsync(index, c.CancellationToken))
                    return Payload(index, [new UserError(ErrorCodes.Conflict, $"Index '{index}' is already being rebuilt.", "index")]);
                rebuilder.RunInBackground(index);
                return Payload(index, []);
            });

    private static Dictionary<string, object?> Payload(string index, IReadOnlyList<UserError> errors) =>
        new() { ["index"] = index, ["errors"] = errors };

    private sealed class IndexRebuildInputType : InputObjectGraphType
    {
        public IndexRebuildInputType()
        {
            Name = "IndexRebuildInput";
            Field<NonNullGraphType<StringGraphType>>("index").Description("Index name, e.g. members or rewards.");
        }
    }

    private sealed class IndexRebuildPayloadType : ObjectGraphType<Dictionary<string, object?>>
    {
        public IndexRebuildPayloadType()
        {
            Name = "IndexRebuildPayload";
            Description = "Error codes: NOT_FOUND, CONFLICT.";
            Field<NonNullGraphType<StringGraphType>>("index").Resolve(c => c.Source["index"]);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source["errors"]);
        }
    }
}

public sealed class IndexStatusType : ObjectGraphType<IndexStatus>
{
    public IndexStatusType()
    {
        Name = "IndexStatus";
        Field(s => s.Index);
        Field(s => s.Provider);
        Field(s => s.Documents, nullable: true).Description("Documents in the live index; null when the provider cannot be reached.");
        Field(s => s.ProviderError, nullable: true);
        Field(s => s.PendingTasks).Description("Changes queued and not yet applied (the indexing lag).");
        Field(s => s.Cursor).Description("Sequence number of the last applied change.");
        Field<DateTimeOffsetGraphType>("lastAppliedAt").Resolve(c => Data.Instant.FromUnixMs(c.Source.LastAppliedAt));
        Field(s => s.RebuildState, nullable: true).Description("running, swapping, done or failed; null when never rebuilt.");
        Field(s => s.RebuildDone);
        Field(s => s.RebuildTotal);
        Field<DateTimeOffsetGraphType>("rebuildStartedAt").Resolve(c => Data.Instant.FromUnixMs(c.Source.RebuildStartedAt));
        Field<DateTimeOffsetGraphType>("rebuildFinishedAt").Resolve(c => Data.Instant.FromUnixMs(c.Source.RebuildFinishedAt));
        Field(s => s.RebuildError, nullable: true);
    }
}

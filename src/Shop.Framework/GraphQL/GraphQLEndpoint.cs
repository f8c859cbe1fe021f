using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Framework.Auth;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Our GraphQL-over-HTTP transport for one schema: request parsing, persisted queries, the parsed
/// document cache, limits, permission checks, and status codes/media types per the spec.
/// Registered as a singleton per schema.
/// </summary>
public sealed class GraphQLEndpoint<TSchema>(
    IDocumentExecuter<TSchema> executer,
    IGraphQLTextSerializer serializer,
    PersistedQueryStore persistedQueries,
    IOptions<GraphQLOptions> options,
    ILogger<GraphQLEndpoint<TSchema>> logger) : IDisposable
    where TSchema : ISchema
{
    private const string GraphQLResponseMediaType = "application/graphql-response+json";
    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = 2_000 });
    private readonly GraphQLOptions _options = options.Value;

    public async Task HandleAsync(HttpContext http, ClaimsPrincipal user, bool persistedOnlyApplies)
    {
        var mediaType = NegotiateMediaType(http.Request.Headers.Accept);
        if (mediaType is null)
        {
            await WriteProblemAsync(http, new RequestProblem(406, "NOT_ACCEPTABLE", $"Accept {GraphQLResponseMediaType} or application/json."), "application/json");
            return;
        }

        var (request, problem) = await GraphQLRequestParser.ParseAsync(http, _options.MaxRequestBytes);
        if (problem is not null)
        {
            if (problem.Status == 405) http.Response.Headers.Allow = "GET, POST";
            await WriteProblemAsync(http, problem, mediaType);
            return;
        }

        var (query, queryProblem) = await ResolveDocumentTextAsync(request!, persistedOnlyApplies);
        if (queryProblem is not null)
        {
            await WriteProblemAsync(http, queryProblem, mediaType);
            return;
        }

        var cached = ParseCached(query!);
        var document = cached?.Document;
        var operationKey = request!.OperationName ?? "";
        if (document is not null && HttpMethods.IsGet(http.Request.Method)
            && SelectOperation(document, request!.OperationName)?.Operation is OperationType.Mutation or OperationType.Subscription)
        {
            http.Response.Headers.Allow = "POST";
            await WriteProblemAsync(http, new RequestProblem(405, "METHOD_NOT_ALLOWED", "Mutations must be sent with POST."), mediaType);
            return;
        }

        var verdict = cached?.Verdicts.GetValueOrDefault(operationKey);
        var permissionsSeen = verdict is null ? new HashSet<string>(StringComparer.Ordinal) : null;
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            Document = document,
            OperationName = request!.OperationName,
            Variables = request.Variables,
            User = user,
            RequestServices = http.RequestServices,
            CancellationToken = http.RequestAborted,
            Timeout = _options.ExecutionTimeout,
            ValidationRules = RulesFor(verdict, user),
            UserContext = new Dictionary<string, object?> { [PermissionValidationRule.SeenKey] = permissionsSeen },
            UnhandledExceptionDelegate = context =>
            {
                logger.LogError(context.OriginalException, "GraphQL resolver failed in {Operation}", request.OperationName ?? "(anonymous)");
                return Task.CompletedTask;
            },
        });

        // A document sent with its hash is remembered once it passed validation, never before:
        // text that does not parse or validate is not kept for the next request to find.
        if (result.Executed && request.PersistedHash is { } sentHash && request.Query is not null) persistedQueries.Remember(sentHash, query!);
        if (result.Executed && permissionsSeen is not null && cached is not null)
        {
            var operation = SelectOperation(cached.Document, request.OperationName);
            var remeasure = operation is null || (operation.Variables?.Items.Count > 0 && await ComplexityInputs.VariablesCanChangeAsync(cached.Document));
            cached.Verdicts.TryAdd(operationKey, new OperationVerdict(remeasure, [.. permissionsSeen]));
        }
        http.Response.StatusCode = StatusFor(result, mediaType);
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>
    /// What a document that passed once still needs. The spec's rules and the introspection switch
    /// depend on the document alone; the complexity also on the variables that feed page sizes or
    /// directives (<see cref="ComplexityInputs"/>); the permission rule on the fields (known from the
    /// first run) and the caller. A caller lacking one of the fields' permissions gets the permission rule,
    /// which reports it.
    /// </summary>
    private IValidationRule[] RulesFor(OperationVerdict? verdict, ClaimsPrincipal user)
    {
        if (verdict is null) return _allRules ??= BuildValidationRules(DocumentValidator.CoreRules);
        if (!verdict.Permissions.All(user.HasPermission)) return _perRequestRules ??= BuildValidationRules([]);
        return verdict.Remeasure ? _complexityOnly ??= [ComplexityRule()] : [];
    }

    private IValidationRule[]? _allRules, _perRequestRules, _complexityOnly;

    // GraphQL.NET's default field impact: ComplexityInputs knows which variables it reads.
    private ComplexityValidationRule ComplexityRule() => new(new ComplexityOptions
    {
        MaxDepth = _options.MaxDepth,
        MaxComplexity = _options.MaxComplexity,
    });

    private IValidationRule[] BuildValidationRules(IEnumerable<IValidationRule> staticRules)
    {
        var rules = staticRules.Append(ComplexityRule()).Append(PermissionValidationRule.Instance);
        return (_options.Introspection ? rules : rules.Append(NoIntrospectionValidationRule.Instance)).ToArray();
    }

    /// <summary>An operation that passed every rule once: whether its variables can change its complexity, and the permissions its fields need.</summary>
    private sealed record OperationVerdict(bool Remeasure, string[] Permissions);

    /// <summary>A parsed document and, per operation, what it needs once it has passed the rules.</summary>
    private sealed class CachedDocument(GraphQLDocument document)
    {
        public GraphQLDocument Document { get; } = document;
        public System.Collections.Concurrent.ConcurrentDictionary<string, OperationVerdict> Verdicts { get; } = new();
    }

    private async Task<(string? Query, RequestProblem? Problem)> ResolveDocumentTextAsync(GraphQLHttpRequest request, bool persistedOnlyApplies)
    {
        var allowListOnly = persistedOnlyApplies && _options.PersistedQueriesOnly;
        if (request.PersistedHash is { } hash)
        {
            if (!PersistedQueryStore.IsHash(hash))
                return (null, new RequestProblem(400, "PERSISTED_QUERY_HASH_INVALID", "sha256Hash must be 64 hexadecimal digits."));
            if (request.Query is null)
            {
                var known = allowListOnly ? await persistedQueries.AllowedAsync(hash) : await persistedQueries.FindAsync(hash);
                return known is null
                    ? (null, new RequestProblem(allowListOnly ? 400 : 200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound"))
                    : (known, null);
            }
            if (PersistedQueryStore.Hash(request.Query) != hash)
                return (null, new RequestProblem(400, "PERSISTED_QUERY_HASH_MISMATCH", "sha256Hash does not match the query."));
            if (allowListOnly)
            {
                return await persistedQueries.AllowedAsync(hash) is null
                    ? (null, new RequestProblem(400, "PERSISTED_QUERY_NOT_ALLOWED", "Only registered documents may run on this server."))
                    : (request.Query, null);
            }
        }
        else if (allowListOnly)
        {
            return (null, new RequestProblem(400, "PERSISTED_QUERY_REQUIRED", "This server only runs registered documents: send extensions.persistedQuery.sha256Hash."));
        }

        if (string.IsNullOrWhiteSpace(request.Query))
            return (null, new RequestProblem(400, "BAD_REQUEST", "The request has no 'query'."));
        if (request.Query.Length > _options.MaxDocumentLength)
            return (null, new RequestProblem(413, "DOCUMENT_TOO_LARGE", $"Documents are limited to {_options.MaxDocumentLength} characters."));
        return (request.Query, null);
    }

    /// <summary>Parsed documents are reused across requests; a syntax error is left for the executer to report.</summary>
    private CachedDocument? ParseCached(string query)
    {
        if (_documents.TryGetValue(query, out CachedDocument? cached)) return cached;
        try
        {
            var document = new CachedDocument(Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = 128 }));
            _documents.Set(query, document, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
            return document;
        }
        catch (GraphQLParserException)
        {
            return null;
        }
    }

    private static GraphQLOperationDefinition? SelectOperation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
    }

    private static string? NegotiateMediaType(Microsoft.Extensions.Primitives.StringValues accept)
    {
        var value = accept.ToString();
        if (string.IsNullOrWhiteSpace(value)) return GraphQLResponseMediaType;
        if (value.Contains(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase)) return GraphQLResponseMediaType;
        if (value.Contains("application/json", StringComparison.OrdinalIgnoreCase)) return "application/json";
        if (value.Contains("*/*") || value.Contains("application/*")) return GraphQLResponseMediaType;
        return null;
    }

    private static int StatusFor(ExecutionResult result, string mediaType)
    {
        if (result.Executed) return 200;
        // Legacy application/json clients always get 200 for GraphQL-level errors.
        if (mediaType != GraphQLResponseMediaType) return 200;
        var codes = result.Errors?.Select(e => e.Code).ToList() ?? [];
        if (codes.Contains(ErrorCodes.AccessDenied)) return 403;
        return 400;
    }

    private async Task WriteProblemAsync(HttpContext http, RequestProblem problem, string mediaType)
    {
        http.Response.StatusCode = problem.Status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        var result = new ExecutionResult
        {
            Errors = [new ExecutionError(problem.Message) { Code = problem.Code }],
        };
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    public void Dispose() => _documents.Dispose();
}

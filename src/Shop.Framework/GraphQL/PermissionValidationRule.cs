using GraphQL.Validation;
using GraphQLParser.AST;
using Shop.Framework.Auth;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Refuses a document before anything runs when it selects a field whose permission the
/// caller lacks, so a partial mutation can never happen for lack of a right. The permissions it
/// meets are added to the set under <see cref="SeenKey"/> in the user context, when there is one,
/// so a cached document's later runs know which permissions its fields need.
/// </summary>
public sealed class PermissionValidationRule : ValidationRuleBase, INodeVisitor
{
    public static readonly PermissionValidationRule Instance = new();

    public const string SeenKey = "shop:permissions-seen";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(this);

    public ValueTask EnterAsync(ASTNode node, ValidationContext context)
    {
        if (node is GraphQLField field)
        {
            var definition = context.TypeInfo.GetFieldDef();
            if (definition?.RequiredPermission() is { } permission)
            {
                if (context.UserContext.TryGetValue(SeenKey, out var seen) && seen is HashSet<string> permissions) permissions.Add(permission);
                if (!context.User.HasPermission(permission))
                    context.ReportError(new AccessDeniedError(context.Document.Source, field, definition.Name, permission));
            }
        }
        return default;
    }

    public ValueTask LeaveAsync(ASTNode node, ValidationContext context) => default;
}

public sealed class AccessDeniedError : ValidationError
{
    public AccessDeniedError(GraphQLParser.ROM source, ASTNode node, string field, string permission)
        : base(source, "5.8", $"Field '{field}' needs the permission '{permission}'.", node)
    {
        Code = ErrorCodes.AccessDenied;
    }
}

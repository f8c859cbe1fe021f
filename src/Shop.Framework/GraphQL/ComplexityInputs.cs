using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Whether a document's complexity can change with its variables. GraphQL.NET's complexity rule,
/// with the default field impact our endpoint configures, reads two things a variable can feed: the
/// <c>first</c> and <c>last</c> arguments, which multiply a list's cost, and the arguments of
/// directives (<c>@skip</c>/<c>@include</c> leave parts out). A variable anywhere else, an id or a
/// mutation's input, cannot move the figure, so a document that passed once need not be measured again.
/// </summary>
public sealed class ComplexityInputs : ASTVisitor<ComplexityInputs.Walk>
{
    private static readonly ComplexityInputs Instance = new();

    public static async ValueTask<bool> VariablesCanChangeAsync(GraphQLDocument document)
    {
        var walk = new Walk();
        await Instance.VisitAsync(document, walk);
        return walk.Found;
    }

    protected override async ValueTask VisitDirectiveAsync(GraphQLDirective directive, Walk walk)
    {
        var outer = walk.InDirective;
        walk.InDirective = true;
        await base.VisitDirectiveAsync(directive, walk);
        walk.InDirective = outer;
    }

    protected override async ValueTask VisitArgumentAsync(GraphQLArgument argument, Walk walk)
    {
        var outer = walk.InPageSize;
        walk.InPageSize = outer || argument.Name.StringValue is "first" or "last";
        await base.VisitArgumentAsync(argument, walk);
        walk.InPageSize = outer;
    }

    protected override ValueTask VisitVariableAsync(GraphQLVariable variable, Walk walk)
    {
        if (walk.InDirective || walk.InPageSize) walk.Found = true;
        return base.VisitVariableAsync(variable, walk);
    }

    public sealed class Walk : IASTVisitorContext
    {
        public CancellationToken CancellationToken => CancellationToken.None;
        internal bool InDirective { get; set; }
        internal bool InPageSize { get; set; }
        internal bool Found { get; set; }
    }
}

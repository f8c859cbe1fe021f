using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;

namespace Shop.Framework.GraphQL;

/// <summary>
/// Builds named connection/edge types around a node type instance, for node types created at
/// run time (one per registered content type) where the generic ConnectionType&lt;T&gt; would
/// give every content type the same name.
/// </summary>
public static class ConnectionGraphTypes
{
    public static ObjectGraphType<Connection<TNode>> Create<TNode>(IGraphType nodeType, string nodeName)
    {
        var edge = new ObjectGraphType<Edge<TNode>> { Name = nodeName + "Edge" };
        edge.Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => c.Source.Cursor);
        edge.Field("node", new NonNullGraphType(nodeType)).Resolve(c => c.Source.Node);

        var connection = new ObjectGraphType<Connection<TNode>> { Name = nodeName + "Connection" };
        connection.Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
        connection.Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        connection.Field("edges", new NonNullGraphType(new ListGraphType(new NonNullGraphType(edge)))).Resolve(c => c.Source.Edges);
        return connection;
    }
}

using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Framework.GraphQL;

public sealed class StorefrontQuery : ObjectGraphType
{
    public StorefrontQuery(IEnumerable<StorefrontFields> contributors)
    {
        Name = "Query";
        foreach (var contributor in contributors) contributor.AddQueries(this);
    }
}

public sealed class StorefrontMutation : ObjectGraphType
{
    public StorefrontMutation(IEnumerable<StorefrontFields> contributors)
    {
        Name = "Mutation";
        foreach (var contributor in contributors) contributor.AddMutations(this);
    }
}

public sealed class AdminQuery : ObjectGraphType
{
    public AdminQuery(IEnumerable<AdminFields> contributors)
    {
        Name = "Query";
        foreach (var contributor in contributors) contributor.AddQueries(this);
    }
}

public sealed class AdminMutation : ObjectGraphType
{
    public AdminMutation(IEnumerable<AdminFields> contributors)
    {
        Name = "Mutation";
        foreach (var contributor in contributors) contributor.AddMutations(this);
    }
}

/// <summary>The storefront schema; built once from every enabled module's fields and cached.</summary>
public sealed class StorefrontSchema : Schema
{
    public StorefrontSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<StorefrontQuery>();
        var mutation = services.GetRequiredService<StorefrontMutation>();
        if (mutation.Fields.Count > 0) Mutation = mutation;
        StorableStrings.Register(this);
    }

    protected override void OnBeforeInitializeType(IGraphType graphType) => StaffOnlyFields.Hide(graphType);
}

/// <summary>The merchant schema; every field is checked against the caller's permissions.</summary>
public sealed class AdminSchema : Schema
{
    public AdminSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<AdminQuery>();
        var mutation = services.GetRequiredService<AdminMutation>();
        if (mutation.Fields.Count > 0) Mutation = mutation;
        StorableStrings.Register(this);
    }
}

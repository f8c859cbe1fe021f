using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Shop.Framework.GraphQL;

internal static class PageCaps
{
    public static int GetPageCap(this IServiceProvider services, ISchema schema)
    {
        var options = services.GetRequiredService<IOptions<GraphQLOptions>>().Value;
        return schema is AdminSchema ? options.AdminMaxPageSize : options.StorefrontMaxPageSize;
    }
}

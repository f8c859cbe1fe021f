using System.Security.Claims;
using GraphQL;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shop.Framework.Auth;
using Shop.Framework.GraphQL;
using Shop.Framework.Modules;
using Shop.Framework.Observability;

namespace Shop.Framework.Hosting;

public static class ShopEndpoints
{
    /// <summary>Maps the GraphQL endpoints, SDL, health probes and each module's own endpoints.</summary>
    public static IEndpointRouteBuilder MapShop(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/graphql", ["GET", "POST"], async http =>
        {
            var user = await MemberAsync(http);
            if (user is null)
            {
                await Unauthenticated(http, "The bearer token is invalid or expired; sign in again.");
                return;
            }
            await http.RequestServices.GetRequiredService<GraphQLEndpoint<StorefrontSchema>>().HandleAsync(http, user, persistedOnlyApplies: true);
        }).DisableAntiforgery();

        endpoints.MapMethods("/admin/graphql", ["GET", "POST"], async http =>
        {
            var user = await StaffAsync(http);
            if (user is null)
            {
                await Unauthenticated(http, "Sign in to the admin or send Authorization: ApiKey <key>.");
                return;
            }
            await http.RequestServices.GetRequiredService<GraphQLEndpoint<AdminSchema>>().HandleAsync(http, user, persistedOnlyApplies: false);
        }).DisableAntiforgery();

        endpoints.MapGet("/graphql/schema.graphql", (HttpContext http) => Sdl<StorefrontSchema>(http));
        endpoints.MapGet("/admin/graphql/schema.graphql", async (HttpContext http) =>
            await StaffAsync(http) is null ? Results.Unauthorized() : Sdl<AdminSchema>(http));

        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        endpoints.MapShopMetrics(endpoints.ServiceProvider.GetRequiredService<MetricsOptions>());

        foreach (var startup in endpoints.ServiceProvider.GetServices<ModuleStartup>()) startup.MapEndpoints(endpoints);
        return endpoints;
    }

    private static IResult Sdl<TSchema>(HttpContext http) where TSchema : global::GraphQL.Types.ISchema
    {
        if (!http.RequestServices.GetRequiredService<IOptions<GraphQLOptions>>().Value.Introspection) return Results.NotFound();
        return Results.Text(http.RequestServices.GetRequiredService<TSchema>().Print(), "text/plain; charset=utf-8");
    }

    private const string BearerPrefix = "Bearer ";

    /// <summary>The member behind a bearer token, anonymous without one, null when a token was sent but is not valid.</summary>
    public static async Task<ClaimsPrincipal?> MemberAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)) return new ClaimsPrincipal(new ClaimsIdentity());
        return await http.RequestServices.GetRequiredService<MemberBearer>().AuthenticateAsync(header[BearerPrefix.Length..].Trim());
    }

    /// <summary>
    /// Staff are the admin cookie or an API key; a member bearer token is never considered here,
    /// so it can never reach an admin field.
    /// </summary>
    public static async Task<ClaimsPrincipal?> StaffAsync(HttpContext http)
    {
        foreach (var scheme in AdminAuth.StaffSchemes)
        {
            var result = await http.AuthenticateAsync(scheme);
            if (result.Succeeded && result.Principal.IsStaff()) return result.Principal;
        }
        return null;
    }

    private static async Task Unauthenticated(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        await serializer.WriteAsync(http.Response.Body, new ExecutionResult
        {
            Errors = [new ExecutionError(message) { Code = ErrorCodes.Unauthenticated }],
        });
    }
}

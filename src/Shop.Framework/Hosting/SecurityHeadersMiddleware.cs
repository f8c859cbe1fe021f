using Microsoft.AspNetCore.Http;

namespace Shop.Framework.Hosting;

/// <summary>
/// Response headers browsers act on. Every response: no MIME sniffing. The admin and GraphiQL:
/// never inside another site's frame (a framed admin page can be clicked through by an attacker's
/// page), no plugins, no foreign base URL. GraphiQL, which has no inline script, also runs only
/// scripts from this host, so a payload smuggled into a document it renders cannot run. Admin pages
/// keep their small inline scripts, so their policy does not restrict scripts.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string AdminPolicy = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

    // GraphiQL's editor styles elements at run time, hence inline styles; its icons are data: URLs.
    public const string GraphiQLPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'";

    public Task InvokeAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        var path = http.Request.Path;
        var policy = path.StartsWithSegments("/graphiql") ? GraphiQLPolicy
            : path.StartsWithSegments("/admin") ? AdminPolicy
            : null;
        if (policy is not null)
        {
            headers.ContentSecurityPolicy = policy;
            headers.XFrameOptions = "DENY";
        }
        return next(http);
    }
}

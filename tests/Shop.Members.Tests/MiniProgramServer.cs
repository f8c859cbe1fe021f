using Microsoft.AspNetCore.Hosting;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.Members.Tests;

/// <summary>A local HTTP server playing the mini-program code-to-session endpoint.</summary>
public sealed class MiniProgramServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<string> Queries { get; } = new();
    public string Url { get; }

    private MiniProgramServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>
    /// Codes: "ok-N" → openid-N, union-shared; "solo-N" → openid-N, no union id; "html-", "broken-",
    /// "fail-", "typed-", "long-", "nul-" → an HTML page, cut-off JSON, a 500, wrongly typed JSON, ids
    /// longer than any WeChat id, an id with a NUL; anything else → errcode 40029.
    /// </summary>
    public static async Task<MiniProgramServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        MiniProgramServer? server = null;
        app.MapGet("/sns/jscode2session", (HttpRequest request) =>
        {
            server!.Queries.Enqueue(request.QueryString.Value ?? "");
            if (request.Query["appid"] != "wx-test-app" || request.Query["secret"] != "test-app-secret-value")
                return Results.Json(new { errcode = 40125, errmsg = "invalid appsecret" });
            var code = request.Query["js_code"].ToString();
            if (code.StartsWith("ok-")) return Results.Json(new { openid = "openid-" + code[3..], session_key = "k", unionid = "union-shared" });
            if (code.StartsWith("solo-")) return Results.Json(new { openid = "openid-" + code[5..], session_key = "k" });
            // Answers a broken or hostile upstream could give.
            if (code.StartsWith("html-")) return Results.Content("<html><body>502 Bad Gateway</body></html>", "text/html");
            if (code.StartsWith("broken-")) return Results.Content("{\"openid\": ", "application/json");
            if (code.StartsWith("fail-")) return Results.StatusCode(500);
            if (code.StartsWith("typed-")) return Results.Content("{\"errcode\": \"forty\", \"openid\": 7}", "application/json");
            if (code.StartsWith("long-")) return Results.Json(new { openid = new string('o', 200), session_key = "k", unionid = new string('u', 200) });
            if (code.StartsWith("nul-")) return Results.Json(new { openid = "open\u0000id", session_key = "k" });
            return Results.Json(new { errcode = 40029, errmsg = "invalid code" });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new MiniProgramServer(app, address + "/sns/jscode2session");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

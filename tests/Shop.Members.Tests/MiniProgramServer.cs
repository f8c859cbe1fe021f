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

    /// <summary>Codes: "ok-N" → openid-N, union-shared; "solo-N" → openid-N, no union id; anything else → errcode 40029.</summary>
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
            return Results.Json(new { errcode = 40029, errmsg = "invalid code" });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new MiniProgramServer(app, address + "/sns/jscode2session");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Shop.Benchmarks;

/// <summary>
/// The ceiling Shop is compared against: Kestrel plus routing, answering POST /bare with fixed
/// bytes (Shop's own answer, same content type). It is hosted the same way as Shop (a child
/// process by default: this program re-launched with the hidden <c>bare-server</c> verb), so the
/// shop/bare ratio compares the apps and not two ways of sharing the machine with the client.
/// </summary>
public sealed class BareServer : IAsyncDisposable
{
    public const string Verb = "bare-server";

    private ChildProcess? _child;
    private WebApplication? _app;

    public required Uri Url { get; init; }
    public string Description { get; private set; } = "";

    public CpuMeter Cpu => new(_child?.Id, countPostgres: false);

    public static async Task<BareServer> StartAsync(HostMode host, byte[] body, string contentType)
    {
        var port = Net.FreePort();
        var server = new BareServer { Url = new Uri($"http://127.0.0.1:{port}/bare") };
        try
        {
            if (host == HostMode.Child)
            {
                var bodyFile = Path.GetTempFileName();
                await File.WriteAllBytesAsync(bodyFile, body);
                var self = typeof(BareServer).Assembly.Location;
                server._child = ChildProcess.Start(self, [Verb, port.ToString(), contentType, bodyFile], AppContext.BaseDirectory, new Dictionary<string, string>());
                server.Description = $"child process {server._child.Id}: minimal WebApplication";
            }
            else
            {
                server._app = Build(port, body, contentType);
                await server._app.StartAsync();
                server.Description = "in-process minimal WebApplication";
            }
            using var probe = new HttpClient();
            await Net.WaitUntilAsync(
                async () => (await probe.PostAsync(server.Url, new ByteArrayContent([]))).IsSuccessStatusCode,
                () => server._child is { HasExited: true } c ? "exited:\n" + c.Tail() : null,
                TimeSpan.FromSeconds(30), "Bare server");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Entry point of the child: <c>bare-server PORT CONTENT-TYPE BODY-FILE</c>; runs until killed.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[0], out var port))
        {
            Console.Error.WriteLine($"usage: {Verb} PORT CONTENT-TYPE BODY-FILE");
            return 2;
        }
        var body = await File.ReadAllBytesAsync(args[2]);
        File.Delete(args[2]);
        await Build(port, body, args[1]).RunAsync();
        return 0;
    }

    private static WebApplication Build(int port, byte[] body, string contentType)
    {
        // Slim builder: Kestrel and routing only, the least an ASP.NET Core app can be.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/bare", () => Results.Bytes(body, contentType));
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_child is not null) await _child.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
    }
}

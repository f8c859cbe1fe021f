using System.Net;
using System.Text;

namespace Shop.Search.Elasticsearch.Tests;

/// <summary>An HTTP handler that answers from a script and records what it was sent: the cluster boundary, nothing more.</summary>
public sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] script) : HttpMessageHandler
{
    private int _next;

    public List<(HttpMethod Method, string Path, string? Body, string? Authorization)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!.PathAndQuery, body, request.Headers.Authorization?.ToString()));
        var step = script[Math.Min(_next++, script.Length - 1)];
        return step(request);
    }

    public static Func<HttpRequestMessage, HttpResponseMessage> Answer(HttpStatusCode status, string json) =>
        _ => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static Func<HttpRequestMessage, HttpResponseMessage> Refuse() =>
        _ => throw new HttpRequestException("Connection refused (es.local:9200)");
}

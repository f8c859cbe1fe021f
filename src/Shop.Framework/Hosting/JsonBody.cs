using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Shop.Framework.Hosting;

/// <summary>
/// Reading a JSON request body the way every endpoint of ours must: never more than a limit held
/// in memory (a chunked body has no Content-Length to refuse up front), UTF-8 checked before any
/// string is read (System.Text.Json checks it lazily and throws InvalidOperationException, not
/// JsonException), and a property named twice refused as invalid JSON (it has no one meaning).
/// </summary>
public static class JsonBody
{
    public static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>The body's bytes, or null once it passed <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > maxBytes) return null;
        }
        return buffer.ToArray();
    }

    public static bool IsUtf8(ReadOnlySpan<byte> body) => System.Text.Unicode.Utf8.IsValid(body);
}

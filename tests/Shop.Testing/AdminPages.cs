using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shop.Testing;

/// <summary>Admin Razor pages over HTTP: a client signed in with the bootstrap API key, and form posts with the page's antiforgery token.</summary>
public static partial class AdminPages
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>Redirects are not followed, so tests can assert them.</summary>
    public static HttpClient AdminClient(this ShopAppFactory app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ShopAppFactory.ApiKey);
        return client;
    }

    /// <summary>Reads the antiforgery token from <paramref name="tokenPage"/>, then posts the form to <paramref name="url"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string tokenPage, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(tokenPage);
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }
}

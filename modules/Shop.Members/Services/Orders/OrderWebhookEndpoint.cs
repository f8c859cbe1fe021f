using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Hosting;
using Shop.Members.Models;

namespace Shop.Members.Services.Orders;

/// <summary>
/// <c>POST /api/webhooks/orders</c>: <c>{ "event": "order.placed" | "order.paid" | "order.cancelled" | "order.refunded", "data": { ...the GraphQL input... } }</c>.
/// The signature is checked over the raw bytes before anything is parsed, so an unsigned or
/// forged call records nothing. 200 with the result; 422 with typed errors when refused; 400
/// for malformed bodies; 401 for bad signatures; 503 when no secret is configured.
/// </summary>
public static class OrderWebhookEndpoint
{
    private const int MaxBodyBytes = 1 << 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A plain RequestDelegate: the IResult is executed here, not left for a binder that would drop it.</summary>
    public static async Task HandleAsync(HttpContext http) => await (await RespondAsync(http)).ExecuteAsync(http);

    private static async Task<IResult> RespondAsync(HttpContext http)
    {
        var signature = http.RequestServices.GetRequiredService<WebhookSignature>();
        if (!signature.Configured)
            return Results.Problem("Order webhooks are off: set Shop:Webhooks:Secret.", statusCode: StatusCodes.Status503ServiceUnavailable);
        var body = await JsonBody.ReadAsync(http.Request, MaxBodyBytes);
        if (body is null) return Results.Problem("Body too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        if (!signature.Verify(body, http.Request.Headers[WebhookSignature.Header]))
            return Results.Problem($"Missing or wrong {WebhookSignature.Header}.", statusCode: StatusCodes.Status401Unauthorized);
        if (!JsonBody.IsUtf8(body)) return BadRequest("The body is not valid UTF-8.");

        string? eventName;
        JsonNode? data;
        try
        {
            var envelope = JsonNode.Parse(body, documentOptions: JsonBody.Strict) as JsonObject;
            eventName = envelope?["event"]?.GetValue<string>();
            data = envelope?["data"];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return BadRequest("The body is not the JSON envelope { event, data }.");
        }
        if (data is not JsonObject) return BadRequest("\"data\" must be an object.");
        if (!StorableInput.IsStorable(data)) return BadRequest(StorableInput.Refusal);

        var intake = http.RequestServices.GetRequiredService<OrderIntakeService>();
        OrderResult result;
        try
        {
            result = eventName switch
            {
                "order.placed" => await intake.PlaceAsync(data.Deserialize<OrderInput>(Json)!),
                "order.paid" => await intake.PayAsync(data.Deserialize<OrderInput>(Json)!),
                "order.cancelled" => await intake.CancelAsync(data.Deserialize<OrderCancelInput>(Json)!),
                "order.refunded" => await intake.RefundAsync(data.Deserialize<OrderRefundInput>(Json)!),
                _ => null!,
            };
        }
        catch (JsonException e)
        {
            return BadRequest($"\"data\" does not match the {eventName} input: {e.Message}");
        }
        if (result is null) return BadRequest("\"event\" must be order.placed, order.paid, order.cancelled or order.refunded.");

        var response = new { order = result.Order, refund = result.Refund, errors = result.Errors };
        return Results.Json(response, Json, statusCode: result.Errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static IResult BadRequest(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}

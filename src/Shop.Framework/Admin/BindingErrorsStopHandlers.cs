using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Shop.Framework.Admin;

/// <summary>A form page that can show itself again with what was posted and the errors on it.</summary>
public interface IRedisplayForm
{
    Task<IActionResult> RedisplayAsync();
}

/// <summary>
/// A post whose values did not bind ("1,000" in a points field, "abc" in a date) never reaches its
/// handler: MVC would have left such a field at its default, and the handler would save 0, which
/// for a limit or a price means something else entirely. The page shows itself again with the
/// field's error (<see cref="IRedisplayForm"/>); a page that cannot answers 400.
/// Only binding errors count: implicit [Required] on non-nullable strings is off
/// (<see cref="FormBinding"/>), and content rules are the validators' business.
/// </summary>
public sealed class BindingErrorsStopHandlers : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (HttpMethods.IsGet(context.HttpContext.Request.Method) || context.ModelState.IsValid)
        {
            await next();
            return;
        }
        // Not every field shows its own error (a page's second form may have none), so the top says which could not be read.
        var unread = context.ModelState.Where(e => e.Key.Length > 0 && e.Value is { Errors.Count: > 0 }).Select(e => e.Key.Split('.')[^1]).Distinct().ToList();
        if (unread.Count > 0) context.ModelState.AddModelError("", $"These values could not be read, nothing was saved: {string.Join(", ", unread)}.");
        context.Result = context.HandlerInstance is IRedisplayForm form
            ? await form.RedisplayAsync()
            : new BadRequestObjectResult(new ValidationProblemDetails(context.ModelState));
    }
}

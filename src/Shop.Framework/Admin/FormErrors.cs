using Microsoft.AspNetCore.Mvc.ModelBinding;
using Shop.Framework.GraphQL;

namespace Shop.Framework.Admin;

/// <summary>Puts a service's typed errors on an admin form: next to their field, or at the top.</summary>
public static class FormErrors
{
    /// <param name="prefix">The bound property of the page, e.g. "Input".</param>
    /// <param name="keyFor">Maps an error's field path to the form's property path; the default
    /// capitalises each segment ("benefits.discountPercent" → "Benefits.DiscountPercent"). Return
    /// "" to show the error at the top.</param>
    public static void Add(ModelStateDictionary modelState, IEnumerable<UserError> errors, string prefix, Func<string, string>? keyFor = null)
    {
        foreach (var error in errors)
        {
            var path = string.IsNullOrEmpty(error.Field) || error.Field == "id" ? "" : (keyFor ?? PascalPath)(error.Field);
            modelState.AddModelError(path.Length == 0 ? "" : $"{prefix}.{path}", error.Message);
        }
    }

    public static string PascalPath(string field) =>
        string.Join('.', field.Split('.').Select(s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]));
}

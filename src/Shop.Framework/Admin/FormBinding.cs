using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Shop.Framework.Admin;

/// <summary>
/// How admin forms bind, so that what a hand-written post can send is a form error, never a 500.
/// </summary>
public static class FormBinding
{
    public static void Configure(MvcOptions options)
    {
        options.ModelMetadataDetailsProviders.Add(new NonNullableStringsStayStrings());
        options.ModelBinderProviders.Insert(0, new CheckboxBinderProvider());
        // Forms are checked by the content validators, field by field; MVC's implicit [Required] on
        // every non-nullable string would only make ModelState invalid on posts that are fine.
        options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        options.Filters.Add(new BindingErrorsStopHandlers());
    }

    /// <summary>
    /// MVC binds an empty field as null even to a <c>string</c> declared non-nullable, and a form's
    /// code trims and splits those without checking. A non-nullable string gets "" instead; a
    /// <c>string?</c> keeps MVC's null for empty.
    /// </summary>
    private sealed class NonNullableStringsStayStrings : IDisplayMetadataProvider
    {
        public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
        {
            if (context.Key.ModelType != typeof(string)) return;
            // NullabilityInfoContext caches per instance and is not thread-safe; metadata is built once per member.
            var nullability = new NullabilityInfoContext();
            var state = context.Key switch
            {
                { MetadataKind: ModelMetadataKind.Property, PropertyInfo: { } property } => nullability.Create(property).WriteState,
                { MetadataKind: ModelMetadataKind.Parameter, ParameterInfo: { } parameter } => nullability.Create(parameter).WriteState,
                _ => NullabilityState.Unknown,
            };
            if (state == NullabilityState.NotNull) context.DisplayMetadata.ConvertEmptyStringToNull = false;
        }
    }

    /// <summary>
    /// A checkbox posts "true" or "false". Anything else is a form error, and the value kept for
    /// re-rendering is "false": MVC's own binder keeps the text, and the checkbox tag helper then
    /// throws converting it back to a bool when the page shows the error.
    /// </summary>
    private sealed class CheckboxBinderProvider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.ModelType == typeof(bool) ? CheckboxBinder.Instance : null;
    }

    private sealed class CheckboxBinder : IModelBinder
    {
        public static readonly CheckboxBinder Instance = new();

        public Task BindModelAsync(ModelBindingContext context)
        {
            var posted = context.ValueProvider.GetValue(context.ModelName);
            if (posted == ValueProviderResult.None) return Task.CompletedTask;
            if (bool.TryParse(posted.FirstValue, out var value))
            {
                context.ModelState.SetModelValue(context.ModelName, posted);
                context.Result = ModelBindingResult.Success(value);
                return Task.CompletedTask;
            }
            context.ModelState.SetModelValue(context.ModelName, false, "false");
            context.ModelState.TryAddModelError(context.ModelName, $"'{context.ModelMetadata.GetDisplayName()}' must be true or false.");
            context.Result = ModelBindingResult.Failed();
            return Task.CompletedTask;
        }
    }
}

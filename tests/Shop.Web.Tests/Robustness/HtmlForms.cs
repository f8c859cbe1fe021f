using System.Net;
using System.Text.RegularExpressions;

namespace Shop.Web.Tests.Robustness;

/// <summary>A form field as the page rendered it: its name, its kind (input type, select, textarea) and its value.</summary>
public sealed record FormField(string Name, string Kind, string Value);

/// <summary>A post a page offers: the form's fields, and each address its submit buttons post to.</summary>
public sealed record HtmlForm(IReadOnlyList<string> Targets, IReadOnlyList<FormField> Fields);

/// <summary>
/// Reads the post forms out of the admin's server-rendered HTML. The pages are ours and regular
/// (Razor tag helpers, no scripts building forms), so patterns over the markup are enough.
/// </summary>
public static partial class HtmlForms
{
    public static IReadOnlyList<HtmlForm> Read(string html, string pageUrl)
    {
        var forms = new List<HtmlForm>();
        foreach (Match form in Form().Matches(html))
        {
            var attributes = form.Groups["attrs"].Value;
            if (!Attribute(attributes, "method").Equals("post", StringComparison.OrdinalIgnoreCase)) continue;
            var body = form.Groups["body"].Value;
            var action = Attribute(attributes, "action") is { Length: > 0 } a ? a : pageUrl;
            var targets = Buttons().Matches(body).Select(b => Attribute(b.Value, "formaction")).Where(t => t.Length > 0).Distinct().ToList();
            if (targets.Count == 0) targets.Add(action);

            var fields = new List<FormField>();
            foreach (Match input in Inputs().Matches(body))
            {
                var name = Attribute(input.Value, "name");
                var type = Attribute(input.Value, "type") is { Length: > 0 } t ? t.ToLowerInvariant() : "text";
                if (name.Length == 0 || type is "submit" or "button" or "file") continue;
                if (type is "checkbox" or "radio" && !input.Value.Contains(" checked", StringComparison.Ordinal)) continue;
                fields.Add(new FormField(name, type, Attribute(input.Value, "value")));
            }
            foreach (Match select in Selects().Matches(body))
            {
                var options = Options().Matches(select.Groups["body"].Value).Select(o => WebUtility.HtmlDecode(o.Groups["value"].Value)).ToList();
                fields.Add(new FormField(Attribute(select.Groups["attrs"].Value, "name"), "select", options.FirstOrDefault() ?? ""));
            }
            foreach (Match area in TextAreas().Matches(body))
                fields.Add(new FormField(Attribute(area.Groups["attrs"].Value, "name"), "textarea", WebUtility.HtmlDecode(area.Groups["body"].Value)));
            forms.Add(new HtmlForm(targets.Select(WebUtility.HtmlDecode).ToList(), fields.Where(f => f.Name.Length > 0).ToList()));
        }
        return forms;
    }

    private static string Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}=\"(?<v>[^\"]*)\"", RegexOptions.IgnoreCase);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["v"].Value) : "";
    }

    [GeneratedRegex("<form(?<attrs>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Form();

    [GeneratedRegex("<input[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Inputs();

    [GeneratedRegex("<button[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Buttons();

    [GeneratedRegex("<select(?<attrs>[^>]*)>(?<body>.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Selects();

    [GeneratedRegex("<option[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Options();

    [GeneratedRegex("<textarea(?<attrs>[^>]*)>(?<body>.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextAreas();
}

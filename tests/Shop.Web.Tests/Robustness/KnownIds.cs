using System.Text.Json.Nodes;

namespace Shop.Web.Tests.Robustness;

/// <summary>
/// Ids the probe has seen in answers, by the type that carried them, so its typical calls name
/// things that exist and reach past the "not found" check. An argument <c>rewardId</c> takes a
/// <c>Reward</c>'s id; an argument <c>id</c> of <c>rewardPublish</c> takes one too.
/// </summary>
public sealed class KnownIds
{
    private readonly Dictionary<string, List<string>> _byType = new(StringComparer.OrdinalIgnoreCase);
    private int _turn;

    public int Count => _byType.Values.Sum(v => v.Count);

    /// <summary>Records every <c>id</c> next to a <c>__typename</c>, and every <c>somethingId</c> as a Something's.</summary>
    public void Harvest(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["__typename"] is JsonValue typename && obj["id"] is JsonValue id && id.TryGetValue<string>(out var idText))
                    Add(typename.GetValue<string>(), idText);
                foreach (var (key, value) in obj)
                {
                    if (key.Length > 2 && key.EndsWith("Id", StringComparison.Ordinal) && value is JsonValue v && v.TryGetValue<string>(out var text))
                        Add(key[..^2], text);
                    Harvest(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Harvest(item);
                break;
        }
    }

    /// <summary>An id for the argument <paramref name="name"/> of the root field <paramref name="field"/>, or null when none was seen.</summary>
    public string? Find(string name, string field)
    {
        if (name.Length > 2 && name.EndsWith("Id", StringComparison.Ordinal)) return Pick(name[..^2]);
        if (name != "id") return null;
        foreach (var prefix in CamelPrefixes(field))
            if (Pick(prefix) is { } id) return id;
        return null;
    }

    private void Add(string type, string id)
    {
        // Answers echo what the probe sent; only ids the shop made are worth sending back.
        if (string.IsNullOrEmpty(id) || id.StartsWith("probe-", StringComparison.Ordinal)) return;
        if (!_byType.TryGetValue(type, out var list)) _byType[type] = list = [];
        if (list.Count < 20 && !list.Contains(id)) list.Add(id);
    }

    private string? Pick(string prefix)
    {
        var match = _byType.TryGetValue(prefix, out var exact) ? exact
            : _byType.Where(p => p.Key.Contains(prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(p => p.Key.Length).Select(p => p.Value).FirstOrDefault();
        return match is { Count: > 0 } ? match[_turn++ % match.Count] : null;
    }

    /// <summary>"couponTemplateUpdate" → "couponTemplateUpdate", "couponTemplate", "coupon".</summary>
    private static IEnumerable<string> CamelPrefixes(string field)
    {
        for (var end = field.Length; end > 0; end--)
            if (end == field.Length || char.IsUpper(field[end]))
                yield return field[..end];
    }
}

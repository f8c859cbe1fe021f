using System.Globalization;
using Shop.Audiences.Models;
using Shop.Framework.GraphQL;
using Shop.Framework.Search;
using Shop.Framework.Time;

namespace Shop.Audiences.Services;

/// <summary>
/// Turns a rule into the search query model, checking every condition against the member
/// index: the field exists, the operator fits its type, the values parse. Errors name the
/// condition (<c>rule.conditions[2].values</c>) so the rule builder can point at it.
/// A bare date (<c>2026-11-01</c>) on a date field is a whole day in the merchant's time zone:
/// <c>gte</c> from the start of that local day, <c>lte</c> through its end (before the next
/// local day starts), <c>between</c> both days inclusive, <c>eq</c>/<c>in</c>/<c>notIn</c>
/// any instant of the day. Instants and relative dates (<c>now-30d</c>) stay instants.
/// </summary>
public static class AudienceRuleCompiler
{
    public const int MaxConditions = 50;
    public const int MaxValues = 500;

    /// <param name="zone">The merchant's time zone, for bare dates; UTC when not given.</param>
    public static (SearchQuery? Query, IReadOnlyList<UserError> Errors) Compile(AudienceRule rule, SearchIndexDefinition index, DateTimeOffset now, string path = "rule", TimeZoneInfo? zone = null)
    {
        var calendar = new MerchantCalendar(TimeProvider.System, zone ?? TimeZoneInfo.Utc);
        var errors = new List<UserError>();
        if (rule.Match is not (RuleMatch.All or RuleMatch.Any))
            errors.Add(new UserError(ErrorCodes.Validation, "match must be all or any.", $"{path}.match"));
        if (rule.Conditions.Count > MaxConditions)
            errors.Add(new UserError(ErrorCodes.Validation, $"At most {MaxConditions} conditions.", $"{path}.conditions"));
        var clauses = new List<SearchQuery>();
        for (var i = 0; i < rule.Conditions.Count && i < MaxConditions; i++)
        {
            var at = $"{path}.conditions[{i}]";
            try
            {
                clauses.Add(Condition(rule.Conditions[i], index, now, calendar, at));
            }
            catch (SearchQueryException e)
            {
                errors.Add(new UserError(ErrorCodes.Validation, e.Message, at));
            }
            catch (RuleException e)
            {
                errors.Add(new UserError(ErrorCodes.Validation, e.Message, e.Field));
            }
        }
        if (errors.Count > 0) return (null, errors);
        // No condition: everyone. "any" of nothing would be nobody, which no merchant means.
        if (clauses.Count == 0) return (new MatchAllQuery(), []);
        return (rule.Match == RuleMatch.Any ? new BoolQuery { Should = clauses, MinimumShouldMatch = 1 } : new BoolQuery { Filter = clauses }, []);
    }

    private static SearchQuery Condition(AudienceCondition c, SearchIndexDefinition index, DateTimeOffset now, MerchantCalendar calendar, string at)
    {
        var field = index.Field(c.Field) ?? throw new RuleException($"Members have no field '{c.Field}'.", $"{at}.field");
        var values = c.Values.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).ToList();
        if (values.Count > MaxValues) throw new RuleException($"At most {MaxValues} values.", $"{at}.values");
        List<string> AtLeast(int n) => values.Count >= n ? values : throw new RuleException(n == 1 ? "Give a value." : $"Give {n} values.", $"{at}.values");
        if (FitError(field, c.Operator) is { } misfit) throw new RuleException(misfit, $"{at}.operator");
        foreach (var value in values.Where(_ => c.Operator is not (RuleOperators.Match or RuleOperators.Prefix)))
            SearchValues.Parse(field, value, now); // refuses what the field's type cannot hold, before any provider sees it
        if (field.Type == SearchFieldType.Date && values.Any(v => SearchValues.IsDay(v, out _))
            && DayCondition(c.Operator, field.Name, values, calendar, AtLeast) is { } days)
            return days;
        return c.Operator switch
        {
            RuleOperators.Eq => new TermQuery(field.Name, AtLeast(1)[0]),
            RuleOperators.In => new TermsQuery(field.Name, AtLeast(1)),
            RuleOperators.NotIn => new BoolQuery { MustNot = [new TermsQuery(field.Name, AtLeast(1))] },
            RuleOperators.AllOf => new BoolQuery { Filter = AtLeast(1).Select(v => (SearchQuery)new TermQuery(field.Name, v)).ToList() },
            RuleOperators.Gte => new RangeQuery(field.Name) { Gte = AtLeast(1)[0] },
            RuleOperators.Lte => new RangeQuery(field.Name) { Lte = AtLeast(1)[0] },
            RuleOperators.Between => new RangeQuery(field.Name) { Gte = AtLeast(2)[0], Lte = values[1] },
            RuleOperators.Exists => new ExistsQuery(field.Name),
            RuleOperators.Missing => new BoolQuery { MustNot = [new ExistsQuery(field.Name)] },
            RuleOperators.Match => new MatchQuery(field.Name, string.Join(' ', AtLeast(1))),
            RuleOperators.Prefix => new PrefixQuery(field.Name, AtLeast(1)[0]),
            _ => throw new RuleException($"Operator must be one of: {string.Join(", ", RuleOperators.Every)}.", $"{at}.operator"),
        };
    }

    /// <summary>A date condition naming at least one bare date: each bare date is the half-open range of its local day (null: the operator takes no dates).</summary>
    private static SearchQuery? DayCondition(string op, string field, List<string> values, MerchantCalendar calendar, Func<int, List<string>> atLeast)
    {
        string Start(DateOnly day) => calendar.StartOf(day).ToString(CultureInfo.InvariantCulture);
        RangeQuery From(string value, RangeQuery range) =>
            SearchValues.IsDay(value, out var day) ? range with { Gte = Start(day) } : range with { Gte = value };
        RangeQuery Through(string value, RangeQuery range) =>
            SearchValues.IsDay(value, out var day) ? range with { Lt = Start(day.AddDays(1)) } : range with { Lte = value };
        SearchQuery On(string value) => SearchValues.IsDay(value, out _) ? Through(value, From(value, new RangeQuery(field))) : new TermQuery(field, value);
        SearchQuery AnyOf(List<string> days) => days.Count == 1 ? On(days[0]) : new BoolQuery { Should = days.Select(On).ToList(), MinimumShouldMatch = 1 };
        return op switch
        {
            RuleOperators.Eq => On(atLeast(1)[0]),
            RuleOperators.In => AnyOf(atLeast(1)),
            RuleOperators.NotIn => new BoolQuery { MustNot = [AnyOf(atLeast(1))] },
            RuleOperators.AllOf => new BoolQuery { Filter = atLeast(1).Select(On).ToList() },
            RuleOperators.Gte => From(atLeast(1)[0], new RangeQuery(field)),
            RuleOperators.Lte => Through(atLeast(1)[0], new RangeQuery(field)),
            RuleOperators.Between => Through(atLeast(2)[1], From(values[0], new RangeQuery(field))),
            _ => null,
        };
    }

    /// <summary>Text is searched by words only; words and prefixes make no sense on numbers and dates.</summary>
    private static string? FitError(SearchField field, string op) => (field.Type, op) switch
    {
        (_, RuleOperators.Exists or RuleOperators.Missing) => null,
        (SearchFieldType.Text, not RuleOperators.Match) => $"'{field.Name}' is text: use match.",
        (not SearchFieldType.Text, RuleOperators.Match) => $"'{field.Name}' is not text: match works on text fields only.",
        (not SearchFieldType.Keyword, RuleOperators.Prefix) => $"'{field.Name}' is not a keyword: prefix works on keyword fields only.",
        (SearchFieldType.Keyword or SearchFieldType.Bool, RuleOperators.Gte or RuleOperators.Lte or RuleOperators.Between) => $"'{field.Name}' has no order: use eq or in.",
        _ => null,
    };

    private sealed class RuleException(string message, string field) : Exception(message)
    {
        public string Field { get; } = field;
    }
}

using Shop.Audiences.Models;
using Shop.Audiences.Services;
using Shop.Framework.Search;

namespace Shop.Benchmarks.Audiences;

/// <summary>
/// One audience: three tags (all of them, or any of them) and a minimum paid total. Its search
/// query is what the app's rule compiler makes of the equivalent audience rule, so a count
/// costs what counting a saved audience costs.
/// </summary>
public sealed record AudienceQuery(bool All, string[] Tags, long MinPaidFen)
{
    public string Variant => All ? "all-of-3 tags + range" : "any-of-3 tags + range";

    public SearchQuery Compile(SearchIndexDefinition members, DateTimeOffset now)
    {
        var rule = new AudienceRule
        {
            Match = RuleMatch.All,
            Conditions =
            [
                new AudienceCondition { Field = MemberIndexFields.Tags, Operator = All ? RuleOperators.AllOf : RuleOperators.In, Values = [.. Tags] },
                new AudienceCondition { Field = MemberIndexFields.TotalPaidFen, Operator = RuleOperators.Gte, Values = [MinPaidFen.ToString(System.Globalization.CultureInfo.InvariantCulture)] },
            ],
        };
        var (query, errors) = AudienceRuleCompiler.Compile(rule, members, now);
        return query ?? throw new InvalidOperationException($"The rule compiler refused {this}: {string.Join("; ", errors.Select(e => e.Message))}");
    }

    /// <summary>
    /// Varied audiences from a seeded generator: each tag is drawn by popularity half the time and
    /// uniformly from the 200 otherwise (marketers mostly pick common tags, sometimes rare ones);
    /// the minimum spend is log-uniform between ¥10 and ¥20,000.
    /// </summary>
    public static List<AudienceQuery> Mix(bool all, int count, int seed)
    {
        var random = new Random(seed);
        var popularity = Enumerable.Range(1, MemberGenerator.TagCount).Select(rank => 1.0 / rank).ToArray();
        var total = popularity.Sum();
        int Popular()
        {
            var u = random.NextDouble() * total;
            for (var i = 0; i < popularity.Length; i++)
                if ((u -= popularity[i]) < 0) return i;
            return popularity.Length - 1;
        }
        var queries = new List<AudienceQuery>(count);
        for (var n = 0; n < count; n++)
        {
            var tags = new List<int>(3);
            while (tags.Count < 3)
            {
                var tag = random.NextDouble() < 0.5 ? Popular() : random.Next(MemberGenerator.TagCount);
                if (!tags.Contains(tag)) tags.Add(tag);
            }
            var min = (long)Math.Round(Math.Exp(Math.Log(1_000) + random.NextDouble() * (Math.Log(2_000_000) - Math.Log(1_000))));
            queries.Add(new AudienceQuery(all, tags.Select(t => MemberGenerator.TagNames[t]).ToArray(), min));
        }
        return queries;
    }
}

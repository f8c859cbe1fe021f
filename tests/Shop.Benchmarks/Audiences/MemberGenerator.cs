using Bogus;
using Shop.Framework.Data;
using Shop.Members.Models;

namespace Shop.Benchmarks.Audiences;

/// <summary>
/// Members for the audiences benchmark, generated with Bogus from a fixed seed: zh_CN names and
/// cities, registration over two years, and
/// <list type="bullet">
/// <item>spend: 45% of members never ordered; buyers' order counts are Pareto (α 1.5, capped at
/// 100, so most buy once or twice and a few dozens of times); each order's value is log-normal
/// around the buyer's own typical basket (itself log-normal around ¥120);</item>
/// <item>tags: 0–8 per member (mean ≈ 2.6) from a set of 200 with Zipf popularity (the most
/// popular tag is drawn 200 times as often as the least).</item>
/// </list>
/// Rows are produced in chunks for a <see cref="IMemberSink"/>; what the GIN comparison and the
/// query mix need (id, tags, paid total) stays in memory.
/// </summary>
public sealed class MemberGenerator
{
    public const int TagCount = 200;
    public const int ChunkSize = 50_000;
    private const double BuyerShare = 0.55, ParetoAlpha = 1.5;
    private const int MaxOrders = 100;
    private static readonly string[] Channels = ["miniprogram", "app", "store", "douyin", "taobao"];
    private static readonly float[] ChannelWeights = [0.45f, 0.2f, 0.2f, 0.1f, 0.05f];
    private static readonly string[] MobilePrefixes = ["130", "131", "135", "136", "138", "139", "150", "151", "158", "159", "177", "186", "188", "189", "199"];
    private static readonly double[] TagsPerMember = [0.25, 0.15, 0.15, 0.12, 0.10, 0.08, 0.06, 0.05, 0.04]; // P(0..8 tags)

    private readonly int _members;
    private readonly Faker _faker;
    private readonly double[] _tagCumulative = Cumulative(Enumerable.Range(1, TagCount).Select(rank => 1.0 / rank).ToArray());
    private readonly double[] _countCumulative = Cumulative(TagsPerMember);
    private readonly DateTimeOffset _now;

    public MemberGenerator(int members, DateTimeOffset now, int seed = 20_261_123)
    {
        _members = members;
        _now = now;
        _faker = new Faker("zh_CN") { Random = new Randomizer(seed) };
        Ids = new string[members];
        Tags = new byte[members][];
        TotalPaidFen = new long[members];
    }

    /// <summary>Tag keys by popularity rank: tag001 is the most popular.</summary>
    public static readonly string[] TagNames = Enumerable.Range(1, TagCount).Select(rank => $"tag{rank:D3}").ToArray();

    public string[] Ids { get; }

    /// <summary>Each member's tags as indexes into <see cref="TagNames"/>.</summary>
    public byte[][] Tags { get; }

    /// <summary>What the member document's <c>total_paid_fen</c> should be (goods + shipping of paid orders; no refunds are generated).</summary>
    public long[] TotalPaidFen { get; }

    public long Buyers { get; private set; }
    public long OrderRows { get; private set; }
    public long TagRows { get; private set; }
    public TimeSpan Generating { get; private set; }
    public TimeSpan Writing { get; private set; }

    /// <summary>Generates every member chunk by chunk and hands each chunk to the sink (one transaction or COPY per chunk).</summary>
    public async Task WriteAsync(IMemberSink sink, IProgress<int>? progress = null)
    {
        for (var start = 0; start < _members; start += ChunkSize)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var chunk = Generate(start, Math.Min(ChunkSize, _members - start));
            var generated = System.Diagnostics.Stopwatch.GetTimestamp();
            await sink.WriteAsync(chunk);
            Generating += System.Diagnostics.Stopwatch.GetElapsedTime(started, generated);
            Writing += System.Diagnostics.Stopwatch.GetElapsedTime(generated);
            progress?.Report(start + chunk.Members.Count);
        }
    }

    private MemberChunk Generate(int start, int count)
    {
        var chunk = new MemberChunk(count);
        var random = _faker.Random;
        var nowMs = _now.ToUnixMs();
        for (var i = start; i < start + count; i++)
        {
            var id = Ids[i] = Shop.Framework.Data.Ids.New("mbr");
            var created = nowMs - random.Long(0, 2L * 365 * 24 * 3600 * 1000);
            var gender = random.ArrayElement(Genders.All);
            chunk.Members.Add(new MemberRow(
                id,
                _faker.Name.LastName() + _faker.Name.FirstName(gender == "female" ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male),
                random.ArrayElement(MobilePrefixes) + (i % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
                _faker.Date.BetweenDateOnly(new DateOnly(1960, 1, 1), new DateOnly(2006, 12, 31)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                gender,
                _faker.Address.City(),
                random.WeightedRandom(Channels, ChannelWeights),
                created));

            if (random.Double() < BuyerShare)
            {
                Buyers++;
                // Pareto: P(orders ≥ k) = k^-α.
                var orders = (int)Math.Min(MaxOrders, Math.Floor(Math.Pow(1 - random.Double(), -1 / ParetoAlpha)));
                var typicalBasket = Math.Log(12_000) + 0.5 * Gaussian(random);
                long total = 0;
                for (var o = 0; o < orders; o++)
                {
                    var goods = Math.Max(100, (long)Math.Round(Math.Exp(typicalBasket + 0.7 * Gaussian(random)) / 10) * 10);
                    var paidAt = random.Long(created, nowMs);
                    chunk.Orders.Add(new OrderRow($"ord_{Guid.CreateVersion7():N}", id, goods, paidAt - random.Long(0, 30 * 60 * 1000), paidAt));
                    total += goods;
                }
                TotalPaidFen[i] = total;
                OrderRows += orders;
            }

            var tagCount = Pick(_countCumulative, random.Double());
            var tags = new byte[tagCount];
            for (var t = 0; t < tagCount; t++)
            {
                byte tag;
                do tag = (byte)Pick(_tagCumulative, random.Double());
                while (Array.IndexOf(tags, tag, 0, t) >= 0);
                tags[t] = tag;
                chunk.Tags.Add(new TagRow(id, TagNames[tag], random.Long(created, nowMs)));
            }
            Tags[i] = tags;
            TagRows += tagCount;
        }
        return chunk;
    }

    /// <summary>Standard normal (Box–Muller) from Bogus's seeded generator.</summary>
    private static double Gaussian(Randomizer random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.Double())) * Math.Cos(2 * Math.PI * random.Double());

    private static int Pick(double[] cumulative, double u)
    {
        var index = Array.BinarySearch(cumulative, u);
        return Math.Min(cumulative.Length - 1, index >= 0 ? index + 1 : ~index);
    }

    private static double[] Cumulative(double[] weights)
    {
        var sum = weights.Sum();
        var cumulative = new double[weights.Length];
        double running = 0;
        for (var i = 0; i < weights.Length; i++) cumulative[i] = running += weights[i] / sum;
        return cumulative;
    }
}

public sealed record MemberRow(string Id, string DisplayName, string Phone, string Birthday, string Gender, string City, string Channel, long CreatedAt);

public sealed record OrderRow(string OrderId, string MemberId, long GoodsFen, long PlacedAt, long PaidAt);

public sealed record TagRow(string MemberId, string Tag, long AddedAt);

public sealed class MemberChunk(int members)
{
    public List<MemberRow> Members { get; } = new(members);
    public List<OrderRow> Orders { get; } = new(members * 2);
    public List<TagRow> Tags { get; } = new(members * 3);
}

/// <summary>Writes generated rows into the app's tables (members, orders, member_tags).</summary>
public interface IMemberSink : IAsyncDisposable
{
    Task WriteAsync(MemberChunk chunk);
}

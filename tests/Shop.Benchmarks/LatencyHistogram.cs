namespace Shop.Benchmarks;

/// <summary>
/// Latencies at 1 µs resolution up to 250 ms, slower ones kept exactly in an overflow list.
/// One per worker: recording is an array increment, no allocation or locking in the hot loop.
/// </summary>
public sealed class LatencyHistogram
{
    private const int MaxMicros = 250_000;
    private readonly int[] _counts = new int[MaxMicros];
    private readonly List<long> _overflow = new(capacity: 1024);

    public long Count { get; private set; }
    public long MaxMicrosSeen { get; private set; }

    public void Record(long micros)
    {
        Count++;
        if (micros > MaxMicrosSeen) MaxMicrosSeen = micros;
        if (micros < MaxMicros) _counts[micros]++;
        else _overflow.Add(micros);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < MaxMicros; i++) _counts[i] += other._counts[i];
        _overflow.AddRange(other._overflow);
        Count += other.Count;
        MaxMicrosSeen = Math.Max(MaxMicrosSeen, other.MaxMicrosSeen);
    }

    /// <summary>The smallest latency (µs) at or below which <paramref name="percentile"/>% of requests finished.</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0) return 0;
        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        long seen = 0;
        for (var i = 0; i < MaxMicros; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return i;
        }
        _overflow.Sort();
        return _overflow[(int)Math.Min(rank - seen - 1, _overflow.Count - 1)];
    }
}

namespace Shop.CheckIn.Tests;

/// <summary>
/// A clock the tests set to any instant. FakeTimeProvider refuses to go back in time, but one
/// host serves a whole test class whose tests each start on their own day.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void SetUtcNow(DateTimeOffset value) => Interlocked.Exchange(ref _ticks, value.UtcTicks);
}

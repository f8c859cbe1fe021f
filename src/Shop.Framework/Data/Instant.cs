namespace Shop.Framework.Data;

/// <summary>
/// Instants are stored as Unix milliseconds (BIGINT): the one representation that compares,
/// sorts and round-trips identically on SQLite and PostgreSQL without provider type handlers.
/// </summary>
public static class Instant
{
    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromUnixMs(long? value) => value is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(value.Value);

    public static long NowMs(this TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();
}

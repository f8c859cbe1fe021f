namespace Shop.Framework.Data;

/// <summary>
/// A write queued by <see cref="DbSession.ExecuteLaterAsync"/>: sent with the transaction's next
/// statement or its commit. <paramref name="ExpectRows"/>, when set, is the number of rows it must
/// change; any other count throws <paramref name="Mismatch"/>'s exception.
/// </summary>
internal sealed record DeferredWrite(string Sql, object? Param, int? ExpectRows, Func<Exception>? Mismatch)
{
    /// <summary>Throws when <paramref name="rows"/> is not what the write expected.</summary>
    public void Check(int rows)
    {
        if (ExpectRows is { } expected && rows != expected) throw Missed();
    }

    /// <summary>The exception for a write that changed other than its expected rows.</summary>
    public Exception Missed() => Mismatch?.Invoke() ?? new InvalidOperationException($"A write changed other than the {ExpectRows} rows expected: {Sql}");
}

/// <summary>
/// A queued write failed in the database when it was finally sent. It is reported as its own
/// failure, not as one of the statement it travelled with, so that code handling that statement's
/// errors (a unique violation it expects, say) never mistakes it for its own.
/// </summary>
public sealed class DeferredWriteException(string sql, Exception inner)
    : Exception($"A queued write failed when it was sent: {sql}", inner);

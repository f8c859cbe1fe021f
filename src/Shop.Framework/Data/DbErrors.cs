using System.Data.Common;

namespace Shop.Framework.Data;

public static class DbErrors
{
    /// <summary>
    /// A unique index said no. Idempotency keys and one-per-day rules rely on this: the index
    /// decides, and the loser of a race turns the exception into a typed answer.
    /// </summary>
    public static bool IsUniqueViolation(this Exception e) =>
        e is DbException db && (db.SqlState == "23505" || db.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal));
}

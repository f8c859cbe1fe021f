using System.Data.Common;
using System.Globalization;

namespace Shop.Framework.Data;

/// <summary>
/// A one-column answer read as a number, text, date or enum, converted as Dapper converts it, so a
/// statement answers the same whether Dapper ran it or it went in a batch (with queued writes, or
/// in a shared transaction): <c>COUNT(*)</c> as an <c>int</c>, <c>SUM</c> of bigints (numeric in
/// PostgreSQL) as a <c>long</c>, NULL as the type's default.
/// </summary>
internal static class SimpleValue
{
    public static bool Is(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsPrimitive || target.IsEnum || target == typeof(string) || target == typeof(decimal) || target == typeof(DateTime)
            || target == typeof(DateTimeOffset) || target == typeof(Guid) || target == typeof(TimeSpan) || target == typeof(byte[])
            || target == typeof(DateOnly) || target == typeof(TimeOnly);
    }

    /// <summary>Reads the first column as <paramref name="type"/>; null for NULL.</summary>
    public static Func<DbDataReader, object?> Reader(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return reader => reader.IsDBNull(0) ? null : Convert(reader.GetValue(0), target);
    }

    /// <summary>A value read for a <typeparamref name="T"/>: null becomes its default (0 for a number).</summary>
    public static T As<T>(object? row) => row is null ? default! : (T)row;

    private static object Convert(object value, Type target)
    {
        if (target.IsInstanceOfType(value)) return value;
        if (target.IsEnum) return Enum.ToObject(target, System.Convert.ChangeType(value, Enum.GetUnderlyingType(target), CultureInfo.InvariantCulture));
        return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }
}

using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Npgsql;
using NpgsqlTypes;

namespace Shop.Framework.Data;

/// <summary>
/// A statement and its plain parameter object as an Npgsql batch command whose <c>@name</c>s go to
/// PostgreSQL as positions. Given named parameters, Npgsql parses and rewrites every statement's
/// text on every execution; here the text is worked out once per statement.
/// </summary>
internal static class PostgresParameters
{
    /// <summary>
    /// <paramref name="sql"/> with <paramref name="param"/>'s properties bound to the names it uses,
    /// as positions (<c>$1</c>, <c>$2</c>). Npgsql's parse of named parameters was the largest single
    /// part of the app's own CPU in a PostgreSQL check-in.
    /// </summary>
    public static NpgsqlBatchCommand Command(string sql, object? param)
    {
        if (param is null) return new NpgsqlBatchCommand(sql);
        var binding = Bindings.GetOrAdd((param.GetType(), sql), static key => Binding.Of(key.Type, Positional.GetOrAdd(key.Sql, PositionalStatement.Of)));
        var command = new NpgsqlBatchCommand(binding.Sql);
        foreach (var (read, declared) in binding.Values) command.Parameters.Add(Parameter(read(param), declared));
        return command;
    }

    /// <summary>How a parameter object's type fills a statement's positions: a compiled getter and declared type for each.</summary>
    private sealed record Binding(string Sql, (Func<object, object?> Read, Type Declared)[] Values)
    {
        public static Binding Of(Type type, PositionalStatement statement)
        {
            var properties = ReadableProperties(type).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            var values = statement.Names.Select(name =>
            {
                // Every position must be bound; as with Dapper, a name no property has is the statement's mistake.
                if (!properties.TryGetValue(name, out var property))
                    throw new ArgumentException($"The statement uses @{name}, and the parameter object has no property of that name.", "param");
                var instance = Expression.Parameter(typeof(object));
                var read = Expression.Lambda<Func<object, object?>>(
                    Expression.Convert(Expression.Property(Expression.Convert(instance, type), property), typeof(object)), instance).Compile();
                return (read, property.PropertyType);
            }).ToArray();
            return new Binding(statement.Sql, values);
        }
    }

    /// <summary>
    /// A statement's text with its <c>@name</c>s as positions, and the names in position order. A
    /// name is @ and a letter or underscore, not after a word character or another @ (PostgreSQL's
    /// own operators, such as <c>@&gt;</c>, never are), outside quotes and comments.
    /// </summary>
    private sealed record PositionalStatement(string Sql, string[] Names)
    {
        public static PositionalStatement Of(string sql)
        {
            var names = new List<string>();
            var text = new System.Text.StringBuilder(sql.Length);
            var i = 0;
            while (i < sql.Length)
            {
                var c = sql[i];
                var skipTo = c switch
                {
                    '\'' or '"' => sql.IndexOf(c, i + 1) is var close and >= 0 ? close + 1 : sql.Length,
                    '-' when At(sql, i, "--") => sql.IndexOf('\n', i) is var eol and >= 0 ? eol : sql.Length,
                    '/' when At(sql, i, "/*") => sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : sql.Length,
                    _ => -1,
                };
                if (skipTo >= 0)
                {
                    // A doubled quote inside a literal closes it and opens the next: the same text either way.
                    text.Append(sql, i, skipTo - i);
                    i = skipTo;
                }
                else if (c == '@' && i + 1 < sql.Length && (char.IsAsciiLetter(sql[i + 1]) || sql[i + 1] == '_')
                    && (i == 0 || !(char.IsLetterOrDigit(sql[i - 1]) || sql[i - 1] is '_' or '@')))
                {
                    var nameEnd = i + 1;
                    while (nameEnd < sql.Length && (char.IsLetterOrDigit(sql[nameEnd]) || sql[nameEnd] == '_')) nameEnd++;
                    var name = sql[(i + 1)..nameEnd];
                    var index = names.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                    if (index < 0)
                    {
                        names.Add(name);
                        index = names.Count - 1;
                    }
                    text.Append('$').Append(index + 1);
                    i = nameEnd;
                }
                else
                {
                    text.Append(c);
                    i++;
                }
            }
            return new PositionalStatement(text.ToString(), names.ToArray());
        }

        private static bool At(string sql, int i, string token) => string.CompareOrdinal(sql, i, token, 0, token.Length) == 0;
    }

    private static NpgsqlParameter Parameter(object? value, Type declared)
    {
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (type.IsEnum)
        {
            // Dapper sends an enum as its number.
            type = Enum.GetUnderlyingType(type);
            value = value is null ? null : Convert.ChangeType(value, type);
        }
        var parameter = new NpgsqlParameter { Value = value ?? DBNull.Value };
        // A null says nothing of its type; the declared one lets PostgreSQL use it where it cannot infer one.
        if (value is null && NullTypes.TryGetValue(type, out var dbType)) parameter.NpgsqlDbType = dbType;
        return parameter;
    }

    /// <summary>The public instance properties of a parameter object that can be read (no indexers).</summary>
    public static PropertyInfo[] ReadableProperties(Type type) =>
        Readable.GetOrAdd(type, static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray());

    private static readonly Dictionary<Type, NpgsqlDbType> NullTypes = new()
    {
        [typeof(string)] = NpgsqlDbType.Text,
        [typeof(long)] = NpgsqlDbType.Bigint,
        [typeof(int)] = NpgsqlDbType.Integer,
        [typeof(short)] = NpgsqlDbType.Smallint,
        [typeof(bool)] = NpgsqlDbType.Boolean,
        [typeof(double)] = NpgsqlDbType.Double,
        [typeof(decimal)] = NpgsqlDbType.Numeric,
    };

    private static readonly ConcurrentDictionary<(Type Type, string Sql), Binding> Bindings = new();
    private static readonly ConcurrentDictionary<string, PositionalStatement> Positional = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Readable = new();
}

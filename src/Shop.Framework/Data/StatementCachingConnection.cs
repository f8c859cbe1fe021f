using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Shop.Framework.Data;

/// <summary>
/// The SQLite writer connection as Dapper sees it. Microsoft.Data.Sqlite keeps a command's
/// compiled statements only for the life of that command object, and Dapper makes a new command
/// for every call, so each write statement was parsed and planned again every time (about a
/// quarter of a check-in's time under the write lock). Commands made here borrow one long-lived
/// <see cref="SqliteCommand"/> per SQL text, whose statements are compiled once and reset between
/// uses. Only the writer connection is wrapped: its use is serial (one write slot), which is what
/// makes sharing commands safe.
/// </summary>
public sealed class StatementCachingConnection(SqliteConnection inner, int capacity) : DbConnection
{
    private readonly Dictionary<string, LinkedListNode<(string Sql, SqliteCommand Command)>> _cached = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Sql, SqliteCommand Command)> _recent = new();

    public SqliteConnection Inner => inner;

    /// <summary>SQL texts whose statements are held compiled now.</summary>
    public int CachedStatements => _cached.Count;

    /// <summary>
    /// The command that runs <paramref name="sql"/>, kept most recently used first; beyond the
    /// capacity the least recently used is dropped with its statements. Reusing a command whose
    /// reader is still open fails loudly in Microsoft.Data.Sqlite, never silently: every query
    /// here is read to the end and its reader disposed before the next statement runs.
    /// </summary>
    internal SqliteCommand Borrow(string sql)
    {
        if (_cached.TryGetValue(sql, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Command;
        }
        var command = inner.CreateCommand();
        command.CommandText = sql;
        _cached[sql] = _recent.AddFirst((sql, command));
        if (_cached.Count > capacity)
        {
            var oldest = _recent.Last!;
            _recent.RemoveLast();
            _cached.Remove(oldest.Value.Sql);
            oldest.Value.Command.Dispose();
        }
        return command;
    }

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => throw new NotSupportedException("The writer connection's settings are fixed.");
    }

    public override string Database => inner.Database;
    public override string DataSource => inner.DataSource;
    public override string ServerVersion => inner.ServerVersion;
    public override ConnectionState State => inner.State;
    public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);
    public override void Open() => inner.Open();
    public override void Close() => inner.Close();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new CachedStatementCommand(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var (_, command) in _recent) command.Dispose();
            _recent.Clear();
            _cached.Clear();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

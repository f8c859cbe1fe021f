using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Shop.Framework.Data;

/// <summary>
/// A long-lived SQLite connection as Dapper sees it: the writer's, and each read connection of
/// <see cref="SqliteReadConnections"/>. Microsoft.Data.Sqlite keeps a command's compiled statements
/// only for the life of that command object, and Dapper makes a new command for every call, so each
/// statement was parsed and planned again every time (about a quarter of a check-in's time under
/// the write lock). Commands made here borrow one long-lived <see cref="SqliteCommand"/> per SQL
/// text, whose statements are compiled once and reset between uses. Sharing commands is safe
/// because each such connection is used serially: the writer by the one write slot, a read
/// connection by the one session that leased it.
/// </summary>
public sealed class StatementCachingConnection(SqliteConnection inner, int capacity) : ForwardingConnection
{
    private readonly Dictionary<string, LinkedListNode<(string Sql, SqliteCommand Command)>> _cached = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Sql, SqliteCommand Command)> _recent = new();

    public SqliteConnection Inner => inner;

    /// <summary>SQL texts whose statements are held compiled now.</summary>
    public int CachedStatements => _cached.Count;

    /// <summary>
    /// Rolls back a transaction left open on the connection (begun in SQL, which Microsoft.Data.Sqlite
    /// does not track); true when the connection is in autocommit mode afterwards.
    /// </summary>
    public bool EndTransaction()
    {
        if (inner.Handle is not { } handle) return false;
        if (SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0) return true;
        return SQLitePCL.raw.sqlite3_exec(handle, "ROLLBACK") == SQLitePCL.raw.SQLITE_OK && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0;
    }

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

    protected override DbConnection Target => inner;

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

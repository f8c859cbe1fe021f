using System.Data;
using System.Data.Common;

namespace Shop.Framework.Data;

/// <summary>
/// A connection that passes its state, settings and transactions to the one it stands for
/// (<see cref="Target"/>); subclasses decide what commands they make and what closing means.
/// </summary>
public abstract class ForwardingConnection : DbConnection
{
    protected abstract DbConnection Target { get; }

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string ConnectionString
    {
        get => Target.ConnectionString;
        set => throw new NotSupportedException("A long-lived connection's settings are fixed.");
    }

    public override string Database => Target.Database;
    public override string DataSource => Target.DataSource;
    public override string ServerVersion => Target.ServerVersion;
    public override ConnectionState State => Target.State;
    public override void ChangeDatabase(string databaseName) => Target.ChangeDatabase(databaseName);
    public override void Open() => Target.Open();
    public override void Close() => Target.Close();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => Target.BeginTransaction(isolationLevel);
}

using System.Collections;
using System.Data.Common;

namespace Shop.Framework.Data;

/// <summary>The parameters of a <see cref="CachedStatementCommand"/> until it runs.</summary>
internal sealed class ParameterList : DbParameterCollection
{
    // Sized for most statements, so the list does not grow (and reallocate) as Dapper adds to it.
    public List<DbParameter> Items { get; } = new(16);

    public override int Count => Items.Count;
    public override object SyncRoot => Items;

    public override int Add(object value)
    {
        Items.Add((DbParameter)value);
        return Items.Count - 1;
    }

    public override void AddRange(Array values)
    {
        foreach (var value in values) Add(value);
    }

    public override void Clear() => Items.Clear();
    public override bool Contains(object value) => Items.Contains((DbParameter)value);
    public override bool Contains(string value) => IndexOf(value) >= 0;
    public override void CopyTo(Array array, int index) => ((ICollection)Items).CopyTo(array, index);
    public override IEnumerator GetEnumerator() => Items.GetEnumerator();
    public override int IndexOf(object value) => Items.IndexOf((DbParameter)value);
    public override int IndexOf(string parameterName) => Items.FindIndex(p => Same(p.ParameterName, parameterName));
    public override void Insert(int index, object value) => Items.Insert(index, (DbParameter)value);
    public override void Remove(object value) => Items.Remove((DbParameter)value);
    public override void RemoveAt(int index) => Items.RemoveAt(index);
    public override void RemoveAt(string parameterName) => Items.RemoveAt(IndexOf(parameterName));
    protected override DbParameter GetParameter(int index) => Items[index];
    protected override DbParameter GetParameter(string parameterName) => Items[IndexOf(parameterName)];
    protected override void SetParameter(int index, DbParameter value) => Items[index] = value;
    protected override void SetParameter(string parameterName, DbParameter value) => Items[IndexOf(parameterName)] = value;

    // Dapper names parameters without the prefix; SQL names them with it.
    private static bool Same(string a, string b) =>
        string.Equals(a.TrimStart('@', '$', ':'), b.TrimStart('@', '$', ':'), StringComparison.Ordinal);
}

using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Shop.Members.Models;

namespace Shop.Benchmarks.Audiences;

/// <summary>
/// Bulk load into SQLite on one connection: prepared INSERTs, one transaction per chunk, and
/// synchronous=OFF on this connection only (generated data; a crash would just mean running
/// the benchmark again).
/// </summary>
public sealed class SqliteMemberSink : IMemberSink
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _member, _order, _tag;

    private SqliteMemberSink(SqliteConnection connection)
    {
        _connection = connection;
        _member = Prepare("INSERT INTO members (id, display_name, phone, birthday, gender, city, registration_channel, created_at, updated_at) " +
            "VALUES ($id, $name, $phone, $birthday, $gender, $city, $channel, $created, $created)", "$id", "$name", "$phone", "$birthday", "$gender", "$city", "$channel", "$created");
        _order = Prepare("INSERT INTO orders (order_id, member_id, status, lines, goods_fen, shipping_fee_fen, points_used, coupon_ids, placed_at, paid_at) " +
            $"VALUES ($order, $member, '{OrderStatuses.Paid}', '[]', $goods, 0, 0, '[]', $placed, $paid)", "$order", "$member", "$goods", "$placed", "$paid");
        _tag = Prepare("INSERT INTO member_tags (member_id, tag, source, added_at, added_by) VALUES ($member, $tag, 'manual', $added, 'benchmark')",
            "$member", "$tag", "$added");
    }

    public static async Task<SqliteMemberSink> OpenAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;";
            await pragmas.ExecuteNonQueryAsync();
        }
        return new SqliteMemberSink(connection);
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    public async Task WriteAsync(MemberChunk chunk)
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync();
        Run(_member, transaction, chunk.Members, (p, m) =>
        {
            p[0].Value = m.Id; p[1].Value = m.DisplayName; p[2].Value = m.Phone; p[3].Value = m.Birthday;
            p[4].Value = m.Gender; p[5].Value = m.City; p[6].Value = m.Channel; p[7].Value = m.CreatedAt;
        });
        Run(_order, transaction, chunk.Orders, (p, o) =>
        {
            p[0].Value = o.OrderId; p[1].Value = o.MemberId; p[2].Value = o.GoodsFen; p[3].Value = o.PlacedAt; p[4].Value = o.PaidAt;
        });
        Run(_tag, transaction, chunk.Tags, (p, t) =>
        {
            p[0].Value = t.MemberId; p[1].Value = t.Tag; p[2].Value = t.AddedAt;
        });
        await transaction.CommitAsync();
    }

    private static void Run<T>(SqliteCommand command, SqliteTransaction transaction, List<T> rows, Action<SqliteParameterCollection, T> bind)
    {
        command.Transaction = transaction;
        foreach (var row in rows)
        {
            bind(command.Parameters, row);
            command.ExecuteNonQuery();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _member.DisposeAsync();
        await _order.DisposeAsync();
        await _tag.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>Bulk load into PostgreSQL with binary COPY, three COPYs (members, orders, tags) per chunk on one connection.</summary>
public sealed class PostgresMemberSink(NpgsqlConnection connection) : IMemberSink
{
    public static async Task<PostgresMemberSink> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new PostgresMemberSink(connection);
    }

    public async Task WriteAsync(MemberChunk chunk)
    {
        await CopyAsync("COPY members (id, display_name, phone, birthday, gender, city, registration_channel, created_at, updated_at) FROM STDIN (FORMAT BINARY)",
            chunk.Members, (w, m) =>
            {
                w.Write(m.Id, NpgsqlDbType.Varchar);
                w.Write(m.DisplayName, NpgsqlDbType.Varchar);
                w.Write(m.Phone, NpgsqlDbType.Varchar);
                w.Write(m.Birthday, NpgsqlDbType.Varchar);
                w.Write(m.Gender, NpgsqlDbType.Varchar);
                w.Write(m.City, NpgsqlDbType.Varchar);
                w.Write(m.Channel, NpgsqlDbType.Varchar);
                w.Write(m.CreatedAt, NpgsqlDbType.Bigint);
                w.Write(m.CreatedAt, NpgsqlDbType.Bigint);
            });
        await CopyAsync("COPY orders (order_id, member_id, status, lines, goods_fen, shipping_fee_fen, points_used, coupon_ids, placed_at, paid_at) FROM STDIN (FORMAT BINARY)",
            chunk.Orders, (w, o) =>
            {
                w.Write(o.OrderId, NpgsqlDbType.Varchar);
                w.Write(o.MemberId, NpgsqlDbType.Varchar);
                w.Write(OrderStatuses.Paid, NpgsqlDbType.Varchar);
                w.Write("[]", NpgsqlDbType.Text);
                w.Write(o.GoodsFen, NpgsqlDbType.Bigint);
                w.Write(0L, NpgsqlDbType.Bigint);
                w.Write(0L, NpgsqlDbType.Bigint);
                w.Write("[]", NpgsqlDbType.Text);
                w.Write(o.PlacedAt, NpgsqlDbType.Bigint);
                w.Write(o.PaidAt, NpgsqlDbType.Bigint);
            });
        await CopyAsync("COPY member_tags (member_id, tag, source, added_at, added_by) FROM STDIN (FORMAT BINARY)",
            chunk.Tags, (w, t) =>
            {
                w.Write(t.MemberId, NpgsqlDbType.Varchar);
                w.Write(t.Tag, NpgsqlDbType.Varchar);
                w.Write("manual", NpgsqlDbType.Varchar);
                w.Write(t.AddedAt, NpgsqlDbType.Bigint);
                w.Write("benchmark", NpgsqlDbType.Varchar);
            });
    }

    // Synchronous writes: millions of values, each usually just a copy into the buffer.
    private Task CopyAsync<T>(string copy, List<T> rows, Action<NpgsqlBinaryImporter, T> write)
    {
        using var importer = connection.BeginBinaryImport(copy);
        foreach (var row in rows)
        {
            importer.StartRow();
            write(importer, row);
        }
        importer.Complete();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

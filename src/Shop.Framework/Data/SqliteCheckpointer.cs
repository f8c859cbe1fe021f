using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shop.Framework.Data;

/// <summary>
/// Copies the write-ahead log back into the database file on its own connection, a few times a
/// second, so the writer never has to. Left to SQLite, the commit that crosses
/// <c>wal_autocheckpoint</c> does the copy (and its fsyncs) while holding the one write slot,
/// and every writer queued behind it waits. A PASSIVE checkpoint runs beside the writer and
/// never blocks it; the writer's own automatic checkpoint stays as the backstop for when this
/// falls behind or is not running (the CLI verbs). Registered only when the database is SQLite.
/// </summary>
public sealed class SqliteCheckpointer(IDbConnectionFactory connections, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private long _completed;

    /// <summary>Checkpoints run to the end since start (for health and tests).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var failures = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var connection = await connections.OpenAsync(stoppingToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(stoppingToken);
                Interlocked.Increment(ref _completed);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SqliteException ex)
            {
                // A checkpoint that cannot run now runs at the next tick or by the writer's backstop.
                if (++failures % 40 == 1) logger.LogWarning(ex, "SQLite checkpoint failed ({Failures} in a row).", failures);
            }
        }
    }
}

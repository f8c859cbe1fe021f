using Shop.Framework.Data;

namespace Shop.Framework.Search;

/// <summary>What the admin shows per index: documents, queue lag, cursor, rebuild progress.</summary>
public sealed record IndexStatus(string Index, string Provider, long? Documents, string? ProviderError, long PendingTasks, long Cursor,
    long? LastAppliedAt, string? RebuildState, long RebuildDone, long RebuildTotal, long? RebuildStartedAt, long? RebuildFinishedAt, string? RebuildError);

public sealed class SearchStatusReader(DbSession db, SearchCatalog catalog)
{
    public async Task<IReadOnlyList<IndexStatus>> ReadAsync(CancellationToken ct = default)
    {
        var pending = (await db.QueryAsync<Row>("SELECT index_name AS IndexName, COUNT(*) AS Value FROM search_tasks GROUP BY index_name"))
            .ToDictionary(r => r.IndexName, r => r.Value);
        var cursors = (await db.QueryAsync<CursorRow>("SELECT index_name AS IndexName, last_seq AS LastSeq, updated_at AS UpdatedAt FROM search_cursors"))
            .ToDictionary(r => r.IndexName);
        var rebuilds = (await db.QueryAsync<RebuildRow>(
                "SELECT index_name AS IndexName, state AS State, done AS Done, total AS Total, started_at AS StartedAt, finished_at AS FinishedAt, error AS Error FROM search_rebuilds"))
            .ToDictionary(r => r.IndexName);
        var result = new List<IndexStatus>();
        foreach (var index in catalog.Indexes.Order())
        {
            string providerName = "none", error = "";
            long? documents = null;
            try
            {
                var provider = catalog.Provider;
                providerName = provider.Name;
                documents = await catalog.Open(index).CountAsync(new MatchAllQuery(), ct);
            }
            catch (SearchUnavailableException e)
            {
                error = e.Message;
            }
            var cursor = cursors.GetValueOrDefault(index);
            var rebuild = rebuilds.GetValueOrDefault(index);
            result.Add(new IndexStatus(index, providerName, documents, error.Length == 0 ? null : error, pending.GetValueOrDefault(index),
                cursor?.LastSeq ?? 0, cursor?.UpdatedAt, rebuild?.State, rebuild?.Done ?? 0, rebuild?.Total ?? 0, rebuild?.StartedAt,
                rebuild?.FinishedAt, rebuild?.Error));
        }
        return result;
    }

    private sealed class Row
    {
        public string IndexName { get; set; } = "";
        public long Value { get; set; }
    }

    private sealed class CursorRow
    {
        public string IndexName { get; set; } = "";
        public long LastSeq { get; set; }
        public long UpdatedAt { get; set; }
    }

    private sealed class RebuildRow
    {
        public string IndexName { get; set; } = "";
        public string State { get; set; } = "";
        public long Done { get; set; }
        public long Total { get; set; }
        public long StartedAt { get; set; }
        public long? FinishedAt { get; set; }
        public string? Error { get; set; }
    }
}

using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.Search.Tests;

/// <summary>A small real index over the members table: what the worker, rebuilds and the admin API are tested with.</summary>
public sealed class MemberCitiesSource(DbSession db) : ISearchDocumentSource
{
    public const string Index = "testmembers";

    public SearchIndexDefinition Definition { get; } = new(Index, [new SearchField("name", SearchFieldType.Text), new SearchField("city", SearchFieldType.Keyword)]);

    public async Task<IReadOnlyList<SearchDocument>> LoadAsync(IReadOnlyList<string> ids, CancellationToken ct = default) =>
        (await db.QueryAsync<Row>($"SELECT id AS Id, display_name AS Name, city AS City FROM members WHERE {db.In("id", "ids")}", new { ids = ids.ToArray() }))
        .Select(r => new SearchDocument(r.Id, new Dictionary<string, object?> { ["name"] = r.Name, ["city"] = r.City }))
        .ToList();

    public async Task<IReadOnlyList<string>> IdsAfterAsync(string? afterId, int take, CancellationToken ct = default) =>
        (await db.QueryAsync<string>(afterId is null
            ? "SELECT id FROM members ORDER BY id LIMIT @take"
            : "SELECT id FROM members WHERE id > @afterId ORDER BY id LIMIT @take", new { afterId, take })).ToList();

    public Task<long> CountAsync(CancellationToken ct = default) => db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM members");

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? City { get; set; }
    }
}

/// <summary>Adds a field from "another module"; can be told to fail, to play a crash in the middle of a batch.</summary>
public sealed class NameLengthContributor(FailureSwitch failures) : ISearchDocumentContributor
{
    public string Index => MemberCitiesSource.Index;

    public IReadOnlyList<SearchField> Fields { get; } = [new SearchField("nameLength", SearchFieldType.Long)];

    public async Task ContributeAsync(IReadOnlyDictionary<string, Dictionary<string, object?>> documents, CancellationToken ct = default)
    {
        if (failures.WhileBuilding is { } interleave)
        {
            failures.WhileBuilding = null;
            await interleave();
        }
        if (failures.FailNext > 0)
        {
            failures.FailNext--;
            throw new IOException("simulated crash while building documents");
        }
        foreach (var (_, fields) in documents)
            fields["nameLength"] = (string)fields["name"]! == failures.Unindexable ? "not a number" : (long)((string)fields["name"]!).Length;
    }
}

public sealed class FailureSwitch
{
    public int FailNext { get; set; }

    /// <summary>The member with this name gets a document the index refuses (text where a number belongs).</summary>
    public string? Unindexable { get; set; }

    /// <summary>Runs once while the next batch's documents are built: something another node does meanwhile.</summary>
    public Func<Task>? WhileBuilding { get; set; }
}

using Shop.Audiences.Models;
using Shop.Framework.Data;
using Shop.Framework.GraphQL;
using Shop.Framework.Search;
using Shop.Members.Models;
using Shop.Members.Services;

namespace Shop.Audiences.Services;

public sealed record AudiencePreview(long Count, IReadOnlyList<Member> Sample, IReadOnlyList<UserError> Errors);

/// <summary>Counts and samples of rules and saved audiences, answered by the member index.</summary>
public sealed class AudienceQueries(DbSession db, AudienceCatalog catalog, MemberService members)
{
    public const int MaxSample = 50;

    public async Task<AudiencePreview> PreviewAsync(AudienceRule rule, int sample, CancellationToken ct = default)
    {
        var (query, errors) = catalog.Compile(rule);
        if (query is null) return new AudiencePreview(0, [], errors);
        var index = catalog.OpenMembers();
        var size = Math.Clamp(sample, 0, MaxSample);
        if (size == 0) return new AudiencePreview(await index.CountAsync(query, ct), [], []);
        var found = await index.SearchAsync(new SearchRequest(query) { Size = size }, ct);
        var sampled = await members.GetManyAsync(found.Hits.Select(h => h.Id).ToList());
        return new AudiencePreview(found.Total, found.Hits.Where(h => sampled.ContainsKey(h.Id)).Select(h => sampled[h.Id]).ToList(), []);
    }

    /// <summary>Members of a saved audience now: the rule's count, or the current snapshot's size.</summary>
    public async Task<long?> CountAsync(PublishedAudience audience, CancellationToken ct = default)
    {
        if (audience.Audience.Mode == AudienceModes.Snapshot)
            return await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {AudienceJobStore.CurrentSnapshotRows} WHERE r.audience_id = @Id", new { audience.Id });
        var (query, _) = catalog.Compile(audience.Audience.Rule);
        return query is null ? null : await catalog.OpenMembers().CountAsync(query, ct);
    }
}

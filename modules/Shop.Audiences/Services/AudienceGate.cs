using Shop.Audiences.Models;
using Shop.Framework.Audiences;
using Shop.Framework.Data;
using Shop.Framework.Search;

namespace Shop.Audiences.Services;

/// <summary>
/// Whether a member is in a saved audience, for coupon templates and rewards restricted to one.
/// A dynamic audience asks the member index (so it reflects the member as last indexed, seconds
/// behind the database); a snapshot audience looks up its current frozen list (a republish
/// switches to the new list only when its snapshot job has finished). Unknown, unpublished or
/// broken audiences admit nobody.
/// </summary>
public sealed class AudienceGate(DbSession db, AudienceCatalog catalog) : IAudienceGate
{
    public async Task<bool> ContainsAsync(string audienceId, string memberId, CancellationToken ct = default)
    {
        var audience = await catalog.AudienceAsync(audienceId);
        if (audience is null) return false;
        if (audience.Audience.Mode == AudienceModes.Snapshot)
            return await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {AudienceJobStore.CurrentSnapshotRows} WHERE r.audience_id = @audienceId AND r.member_id = @memberId",
                new { audienceId, memberId }) > 0;
        var (rule, _) = catalog.Compile(audience.Audience.Rule);
        return rule is not null && await catalog.OpenMembers().CountAsync(new BoolQuery { Filter = [rule, new IdsQuery([memberId])] }, ct) > 0;
    }
}

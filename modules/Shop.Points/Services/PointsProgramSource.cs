using Shop.Framework.Content;
using Shop.Points.Models;

namespace Shop.Points.Services;

/// <summary>The programme in force: the most recently published item, or the defaults.</summary>
public sealed class PointsProgramSource(ContentManager content)
{
    public const string ContentType = "pointsProgram";

    public async Task<(PointsProgram Program, string? VersionId)> CurrentAsync()
    {
        var item = await CurrentItemAsync();
        return item is null ? (PointsProgram.Default, null) : (item.Shared<PointsProgram>(), item.VersionId);
    }

    public Task<ContentItem?> CurrentItemAsync() => content.InForceAsync(ContentType);
}

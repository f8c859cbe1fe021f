using Shop.CheckIn.Models;
using Shop.Framework.Content;
using Shop.Framework.Time;

namespace Shop.CheckIn.Services;

/// <summary>The programme in force: its content version, its rules and the calendar its days are counted in.</summary>
public sealed record ActiveProgram(string VersionId, CheckInProgram Program, MerchantCalendar Calendar);

/// <summary>
/// Finds the programme in force: the most recently published <c>checkInProgram</c>. Read once
/// per request scope.
/// </summary>
public sealed class CheckInPrograms(ContentManager content, MerchantCalendar merchant)
{
    public const string ContentType = "checkInProgram";

    private Task<ActiveProgram?>? _current;

    public MerchantCalendar MerchantCalendar => merchant;

    public Task<ActiveProgram?> CurrentAsync() => _current ??= LoadAsync();

    /// <summary>The calendar check-in days are counted in: the programme's, or the merchant's when none is published.</summary>
    public async Task<MerchantCalendar> CalendarAsync() => (await CurrentAsync())?.Calendar ?? merchant;

    private async Task<ActiveProgram?> LoadAsync()
    {
        var item = await content.InForceAsync(ContentType);
        if (item is null) return null;
        var program = item.Shared<CheckInProgram>();
        return new ActiveProgram(item.VersionId, program, CalendarFor(program));
    }

    public MerchantCalendar CalendarFor(CheckInProgram program) =>
        !string.IsNullOrEmpty(program.TimeZone) && MerchantCalendar.TryFindZone(program.TimeZone, out var zone) ? merchant.In(zone) : merchant;
}

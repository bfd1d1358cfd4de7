using Microsoft.Extensions.Options;
using Tomte.Worker.Outreach;

namespace Tomte.Tests.Outreach;

/// <summary>
/// The send window: weekdays 09–16 Europe/Oslo for post and e-mail, 09–21 for phone tasks, Norwegian public holidays
/// excluded (PublicHoliday's Norway calendar).
/// </summary>
public sealed class SendWindowTests
{
    private static readonly SendWindow Window = new(Options.Create(new OutreachOptions()));

    private static DateTimeOffset Oslo(int year, int month, int day, int hour, int minute = 0)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    [Theory]
    [InlineData(2026, 12, 7, 9, 0, true)]     // Monday 09:00
    [InlineData(2026, 12, 7, 15, 59, true)]
    [InlineData(2026, 12, 7, 8, 59, false)]
    [InlineData(2026, 12, 7, 16, 0, false)]
    [InlineData(2026, 12, 5, 10, 0, false)]   // Saturday
    [InlineData(2026, 12, 6, 10, 0, false)]   // Sunday
    [InlineData(2026, 12, 25, 10, 0, false)]  // første juledag (Friday)
    [InlineData(2026, 12, 24, 10, 0, true)]   // julaften is not a public holiday
    [InlineData(2026, 4, 2, 10, 0, false)]    // skjærtorsdag
    [InlineData(2026, 4, 6, 10, 0, false)]    // andre påskedag
    [InlineData(2026, 5, 14, 10, 0, false)]   // Kristi himmelfartsdag
    [InlineData(2026, 5, 25, 10, 0, false)]   // andre pinsedag
    [InlineData(2027, 5, 17, 10, 0, false)]   // grunnlovsdag on a Monday
    [InlineData(2026, 7, 1, 9, 30, true)]     // summer time, 09:30 Oslo is 07:30 UTC
    public void Open_on_weekdays_inside_the_hours_and_never_on_a_public_holiday(int year, int month, int day, int hour, int minute, bool open) =>
        Assert.Equal(open, Window.IsOpen(Oslo(year, month, day, hour, minute)));

    [Fact]
    public void The_next_opening_skips_evenings_weekends_and_holidays()
    {
        Assert.Equal(Oslo(2026, 12, 7, 9), Window.NextOpen(Oslo(2026, 12, 4, 16, 30)));   // Friday evening → Monday
        Assert.Equal(Oslo(2026, 12, 28, 9), Window.NextOpen(Oslo(2026, 12, 24, 17)));     // julaften → 25, 26, 27 closed → Monday 28th
        Assert.Equal(Oslo(2026, 12, 8, 11), Window.NextOpen(Oslo(2026, 12, 8, 11)));      // already open
        Assert.Equal(Oslo(2026, 12, 8, 9), Window.NextOpen(Oslo(2026, 12, 8, 6)));
    }

    [Theory]
    [InlineData(2026, 12, 7, 9, 0, true)]     // Monday 09:00
    [InlineData(2026, 12, 7, 18, 0, true)]    // after the post window, inside the phone's
    [InlineData(2026, 12, 7, 20, 59, true)]
    [InlineData(2026, 12, 7, 21, 0, false)]
    [InlineData(2026, 12, 7, 8, 59, false)]
    [InlineData(2026, 12, 5, 12, 0, false)]   // Saturday
    [InlineData(2026, 12, 25, 12, 0, false)]  // første juledag
    public void Phone_tasks_are_made_on_weekdays_from_09_to_21(int year, int month, int day, int hour, int minute, bool open) =>
        Assert.Equal(open, Window.IsOpen(Oslo(year, month, day, hour, minute), Worker.Owners.Privacy.ContactChannel.Telefon));

    [Fact]
    public void The_phone_window_opens_next_on_the_following_workday_at_09()
    {
        Assert.Equal(Oslo(2026, 12, 8, 9), Window.NextOpen(Oslo(2026, 12, 7, 21, 30), Worker.Owners.Privacy.ContactChannel.Telefon));
        Assert.Equal(Oslo(2026, 12, 7, 17), Window.NextOpen(Oslo(2026, 12, 7, 17), Worker.Owners.Privacy.ContactChannel.Telefon));
    }
}

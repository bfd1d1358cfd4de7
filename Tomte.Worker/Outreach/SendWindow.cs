using Microsoft.Extensions.Options;
using PublicHoliday;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Worker.Outreach;

/// <summary>
/// When letters and e-mails may go out, and when phone tasks are made: weekdays inside the configured hours in
/// Europe/Oslo (09–16 for post and e-mail, 09–21 for the phone, DESIGN.md), never on a Norwegian public holiday
/// (PublicHoliday's Norway calendar: the twelve helligdager, Easter and Whitsun computed per year).
/// </summary>
public sealed class SendWindow(IOptions<OutreachOptions> options)
{
    private static readonly NorwayPublicHoliday Holidays = new();

    public bool IsOpen(DateTimeOffset now, ContactChannel channel = ContactChannel.Post)
    {
        var (start, end) = Hours(channel);
        var local = TimeZoneInfo.ConvertTime(now, options.Value.Zone());
        var time = TimeOnly.FromDateTime(local.DateTime);
        return IsWorkday(DateOnly.FromDateTime(local.DateTime)) && time >= start && time < end;
    }

    private (TimeOnly Start, TimeOnly End) Hours(ContactChannel channel) => channel == ContactChannel.Telefon
        ? (options.Value.TelefonvinduStart, options.Value.TelefonvinduSlutt)
        : (options.Value.SendevinduStart, options.Value.SendevinduSlutt);

    public static bool IsWorkday(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.IsPublicHoliday(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The first moment at or after <paramref name="now"/> when the window is open.</summary>
    public DateTimeOffset NextOpen(DateTimeOffset now, ContactChannel channel = ContactChannel.Post)
    {
        var (open, close) = Hours(channel);
        var zone = options.Value.Zone();
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i < 30; i++, day = day.AddDays(1))
        {
            if (!IsWorkday(day))
            {
                continue;
            }
            var start = At(day, open, zone);
            var end = At(day, close, zone);
            if (now < end)
            {
                return now > start ? now : start;
            }
        }
        throw new InvalidOperationException("No open send window within 30 days.");
    }

    /// <summary>Local day (Europe/Oslo) of a moment: the daily cap counts per local day.</summary>
    public DateOnly LocalDay(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, options.Value.Zone()).DateTime);

    public DateTimeOffset StartOfLocalDay(DateOnly day) => At(day, TimeOnly.MinValue, options.Value.Zone());

    private static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

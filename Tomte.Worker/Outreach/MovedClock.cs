using Globalization = System.Globalization;

namespace Tomte.Worker.Outreach;

/// <summary>
/// <c>tomte outreach --now</c>: the system clock moved to a given moment, still running from there, so every part
/// that asks the injected <see cref="TimeProvider"/> (the sequence, the permission check's wash age, the letters'
/// date) sees the same moved time.
/// </summary>
public sealed class MovedClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start.ToUniversalTime() + System.GetElapsedTime(_origin);

    /// <summary>"2026-12-01T10:00" read as Europe/Oslo wall-clock time (an explicit offset wins).</summary>
    public static DateTimeOffset ParseOslo(string text, TimeZoneInfo zone)
    {
        if (DateTimeOffset.TryParse(text, Globalization.CultureInfo.InvariantCulture, Globalization.DateTimeStyles.None, out var withOffset)
            && (text.EndsWith('Z') || text.Contains('+') || text.LastIndexOf('-') > 9))
        {
            return withOffset;
        }
        if (!DateTime.TryParse(text, Globalization.CultureInfo.InvariantCulture, Globalization.DateTimeStyles.None, out var local))
        {
            throw new FormatException($"--now '{text}' er ikke et tidspunkt; skriv f.eks. 2026-12-01T10:00 (norsk tid).");
        }
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}

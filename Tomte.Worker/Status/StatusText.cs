using System.Globalization;
using System.Text;

namespace Tomte.Worker.Status;

/// <summary>The Norwegian words and numbers of the status, shared by <c>tomte status</c>, the demo and Systemstatus.</summary>
public static class StatusText
{
    public static readonly CultureInfo Norsk = CultureInfo.GetCultureInfo("nb-NO");

    public static string Name(FunnelStage stage) => stage switch
    {
        FunnelStage.PolygonsAnalysed => "polygoner analysert",
        FunnelStage.Qualified => "kvalifiserte tomter",
        FunnelStage.OwnersContacted => "grunneiere kontaktet",
        FunnelStage.ActiveDialogues => "aktive dialoger",
        FunnelStage.Signed => "LOI/opsjoner signert",
        FunnelStage.HousingCapacity => "estimert boligkapasitet",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    public static string Outcome(JobStatus job) => job switch
    {
        { Failing: true } => $"feilet {job.FailuresInARow} ganger på rad",
        { LastOutcome: JobOutcome.NeverRun } => "aldri kjørt",
        { LastOutcome: JobOutcome.Running } => "kjører",
        { LastOutcome: JobOutcome.Succeeded } => "vellykket",
        { LastOutcome: JobOutcome.Failed } => "feilet",
        { LastOutcome: JobOutcome.Skipped } => "hoppet over",
        { LastOutcome: JobOutcome.Interrupted } => "avbrutt",
        _ => throw new ArgumentOutOfRangeException(nameof(job), job.LastOutcome, null),
    };

    public static string Freshness(SourceFreshness source)
    {
        var stale = source.StaleKommuner.Count();
        return stale > 0 ? "foreldet" : source.FailedCount > 0 ? "siste forsøk feilet" : "fersk";
    }

    public static string Budget(CallBudget calls) =>
        calls.Calls > calls.Budget ? "over budsjett" : calls.ShareUsed >= 0.8 ? "over 80 % av budsjettet" : "innenfor budsjett";

    public static string Count(long value) => value.ToString("N0", Norsk);

    public static string Percent(double share) => (share * 100).ToString("0", Norsk) + " %";

    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 60 } => duration.TotalSeconds.ToString("0.0", Norsk) + " s",
        { TotalMinutes: < 60 } => duration.TotalMinutes.ToString("0.0", Norsk) + " min",
        _ => duration.TotalHours.ToString("0.0", Norsk) + " t",
    };

    public static string Age(TimeSpan age) => age switch
    {
        { TotalHours: < 1 } => $"{Math.Max(0, (int)age.TotalMinutes)} min",
        { TotalDays: < 2 } => $"{(int)age.TotalHours} t",
        _ => $"{(int)age.TotalDays} døgn",
    };

    /// <summary>A moment in Norwegian time, as the team reads it (30.11.2026 14:05).</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, StatusReader.Oslo).ToString("dd.MM.yyyy HH:mm", Norsk) : "–";

    public static string MonthName(DateOnly month) => month.ToString("MMMM yyyy", Norsk);

    public static string CallsLine(CallBudget calls) =>
        $"Airtable-kall i {MonthName(calls.Month)}: {Count(calls.Calls)} av {Count(calls.Budget)} ({Percent(calls.ShareUsed)}, {Budget(calls)}), " +
        $"{Count(calls.Throttled)} svar med 429.";

    public static string JobValue(JobStatus job)
    {
        var text = Outcome(job);
        if (job.LastDuration is { } duration)
        {
            text += $" på {Duration(duration)}";
        }
        if (job.LastError is { } error && job.LastOutcome == JobOutcome.Failed)
        {
            text += ": " + OneLine(error, 200);
        }
        return text;
    }

    public static string SourceValue(SourceFreshness source, DateTimeOffset now)
    {
        var kommuner = source.Kommuner.Count(k => k.Kommunenummer is not null);
        var scope = kommuner == 0 ? "hele landet" : $"{kommuner} {(kommuner == 1 ? "kommune" : "kommuner")}";
        var stale = source.StaleKommuner.ToArray();
        var text = $"{scope}, nyeste {Ago(source.Newest, now)}";
        if (stale.Length > 0)
        {
            text += $", {stale.Length} foreldet (over {Age(source.StaleAfter)}): " + string.Join(", ", stale.Take(10).Select(k => k.Kommunenummer ?? "hele landet"))
                + (stale.Length > 10 ? " …" : "");
        }
        else
        {
            text += $", eldste {Ago(source.Oldest, now)}";
        }
        if (source.FailedCount > 0)
        {
            text += $"; siste forsøk feilet for {source.FailedCount}";
        }
        return text;
    }

    public static string FunnelValue(FunnelCount stage) =>
        $"{Count(stage.Count)} av {Count(stage.Target)} ({Percent(stage.ShareOfTarget)})";

    private static string Ago(DateTimeOffset? at, DateTimeOffset now) => at is { } value ? $"for {Age(now - value)} siden" : "aldri lastet";

    /// <summary>The whole status as the team reads it on a terminal; with details, one line per kommune and dataset.</summary>
    public static string Format(StatusReport report, bool details)
    {
        var text = new StringBuilder();
        text.AppendLine($"Tomte status {Time(report.At)} (norsk tid)");
        text.AppendLine();
        text.AppendLine(CallsLine(report.Calls));
        text.AppendLine();
        text.AppendLine("Jobber");
        if (report.Jobs.Count == 0)
        {
            text.AppendLine("  ingen jobber har kjørt ennå, og tjenesten (tomte run) har ikke registrert noen");
        }
        foreach (var job in report.Jobs)
        {
            var mark = job.Failing ? "!!" : "  ";
            text.AppendLine($"{mark}{job.Name,-20} sist {Time(job.LastStarted),-16}  neste {Time(job.NextFire),-16}  {JobValue(job)}");
        }
        text.AppendLine();
        text.AppendLine("Datakilder (ingest.load)");
        if (report.Sources.Count == 0)
        {
            text.AppendLine("  ingenting lastet inn ennå (tomte ingest eller tomte import)");
        }
        foreach (var source in report.Sources)
        {
            var mark = source.StaleKommuner.Any() ? "!!" : "  ";
            text.AppendLine($"{mark}{source.Dataset,-24} {Freshness(source),-10} {SourceValue(source, report.At)}");
            if (details)
            {
                foreach (var kommune in source.Kommuner)
                {
                    var state = kommune.Stale ? "foreldet" : "fersk";
                    var failed = kommune.LastAttemptFailed ? ", siste forsøk feilet" : "";
                    text.AppendLine($"      {kommune.Kommunenummer ?? "hele landet",-12} {state,-9} sist lastet {Time(kommune.LastLoaded)}{failed}");
                }
            }
        }
        text.AppendLine();
        text.AppendLine("Salgstrakten mot målene for seks måneder");
        foreach (var stage in report.Funnel)
        {
            text.AppendLine($"  {Name(stage.Stage),-26} {Count(stage.Count),8} av {Count(stage.Target),-7} {Percent(stage.ShareOfTarget),6}");
        }
        return text.ToString();
    }

    private static string OneLine(string text, int max)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}

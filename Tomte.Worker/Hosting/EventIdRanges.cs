namespace Tomte.Worker.Hosting;

/// <summary>One block of [LoggerMessage] event ids, owned by the code in the given namespaces (and below them).</summary>
public sealed record EventIdRange(int First, int Last, string Area, IReadOnlyList<string> Namespaces)
{
    public bool Contains(int eventId) => eventId >= First && eventId <= Last;

    public bool Owns(string @namespace) =>
        Namespaces.Any(n => @namespace == n || @namespace.StartsWith(n + ".", StringComparison.Ordinal));
}

/// <summary>
/// Where each step's log event ids live, so an id names one event for good (operators filter journald by it).
/// The single table of ranges: Tomte.Tests' EventIdTests checks every [LoggerMessage] against it, and
/// docs/ARCHITECTURE.md copies it. A new step takes its reserved block; a new area adds a row here first.
/// </summary>
public static class EventIdRanges
{
    public static readonly IReadOnlyList<EventIdRange> All =
    [
        new(1000, 1999, "foundation: database, hosting, command line, doctor, demo",
            ["Tomte.Worker.Database", "Tomte.Worker.Hosting", "Tomte.Worker.Cli", "Tomte.Worker.Doctor", "Tomte.Worker.Demo"]),
        new(2000, 2999, "jobs (Quartz scheduling, job history)", ["Tomte.Worker.Jobs"]),
        new(3000, 3999, "ingest (sources 3000–3499, loads 3500–3999)", ["Tomte.Worker.Ingest"]),
        new(4000, 4999, "Airtable (client 4000–4499, sync 4500–4999)", ["Tomte.Worker.Airtable"]),
        new(5000, 5999, "analysis and its exports", ["Tomte.Worker.Analysis", "Tomte.Worker.Export"]),
        new(6000, 6999, "owners", ["Tomte.Worker.Owners"]),
        new(7000, 7999, "outreach", ["Tomte.Worker.Outreach"]),
        new(8000, 8999, "templates and letters", ["Tomte.Worker.Letters", "Tomte.Templates"]),
        new(9000, 9999, "service status", ["Tomte.Worker.Status"]),
        new(10000, 10999, "brokers' tips and on-request assessment", ["Tomte.Worker.Brokers"]),
    ];

    /// <summary>The range that owns a namespace (the longest matching namespace wins), or null when none does.</summary>
    public static EventIdRange? For(string @namespace) =>
        All.Where(r => r.Owns(@namespace))
            .OrderByDescending(r => r.Namespaces.Where(n => @namespace == n || @namespace.StartsWith(n + ".", StringComparison.Ordinal)).Max(n => n.Length))
            .FirstOrDefault();
}

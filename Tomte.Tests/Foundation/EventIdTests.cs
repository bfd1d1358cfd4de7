using System.Reflection;
using Microsoft.Extensions.Logging;
using Tomte.Worker.Hosting;

namespace Tomte.Tests.Foundation;

/// <summary>Every [LoggerMessage] in the worker has its own event id, inside the range written down for its namespace.</summary>
public sealed class EventIdTests
{
    private sealed record LogEvent(int EventId, string Method, string Namespace);

    private static readonly IReadOnlyList<LogEvent> Events =
    [
        .. typeof(TomteHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => new LogEvent(m.Attribute!.EventId, $"{m.Method.DeclaringType!.FullName}.{m.Method.Name}", m.Method.DeclaringType!.Namespace ?? "")),
    ];

    [Fact]
    public void The_worker_has_log_events_to_check()
    {
        // Guards the reflection below: if it found nothing, the other tests would pass vacuously.
        Assert.True(Events.Count >= 30, $"found only {Events.Count} [LoggerMessage] methods");
    }

    [Fact]
    public void No_two_log_events_share_an_event_id()
    {
        var duplicates = Events.GroupBy(e => e.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}")
            .ToArray();

        Assert.True(duplicates.Length == 0, "event ids used twice: " + string.Join("; ", duplicates));
    }

    [Fact]
    public void Every_log_event_id_lies_in_the_range_of_its_namespace()
    {
        var wrong = new List<string>();
        foreach (var e in Events)
        {
            var range = EventIdRanges.For(e.Namespace);
            if (range is null)
            {
                wrong.Add($"{e.Method} ({e.EventId}): namespace {e.Namespace} has no range in EventIdRanges");
            }
            else if (!range.Contains(e.EventId))
            {
                wrong.Add($"{e.Method} ({e.EventId}): outside {range.First}–{range.Last} ({range.Area})");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void The_ranges_do_not_overlap_and_each_namespace_has_one()
    {
        var ordered = EventIdRanges.All.OrderBy(r => r.First).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i].First > ordered[i - 1].Last, $"{ordered[i - 1].Area} and {ordered[i].Area} overlap");
        }
        var namespaces = EventIdRanges.All.SelectMany(r => r.Namespaces).ToArray();
        Assert.Equal(namespaces.Length, namespaces.Distinct(StringComparer.Ordinal).Count());
    }
}

using System.Reflection;
using System.Text;
using Microsoft.Extensions.Logging;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Hosting;

namespace Tomte.Tests.Foundation;

/// <summary>
/// docs/EVENT-IDS.md lists every log event (id, level, where it is logged, message template) under its range, made
/// from the [LoggerMessage] attributes and <see cref="EventIdRanges"/>. This test fails when the file is not what the
/// code says; <c>TOMTE_WRITE_EVENT_IDS=1</c> rewrites it (then read the diff and commit it).
/// </summary>
public sealed class EventIdTableTests
{
    private static readonly string DocPath = Path.Combine(RepositoryRoot.Path, "docs", "EVENT-IDS.md");

    public static string Generate()
    {
        var events = typeof(TomteHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => (Id: m.Attribute!.EventId, m.Attribute.Level, m.Attribute.Message, Type: m.Method.DeclaringType!, Name: m.Method.Name))
            .OrderBy(e => e.Id)
            .ToArray();
        var text = new StringBuilder();
        text.Append("""
            # Log event ids

            Every log line Tomte writes has a stable event id (`Category[id]` in journald, e.g.
            `Tomte.Worker.Ingest.DatasetLoader[3503]`), so an operator can filter on one event:
            `journalctl -u tomte -o cat | grep -F '[3503]'`. Ids are never reused or renumbered. The ranges live in
            `Tomte.Worker/Hosting/EventIdRanges.cs`; the events in each step's `Log.cs`.

            This file is generated from the code by `Tomte.Tests/Foundation/EventIdTableTests` and checked by it: after
            adding or changing a `[LoggerMessage]`, run the tests once with `TOMTE_WRITE_EVENT_IDS=1` and commit the result.

            """);
        foreach (var range in EventIdRanges.All)
        {
            text.Append('\n').Append($"## {range.First}–{range.Last}: {range.Area}\n\n");
            var inRange = events.Where(e => range.Contains(e.Id)).ToArray();
            if (inRange.Length == 0)
            {
                text.Append("No events yet.\n");
                continue;
            }
            text.Append("| id | level | logged by | message |\n|---|---|---|---|\n");
            foreach (var e in inRange)
            {
                var file = e.Type.Namespace!.Replace("Tomte.Worker.", "", StringComparison.Ordinal).Replace('.', '/');
                text.Append($"| {e.Id} | {e.Level} | `{file}/{e.Type.Name}.{e.Name}` | {e.Message.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
        }
        return text.ToString();
    }

    [Fact]
    public void The_event_id_table_in_the_docs_is_what_the_code_logs()
    {
        var expected = Generate();
        if (Environment.GetEnvironmentVariable("TOMTE_WRITE_EVENT_IDS") == "1")
        {
            File.WriteAllText(DocPath, expected);
        }
        Assert.True(File.Exists(DocPath), $"{DocPath} is missing; run the tests with TOMTE_WRITE_EVENT_IDS=1 to write it.");
        var actual = File.ReadAllText(DocPath).ReplaceLineEndings("\n");
        Assert.True(actual == expected, $"{DocPath} is out of date with the [LoggerMessage] ids; run the tests with TOMTE_WRITE_EVENT_IDS=1 and commit the file.");
        Assert.Contains("| 9001 | Information | `Status/Log.SystemstatusWritten` |", actual, StringComparison.Ordinal);
    }
}

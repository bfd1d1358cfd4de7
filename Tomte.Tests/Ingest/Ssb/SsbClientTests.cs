using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest.Sources;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Ssb;

namespace Tomte.Tests.Ingest.Ssb;

/// <summary>The SSB client over real HTTP on loopback: the per-minute budget under a burst, 429 with Retry-After, error bodies.</summary>
public sealed class SsbClientTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);

    private static SsbClient Client(FixtureServer server, FakeTimeProvider time, SsbRateLimiter? limiter = null) =>
        new(new HttpClient(), limiter ?? new SsbRateLimiter(25, TimeSpan.FromMinutes(1), time),
            Options.Create(new SsbOptions
            {
                BaseUrl = new Uri(server.BaseUri, "api/pxwebapi/v2").AbsoluteUri,
                KlassUrl = new Uri(server.BaseUri, "api/klass/v1").AbsoluteUri,
                // Longer than any advance of the fake clock below, so no request times out while others wait.
                Timeout = TimeSpan.FromHours(1),
            }),
            time, NullLogger<SsbClient>.Instance);

    private static Task Serve(HttpContext context, string file, int status = 200) =>
        FixtureServerFiles.ServeAsync(context, Fixtures.Path("ssb", file), status == 200 ? "application/json" : "application/problem+json", status);

    [Fact]
    public async Task A_burst_of_forty_requests_sends_twenty_five_in_the_first_minute_and_the_rest_after_it()
    {
        var time = new FakeTimeProvider(Start);
        var arrivals = new ConcurrentQueue<DateTimeOffset>();
        await using var server = await FixtureServer.StartAsync((context, _) =>
        {
            arrivals.Enqueue(time.GetUtcNow());
            return Serve(context, "pxwebapi-v2-metadata-json-stat2.pxwebapi-testdata.json");
        });
        var client = Client(server, time);

        var burst = Enumerable.Range(0, 40).Select(_ => client.MetadataAsync("TAB004", CancellationToken.None)).ToArray();

        await Eventually.TrueAsync(() => Task.FromResult(burst.Count(t => t.IsCompleted) == 25), "25 requests answered");
        Assert.Equal(25, server.Requests.Count);
        Assert.Equal(15, burst.Count(t => !t.IsCompleted));

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(25, server.Requests.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Task.FromResult(burst.All(t => t.IsCompleted)), "all 40 answered");

        Assert.Equal(40, server.Requests.Count);
        Assert.All(burst, t => Assert.Equal(14, t.Result.Dimension("SECTOR")!.Codes.Count));
        // No sixty seconds of the fake clock saw more than 25 requests.
        var times = arrivals.Order().ToArray();
        Assert.All(times, t => Assert.True(times.Count(o => o >= t && o < t + TimeSpan.FromMinutes(1)) <= 25));
        Assert.Equal(25, times.Count(t => t == Start));
    }

    [Fact]
    public async Task A_429_pauses_for_its_retry_after_and_the_request_is_sent_again()
    {
        var time = new FakeTimeProvider(Start);
        var arrivals = new ConcurrentQueue<DateTimeOffset>();
        await using var server = await FixtureServer.StartAsync((context, number) =>
        {
            arrivals.Enqueue(time.GetUtcNow());
            if (number == 1)
            {
                context.Response.Headers.RetryAfter = "30";
                return Serve(context, "shaped-429-problem.json", 429);
            }
            return Serve(context, "pxwebapi-v2-data-TAB638-with-notes.scb-recorded.json");
        });
        var limiter = new SsbRateLimiter(25, TimeSpan.FromMinutes(1), time);
        var client = Client(server, time, limiter);

        var answer = client.DataAsync("TAB638", SsbClient.SelectionBody([("Region", ["00"])]), CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(limiter.PausedUntil == Start + TimeSpan.FromSeconds(30)), "the 429 pausing the limiter");
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(answer.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var body = await answer;

        Assert.Equal(50937, JsonStatDataset.Parse(body, "TAB638").Value(new Dictionary<string, string>()));
        Assert.Equal([Start, Start + TimeSpan.FromSeconds(30)], arrivals.ToArray());
        Assert.All(server.Requests, r => Assert.EndsWith("/api/pxwebapi/v2/tables/TAB638/data", r.Path, StringComparison.Ordinal));
        Assert.Equal("json-stat2", server.Requests.First().Parameter("outputFormat"));
        Assert.Equal("no", server.Requests.First().Parameter("lang"));
    }

    [Fact]
    public async Task An_error_body_reaches_the_user_with_the_request_and_the_services_title_and_detail()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await FixtureServer.StartAsync((context, _) => Serve(context, "shaped-error-400-problem.json", 400));
        var client = Client(server, time);

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => client.DataAsync("07459", SsbClient.SelectionBody([("Regionn", ["3207"])]), CancellationToken.None));

        Assert.Contains("/tables/07459/data", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bad Request: Non-existent variable: Regionn", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task The_table_search_and_klass_changes_are_read_from_their_recorded_bodies()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await FixtureServer.StartAsync((context, _) => Serve(context,
            context.Request.Path.Value!.Contains("klass", StringComparison.Ordinal) ? "klass-131-changes.ssb-klass-python-testdata.json" : "pxwebapi-v2-tables-list.pxwebapi-testdata.json"));
        var client = Client(server, time);

        var tables = await client.SearchTablesAsync("emissions", CancellationToken.None);
        var changes = await client.ChangesAsync(131, new DateOnly(2017, 1, 1), new DateOnly(2026, 1, 1), CancellationToken.None);

        Assert.Equal("TAB004", tables[0].Id);
        Assert.Equal(new DateTimeOffset(2023, 5, 25, 13, 42, 0, TimeSpan.Zero), tables[0].Updated);
        Assert.Equal("2017", tables[0].LastPeriod);
        Assert.Contains("year", tables[0].VariableNames);
        Assert.Equal([("1942", "1942"), ("5025", "5025")], changes.Select(c => (c.OldCode, c.NewCode)));
        Assert.Equal(new DateOnly(2023, 1, 1), changes[1].ChangeOccurred);
        Assert.Equal("emissions", server.Requests.First().Parameter("query"));
        Assert.Equal("2017-01-01", server.Requests.Last().Parameter("from"));
    }
}

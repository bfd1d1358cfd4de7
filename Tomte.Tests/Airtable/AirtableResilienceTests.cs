using System.Net;
using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable;

namespace Tomte.Tests.Airtable;

/// <summary>Rate limits, 429 penalties, 5xx, timeouts and cancellation, through the real handler chain over HTTP.</summary>
public sealed class AirtableResilienceTests
{
    private static List<JsonObject> Sites(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new JsonObject { ["Tomte-ID"] = $"3218-{i:0000}", ["score"] = i })];

    [Fact]
    public async Task The_limiter_keeps_60_concurrent_requests_under_the_limit_without_a_429()
    {
        await using var bed = await AirtableTestBed.StartAsync();

        // 60 callers at once: only the shared per-base limiter stands between them and a 429.
        var calls = Enumerable.Range(0, 60).Select(_ => bed.Client.ListRecordsAsync(AirtableTestBed.TableName, new ListOptions { PageSize = 1 }).ToListAsync().AsTask());
        await Task.WhenAll(calls);

        var counters = bed.Fake.Counters;
        Assert.Equal(60, counters.Total);
        Assert.Equal(0, counters.RateLimited);
        Assert.All(bed.Fake.RequestLog, e => Assert.Equal(200, e.Status));
    }

    [Fact]
    public async Task A_client_without_the_limit_still_gets_every_write_in_exactly_once_after_429s()
    {
        // The client believes it may send 100 requests per window: the fake answers 429 and locks the base,
        // the client waits out the penalty and resends; nothing is dropped and nothing doubled.
        // A one-second window, so the burst earns its 429s however slowly a busy machine sends it.
        var options = AirtableTestServices.ScaledOptions();
        options.RateLimitWindow = TimeSpan.FromSeconds(1);
        await using var bed = await AirtableTestBed.StartAsync(options, overrides: new Dictionary<string, string?> { ["Tomte:Airtable:RequestsPerSecond"] = "100" });

        var writes = Enumerable.Range(0, 3).Select(i => bed.Client.UpsertAsync(AirtableTestBed.TableName, Sites(40).Skip(i * 10).Take(10).ToList(), ["Tomte-ID"]));
        var creates = bed.Client.CreateAsync(AirtableTestBed.TableName, [.. Sites(100).Skip(50)]);
        await Task.WhenAll([.. writes, creates]);

        Assert.True(bed.Fake.Counters.RateLimited > 0, "the burst should have earned at least one 429");
        var ids = bed.Table.Records.Select(r => r.Text("Tomte-ID")).ToList();
        Assert.Equal(80, ids.Count);
        Assert.Equal(80, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_forced_429_is_waited_out_for_the_penalty_and_the_write_is_not_lost()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        bed.Fake.Penalize(bed.Base.Id);

        var created = await bed.Client.CreateAsync(AirtableTestBed.TableName, Sites(1));

        Assert.Single(created);
        Assert.Equal(1, bed.Table.Count);
        var log = bed.Fake.RequestLog;
        Assert.Equal(429, log[0].Status);
        Assert.Equal(200, log[^1].Status);
        // Penalty-aware: after the first 429 the client waits instead of knocking again.
        Assert.Equal(1, bed.Fake.Counters.RateLimited);
        Assert.True(log[^1].Time - log[0].Time >= bed.Fake.Options.RateLimitPenalty, "the retry came before the penalty was over");
    }

    [Fact]
    public async Task Upsert_is_retried_after_503s_and_succeeds()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        bed.Fake.InjectFault(FakeFault.ServiceUnavailable, count: 2);

        var result = await bed.Client.UpsertAsync(AirtableTestBed.TableName, Sites(3), ["Tomte-ID"]);

        Assert.Equal(3, result.CreatedRecordIds.Count);
        Assert.Equal(3, bed.Table.Count);
        Assert.Equal([503, 503, 200], bed.Fake.RequestLog.Select(e => e.Status));
    }

    [Fact]
    public async Task Create_is_not_retried_after_a_503_and_the_error_surfaces()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        bed.Fake.InjectFault(FakeFault.ServiceUnavailable);

        var error = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.CreateAsync(AirtableTestBed.TableName, Sites(3)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal("SERVICE_UNAVAILABLE", error.ErrorType);
        Assert.Equal(AirtableTestBed.TableName, error.Table);
        Assert.Single(bed.Fake.RequestLog);
        Assert.Equal(0, bed.Table.Count);
    }

    [Fact]
    public async Task Create_whose_answer_is_lost_is_not_resent_so_nothing_is_duplicated()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        bed.Fake.InjectFault(FakeFault.ServiceUnavailableAfterProcessing);

        await Assert.ThrowsAsync<AirtableException>(() => bed.Client.CreateAsync(AirtableTestBed.TableName, Sites(2)));

        Assert.Equal(2, bed.Table.Count);
        Assert.Single(bed.Fake.RequestLog);
    }

    [Fact]
    public async Task Upsert_whose_answer_is_lost_is_resent_without_duplicates()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        bed.Fake.InjectFault(FakeFault.ServiceUnavailableAfterProcessing);

        var result = await bed.Client.UpsertAsync(AirtableTestBed.TableName, Sites(2), ["Tomte-ID"]);

        Assert.Equal(2, bed.Table.Count);
        Assert.Equal(2, result.UpdatedRecordIds.Count);
    }

    [Fact]
    public async Task A_502_with_an_html_body_becomes_a_typed_error()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        bed.Fake.InjectFault(FakeFault.BadGatewayHtml, count: 10);

        var create = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.CreateAsync(AirtableTestBed.TableName, Sites(1)));
        var list = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.ListRecordsAsync(AirtableTestBed.TableName).ToListAsync().AsTask());

        Assert.Equal(HttpStatusCode.BadGateway, create.Status);
        Assert.Equal("HTTP_502", create.ErrorType);
        Assert.Contains("text/html", create.AirtableMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, list.Status);
        // The create went once; the idempotent list was tried 1 + MaxRetries (3) times.
        Assert.Equal(1, bed.Fake.RequestLog.Count(e => e.Kind == FakeRequestKind.CreateRecords));
        Assert.Equal(4, bed.Fake.RequestLog.Count(e => e.Kind == FakeRequestKind.ListRecords));
    }

    [Fact]
    public async Task A_hung_create_times_out_as_a_typed_error_and_a_hung_list_is_retried()
    {
        await using var bed = await AirtableTestBed.StartAsync(overrides: new Dictionary<string, string?> { ["Tomte:Airtable:Timeout"] = "00:00:00.300" });
        bed.Fake.InjectFault(FakeFault.Hang, kind: FakeRequestKind.CreateRecords);
        bed.Fake.InjectFault(FakeFault.Hang, kind: FakeRequestKind.ListRecords);

        var error = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.CreateAsync(AirtableTestBed.TableName, Sites(1)));
        var listed = await bed.Client.ListRecordsAsync(AirtableTestBed.TableName).ToListAsync();

        Assert.Equal(AirtableException.Timeout, error.ErrorType);
        Assert.Null(error.Status);
        Assert.Empty(listed);
        Assert.Equal(2, bed.Fake.RequestLog.Count(e => e.Kind == FakeRequestKind.ListRecords));
    }

    [Fact]
    public async Task Cancellation_stops_a_call_waiting_out_a_penalty()
    {
        var options = AirtableTestServices.ScaledOptions();
        options.RateLimitPenalty = TimeSpan.FromMinutes(5);
        await using var bed = await AirtableTestBed.StartAsync(options);
        bed.Fake.Penalize(bed.Base.Id);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.Client.UpsertAsync(AirtableTestBed.TableName, Sites(1), ["Tomte-ID"], cancellationToken: cancellation.Token));

        Assert.Equal(0, bed.Table.Count);
    }

    [Fact]
    public async Task Cancellation_stops_a_listing_between_pages_and_a_hung_request()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        await bed.Client.CreateAsync(AirtableTestBed.TableName, Sites(30));
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in bed.Client.ListRecordsAsync(AirtableTestBed.TableName, new ListOptions { PageSize = 10 }, cancellation.Token))
            {
                if (++seen == 10)
                {
                    await cancellation.CancelAsync();
                }
            }
        });
        Assert.Equal(10, seen);

        bed.Fake.InjectFault(FakeFault.Hang);
        using var hung = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.Client.GetBaseSchemaAsync(hung.Token));
    }
}

/// <summary>The real 30-second penalty, on a shared fake clock instead of the wall clock.</summary>
public sealed class AirtablePenaltyClockTests
{
    [Fact]
    public async Task The_client_waits_the_full_30_second_penalty_measured_on_the_injected_clock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await using var fake = await FakeAirtable.StartAsync(new FakeAirtableOptions { TimeProvider = clock, RateLimitPenalty = TimeSpan.FromSeconds(30) });
        var fakeBase = fake.AddBase();
        fakeBase.AddTable("Tomter", FakeFields.Text("Tomte-ID"));
        // The client's retry delays and penalty gate read the same clock as the fake; the attempt timeout is
        // set out of reach so that moving the clock never times out a request in flight.
        await using var services = AirtableTestServices.Build(fake, fakeBase, new Dictionary<string, string?> { ["Tomte:Airtable:Timeout"] = "00:30:00" }, clock);
        fake.Penalize(fakeBase.Id);

        var write = services.Client().CreateAsync("Tomter", [new JsonObject { ["Tomte-ID"] = "3218-0001" }]);
        for (var second = 0; !write.IsCompleted && second < 120; second++)
        {
            await Eventually.TrueAsync(() => Task.FromResult(fake.RequestLog.Count > 0), "the first request reaching the fake");
            await Task.Delay(10);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        await write;

        var log = fake.RequestLog;
        Assert.Equal([429, 200], log.Select(e => e.Status));
        Assert.True(log[1].Time - log[0].Time >= TimeSpan.FromSeconds(30), $"retried after {log[1].Time - log[0].Time} on the fake clock");
        Assert.Single(fakeBase.Table("Tomter").Records);
    }
}

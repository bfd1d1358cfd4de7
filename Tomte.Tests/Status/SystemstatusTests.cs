using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tomte.Tests.Airtable.Sync;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Status;

namespace Tomte.Tests.Status;

/// <summary>The Systemstatus table written to the strict Airtable fake over real HTTP, through the sync's own path.</summary>
public sealed class SystemstatusTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await StatusData.InsertAsync(_database);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private static Dictionary<string, FakeRowView> Rows(SyncTestBed bed) =>
        bed.Table(TomteSchema.Systemstatus).Records.ToDictionary(r => r.Text("Nøkkel")!, r => new FakeRowView(r.Fields));

    private sealed record FakeRowView(IReadOnlyDictionary<string, JsonNode> Fields)
    {
        public string? this[string field] => Fields.TryGetValue(field, out var value) ? value.ToString() : null;
    }

    /// <summary>The Systemstatus keys the worker wrote in the requests after <paramref name="skip"/>.</summary>
    private static string[] KeysWritten(SyncTestBed bed, int skip) =>
        bed.Wire.Requests.Skip(skip)
            .Where(r => r.Path.EndsWith("/Systemstatus", StringComparison.Ordinal) && r.Body?["records"] is JsonArray)
            .SelectMany(r => r.Body!["records"]!.AsArray())
            .Select(r => (string)r!["fields"]!["Nøkkel"]!)
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public async Task The_summary_is_written_to_Systemstatus_with_worker_fields_only_and_then_only_what_changed()
    {
        await using var bed = await SyncTestBed.StartAsync(_database, settings: new Dictionary<string, string?>
        {
            ["Tomte:Status:StaleAfterPerDataset:kommune"] = "400.00:00:00",
        }, services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(StatusData.Now)));
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        var writer = bed.Get<SystemstatusWriter>();

        // The clock says 30 November 2026: the month's calls are the hand-made ledger plus, while the real date is still
        // in that month, the requests the set-up above made (the limiter counts them on the database's own clock).
        var callsThisMonth = await _database.ScalarAsync<long>(
            "SELECT coalesce(sum(calls), 0)::bigint FROM ops.airtable_call WHERE day >= date '2026-11-01' AND day < date '2026-12-01'");
        var first = await writer.WriteAsync(CancellationToken.None);

        // One row for the call budget, one per job (3), per data source (2) and per funnel stage (6).
        Assert.Equal(12, first.Records.Count);
        Assert.Equal(12, first.Sent);
        var rows = Rows(bed);
        Assert.Equal(12, rows.Count);
        var qualified = rows["Trakt: kvalifiserte tomter"];
        Assert.Equal(("trakt", "4", "4 av 1\u00a0000 (0 %)"), (qualified["Kategori"], qualified["Tall"], qualified["Verdi"]));
        Assert.Equal("180", rows["Trakt: estimert boligkapasitet"]["Tall"]);
        Assert.Equal("3", rows["Trakt: grunneiere kontaktet"]["Tall"]);
        var ingest = rows["Jobb: ingest"];
        Assert.Equal(("jobb", "feilet 3 ganger på rad", "150"), (ingest["Kategori"], ingest["Utfall"], ingest["Tall"]));
        Assert.Equal("2026-11-29T03:00:00.000Z", ingest["Sist kjørt"]);
        Assert.Equal(("datakilde", "foreldet", "2 kommuner, 1 foreldet: 3207; siste forsøk feilet for 1"),
            (rows["Datakilde: kp-planomrade"]["Kategori"], rows["Datakilde: kp-planomrade"]["Utfall"], rows["Datakilde: kp-planomrade"]["Verdi"]));
        Assert.Equal(("tjeneste", callsThisMonth.ToString(CultureInfo.InvariantCulture), "innenfor budsjett"),
            (rows[SystemstatusWriter.CallsKey]["Kategori"], rows[SystemstatusWriter.CallsKey]["Tall"], rows[SystemstatusWriter.CallsKey]["Utfall"]));
        Assert.All(rows.Values, row => Assert.NotNull(row["Oppdatert"]));

        // Only fields the worker owns ever went on the wire for Systemstatus.
        var systemstatus = TomteSchema.Table(TomteSchema.Systemstatus);
        var written = bed.Wire.WrittenFields().Where(w => w.Path.EndsWith("/Systemstatus", StringComparison.Ordinal)).Select(w => w.Field).Distinct().ToArray();
        Assert.NotEmpty(written);
        Assert.All(written, field => Assert.True(systemstatus.Field(field)!.WorkerWrites, $"{field} is not a worker field"));

        // Nothing changed: nothing but the call counter (which the requests themselves may move) is sent again.
        var before = bed.Wire.Requests.Count;
        var second = await writer.WriteAsync(CancellationToken.None);
        Assert.All(KeysWritten(bed, before), key => Assert.Equal(SystemstatusWriter.CallsKey, key));
        Assert.Equal(rows["Trakt: kvalifiserte tomter"]["Oppdatert"], Rows(bed)["Trakt: kvalifiserte tomter"]["Oppdatert"]);

        // One more owner contacted: that row is sent with a new "Oppdatert", the other funnel rows are not.
        await SyncTestData.ExecuteAsync(_database,
            "INSERT INTO outreach.outbox (eier_id, step, channel, due_at, status, created_at, updated_at) VALUES ('E4', 'oppfolging', 'epost', now(), 'sent', now(), now())");
        before = bed.Wire.Requests.Count;
        await writer.WriteAsync(CancellationToken.None);
        Assert.Equal(["Trakt: grunneiere kontaktet"], KeysWritten(bed, before).Where(k => k != SystemstatusWriter.CallsKey));
        Assert.Equal("4", Rows(bed)["Trakt: grunneiere kontaktet"]["Tall"]);
        Assert.Equal(12, bed.Table(TomteSchema.Systemstatus).Count);
        Assert.True(second.Sent <= 1);
    }

    [Fact]
    public async Task Without_an_Airtable_token_the_rows_are_kept_locally_and_nothing_is_sent()
    {
        using var host = TestHost.Build(_database, services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(StatusData.Now)));

        var result = await TestHost.Get<SystemstatusWriter>(host).WriteAsync(CancellationToken.None);

        Assert.Null(result.Sent);
        Assert.Equal(12L, await _database.ScalarAsync<long>("SELECT count(*) FROM ops.systemstatus"));
    }
}

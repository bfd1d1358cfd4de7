using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Tomte.Tests.Airtable;
using Tomte.Tests.Airtable.Fake;
using Tomte.Worker.Airtable;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// Upserts 5,000 Tomter, 8,000 Grunneiere and 10,000 Eiendommer (synthetic) through the real client against the
/// fake at Airtable's real limits: 5 requests per second per base, 10 records per request, a 30 s penalty.
/// The bound is 50 records/s; the goal is at least 90 % of it with no 429. Takes about 8 minutes.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class AirtableClientBenchmark(ITestOutputHelper output)
{
    private const double BoundRecordsPerSecond = 50;

    [Fact]
    public async Task Upsert_23000_records_at_the_real_limits()
    {
        await using var fake = await FakeAirtable.StartAsync(new FakeAirtableOptions
        {
            RequestsPerWindow = 5,
            RateLimitWindow = TimeSpan.FromSeconds(1),
            RateLimitPenalty = TimeSpan.FromSeconds(30),
        });
        var fakeBase = fake.AddBase();
        fakeBase.AddTable("Tomter", FakeFields.Text("Tomte-ID"), FakeFields.Text("kommune"), FakeFields.Number("score"), FakeFields.LongText("scoreforklaring"), FakeFields.SingleSelect("status", "ny"));
        fakeBase.AddTable("Grunneiere", FakeFields.Text("Eier-ID"), FakeFields.Text("navn"), FakeFields.SingleSelect("type", "person", "organisasjon"));
        fakeBase.AddTable("Eiendommer", FakeFields.Text("matrikkelnummer"), FakeFields.Number("andel av tomt", 2));
        var settings = fake.ClientSettings(fakeBase);
        // The client's own defaults (5 per second, 30 s penalty) are what is measured, not the fake's settings.
        settings.Remove("Tomte:Airtable:RequestsPerSecond");
        settings.Remove("Tomte:Airtable:RateLimitWindow");
        settings.Remove("Tomte:Airtable:RateLimitPenalty");
        await using var services = AirtableTestServices.Build(fake, fakeBase, settings);
        var client = services.Client();

        var runs = new (string Table, string Key, int Count, Func<int, JsonObject> Make)[]
        {
            ("Tomter", "Tomte-ID", 5_000, i => new JsonObject { ["Tomte-ID"] = $"3218-{i:00000}", ["kommune"] = "Ås (syntetisk)", ["score"] = i % 100, ["scoreforklaring"] = "Syntetisk testdata" }),
            ("Grunneiere", "Eier-ID", 8_000, i => new JsonObject { ["Eier-ID"] = $"E{i:00000}", ["navn"] = $"Syntetisk eier {i}", ["type"] = i % 7 == 0 ? "organisasjon" : "person" }),
            ("Eiendommer", "matrikkelnummer", 10_000, i => new JsonObject { ["matrikkelnummer"] = $"3218-{i / 100}/{i % 100}", ["andel av tomt"] = 0.5 }),
        };

        var total = Stopwatch.StartNew();
        var totalRecords = 0;
        foreach (var (table, key, count, make) in runs)
        {
            var records = Enumerable.Range(1, count).Select(make).ToList();
            fake.ResetCounters();
            var watch = Stopwatch.StartNew();
            var result = await client.UpsertAsync(table, records, [key]);
            watch.Stop();
            totalRecords += count;

            var counters = fake.Counters;
            var rate = count / watch.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{table}: {count} records in {watch.Elapsed.TotalSeconds:0.0} s = {rate:0.0} records/s ({rate / BoundRecordsPerSecond:P1} of the 50 records/s bound); requests {counters.Total}, 429s {counters.RateLimited}"));

            Assert.Equal(count, result.CreatedRecordIds.Count);
            Assert.Equal(count, fakeBase.Table(table).Count);
            Assert.Equal(count, fakeBase.Table(table).Records.Select(r => r.Text(key)).Distinct().Count());
            Assert.Equal((count + 9) / 10, counters.Writes);
        }
        total.Stop();
        var overall = totalRecords / total.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"All: {totalRecords} records in {total.Elapsed.TotalSeconds:0.0} s = {overall:0.0} records/s ({overall / BoundRecordsPerSecond:P1} of the bound)"));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Fake;
using Tomte.Worker.Airtable;

namespace Tomte.Tests.Airtable;

public sealed class AirtableClientTests
{
    private static List<JsonObject> Sites(int count, int from = 1) =>
        [.. Enumerable.Range(from, count).Select(i => new JsonObject
        {
            ["Tomte-ID"] = $"3218-{i:0000}",
            ["kommune"] = "Ås",
            ["score"] = i % 100,
        })];

    [Fact]
    public async Task Create_of_25_records_goes_in_3_requests_of_at_most_10()
    {
        await using var bed = await AirtableTestBed.StartAsync();

        var created = await bed.Client.CreateAsync(AirtableTestBed.TableName, Sites(25));

        Assert.Equal(25, created.Count);
        Assert.Equal(25, bed.Table.Count);
        var writes = bed.Fake.RequestLog.Where(e => e.Kind == FakeRequestKind.CreateRecords).ToList();
        Assert.Equal([10, 10, 5], writes.Select(w => w.Records));
        Assert.All(writes, w => Assert.Equal(200, w.Status));
        Assert.Equal(0, bed.Fake.Counters.RateLimited);
    }

    [Fact]
    public async Task Upsert_creates_then_updates_by_key_and_leaves_team_fields_alone()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        var first = await bed.Client.UpsertAsync(AirtableTestBed.TableName, Sites(12), ["Tomte-ID"]);
        Assert.Equal(12, first.CreatedRecordIds.Count);
        Assert.Empty(first.UpdatedRecordIds);
        var target = first.Records.Single(r => r.GetString("Tomte-ID") == "3218-0005");
        bed.Table.EditAsTeam(target.Id, new JsonObject { ["status"] = "kontaktet", ["ansvarlig"] = "Kari" });

        var changed = Sites(12);
        changed[4]["score"] = 99;
        var second = await bed.Client.UpsertAsync(AirtableTestBed.TableName, changed, ["Tomte-ID"]);

        Assert.Empty(second.CreatedRecordIds);
        Assert.Equal(12, second.UpdatedRecordIds.Count);
        Assert.Equal(12, bed.Table.Count);
        var stored = bed.Table.Record(target.Id);
        Assert.Equal(99, stored.Fields["score"]!.GetValue<double>());
        Assert.Equal("kontaktet", stored.Text("status"));
        Assert.Equal("Kari", stored.Text("ansvarlig"));
        Assert.Equal([10, 2, 10, 2], bed.Fake.RequestLog.Where(e => e.Kind == FakeRequestKind.UpsertRecords).Select(e => e.Records));
    }

    [Fact]
    public async Task Listing_pages_through_250_records_by_offset()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        await bed.Client.CreateAsync(AirtableTestBed.TableName, Sites(250));
        bed.Fake.ResetCounters();

        var listed = await bed.Client.ListRecordsAsync(AirtableTestBed.TableName).ToListAsync();

        Assert.Equal(250, listed.Count);
        Assert.Equal(250, listed.Select(r => r.Id).Distinct().Count());
        Assert.Equal(3, bed.Fake.Counters.Total);
        Assert.All(bed.Fake.RequestLog, e => Assert.Equal((FakeRequestKind.ListRecords, "GET", 200), (e.Kind, e.Method, e.Status)));
    }

    [Fact]
    public async Task Empty_values_are_absent_from_what_comes_back_but_zero_is_kept()
    {
        await using var bed = await AirtableTestBed.StartAsync();

        var created = await bed.Client.CreateAsync(AirtableTestBed.TableName,
        [
            new JsonObject { ["Tomte-ID"] = "3218-0001", ["kommune"] = "", ["regulert"] = false, ["konflikter"] = new JsonArray(), ["ansvarlig"] = null, ["score"] = 0 },
        ]);

        var record = await bed.Client.GetRecordAsync(AirtableTestBed.TableName, created[0].Id);
        foreach (var seen in new[] { created[0], record })
        {
            Assert.False(seen.Has("kommune"));
            Assert.False(seen.Has("regulert"));
            Assert.False(seen.Has("konflikter"));
            Assert.False(seen.Has("ansvarlig"));
            Assert.Equal(0, seen.GetNumber("score"));
            Assert.Equal("3218-0001", seen.GetString("Tomte-ID"));
            Assert.False(seen.GetCheckbox("regulert"));
        }
    }

    [Fact]
    public async Task Update_works_in_batches()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        var created = await bed.Client.CreateAsync(AirtableTestBed.TableName, Sites(15));

        var updated = await bed.Client.UpdateAsync(AirtableTestBed.TableName, [.. created.Select(r => new AirtableRecordUpdate(r.Id, new JsonObject { ["score"] = 42 }))]);

        Assert.Equal(15, updated.Count);
        Assert.All(bed.Table.Records, r => Assert.Equal(42, r.Fields["score"]!.GetValue<double>()));
        Assert.Equal(15, bed.Table.Count);
        Assert.Equal([10, 5], bed.Fake.RequestLog.Where(e => e.Kind == FakeRequestKind.UpdateRecords).Select(e => e.Records));
    }

    [Fact]
    public async Task Metadata_api_reads_the_schema_and_creates_tables_and_fields()
    {
        await using var bed = await AirtableTestBed.StartAsync();

        var table = await bed.Client.CreateTableAsync(new NewAirtableTable("Kommuner",
        [
            new NewAirtableField("kommunenummer", "singleLineText", "Nøkkel"),
            new NewAirtableField("navn", "singleLineText"),
            new NewAirtableField("kommunal vilje", "singleSelect", Options: new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["name"] = "1" }, new JsonObject { ["name"] = "5" }) }),
        ]));
        var watched = await bed.Client.CreateFieldAsync(table.Id, new NewAirtableField("endret av teamet", "lastModifiedTime",
            "Settes av Airtable når teamet endrer kommunal vilje", new JsonObject { ["fieldIdsOrNames"] = new JsonArray("kommunal vilje") }));
        var schema = await bed.Client.GetBaseSchemaAsync();

        var kommuner = schema.FindTable("Kommuner")!;
        Assert.Equal(table.Id, kommuner.Id);
        Assert.Equal(kommuner.Fields[0].Id, kommuner.PrimaryFieldId);
        Assert.Equal("singleSelect", kommuner.FindField("kommunal vilje")!.Type);
        var lastModified = kommuner.FindField("endret av teamet")!;
        Assert.Equal("lastModifiedTime", lastModified.Type);
        Assert.Equal("Settes av Airtable når teamet endrer kommunal vilje", watched.Description);
        Assert.Equal("Settes av Airtable når teamet endrer kommunal vilje", lastModified.Description);
        var referenced = lastModified.Options!.Value.GetProperty("referencedFieldIds").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal([kommuner.FindField("kommunal vilje")!.Id], referenced);
        Assert.NotNull(schema.FindTable(AirtableTestBed.TableName));
    }
}

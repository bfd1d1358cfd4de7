using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Fake;
using Tomte.Worker.Airtable;

namespace Tomte.Tests.Airtable;

/// <summary>Airtable's rules as the fake enforces them, seen through the client's typed errors (and raw HTTP where the client would never break them).</summary>
public sealed class AirtableRulesTests
{
    [Fact]
    public async Task Unknown_field_is_a_typed_error_naming_table_and_field()
    {
        await using var bed = await AirtableTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.CreateAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "1", ["fylke"] = "Akershus" }]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Status);
        Assert.Equal("UNKNOWN_FIELD_NAME", error.ErrorType);
        Assert.Equal(AirtableTestBed.TableName, error.Table);
        Assert.Equal("fylke", error.Field);
        Assert.Contains("fylke", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, bed.Table.Count);
    }

    [Fact]
    public async Task A_select_value_outside_the_options_is_refused_unless_typecast_adds_it()
    {
        await using var bed = await AirtableTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.CreateAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "1", ["konflikter"] = new JsonArray("flom", "rasfare") }]));
        var created = await bed.Client.CreateAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "1", ["konflikter"] = new JsonArray("flom", "rasfare") }], typecast: true);

        Assert.Equal("INVALID_MULTIPLE_CHOICE_OPTIONS", error.ErrorType);
        Assert.Equal("konflikter", error.Field);
        Assert.Equal(["flom", "rasfare"], created[0].GetStrings("konflikter"));
        var schema = await bed.Client.GetBaseSchemaAsync();
        var choices = schema.FindTable(AirtableTestBed.TableName)!.FindField("konflikter")!.Options!.Value.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("name").GetString());
        Assert.Contains("rasfare", choices);
    }

    [Theory]
    [InlineData("score", "\"mange\"")]
    [InlineData("regulert", "\"ja\"")]
    [InlineData("sist sett", "\"i går\"")]
    [InlineData("løpenummer", "7")]
    [InlineData("opprettet", "\"2026-01-01T00:00:00.000Z\"")]
    [InlineData("sammendrag", "\"x\"")]
    [InlineData("endret av teamet", "\"2026-01-01T00:00:00.000Z\"")]
    public async Task Wrong_types_and_computed_fields_are_invalid_value_for_column(string field, string json)
    {
        await using var bed = await AirtableTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.CreateAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "1", [field] = JsonNode.Parse(json) }]));

        Assert.Equal("INVALID_VALUE_FOR_COLUMN", error.ErrorType);
        Assert.Equal(field, error.Field);
        Assert.Equal(0, bed.Table.Count);
    }

    [Fact]
    public async Task A_failing_record_fails_its_whole_batch_and_an_unknown_record_is_named()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        var created = await bed.Client.CreateAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "1" }]);

        var batch = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.CreateAsync(AirtableTestBed.TableName,
            [new JsonObject { ["Tomte-ID"] = "2" }, new JsonObject { ["Tomte-ID"] = "3", ["score"] = "høy" }]));
        var missing = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.UpdateAsync(AirtableTestBed.TableName,
            [new AirtableRecordUpdate(created[0].Id, new JsonObject { ["score"] = 1 }), new AirtableRecordUpdate("recAAAAAAAAAAAAAA", new JsonObject { ["score"] = 2 })]));
        var single = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.GetRecordAsync(AirtableTestBed.TableName, "recBBBBBBBBBBBBBB"));

        Assert.Equal(1, bed.Table.Count);
        Assert.Equal("score", batch.Field);
        Assert.Equal("MODEL_ID_NOT_FOUND", missing.ErrorType);
        Assert.Equal("recAAAAAAAAAAAAAA", missing.RecordId);
        Assert.False(bed.Table.Record(created[0].Id).Fields.ContainsKey("score"));
        Assert.Equal("recBBBBBBBBBBBBBB", single.RecordId);
        Assert.Equal(HttpStatusCode.NotFound, single.Status);
    }

    [Fact]
    public async Task Upsert_matching_several_records_is_refused_and_merge_fields_are_1_to_3()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        bed.Table.AddAsTeam(new JsonObject { ["Tomte-ID"] = "3218-0001" });
        bed.Table.AddAsTeam(new JsonObject { ["Tomte-ID"] = "3218-0001" });

        var error = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.UpsertAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "3218-0001", ["score"] = 1 }], ["Tomte-ID"]));
        await Assert.ThrowsAsync<ArgumentException>(() => bed.Client.UpsertAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "x" }], []));
        await Assert.ThrowsAsync<ArgumentException>(() => bed.Client.UpsertAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "x" }], ["Tomte-ID", "kommune", "score", "status"]));
        using var http = RawClient(bed);
        var four = await http.PatchAsync(RecordsUrl(bed), Json(new JsonObject
        {
            ["performUpsert"] = new JsonObject { ["fieldsToMergeOn"] = new JsonArray("Tomte-ID", "kommune", "score", "status") },
            ["records"] = new JsonArray(new JsonObject { ["fields"] = new JsonObject { ["Tomte-ID"] = "x", ["kommune"] = "y", ["score"] = 1, ["status"] = "ny" } }),
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Status);
        Assert.Equal("INVALID_RECORDS", error.ErrorType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, four.StatusCode);
        Assert.Equal(2, bed.Table.Count);
    }

    [Fact]
    public async Task The_fake_refuses_more_than_10_records_and_pages_over_100()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        using var http = RawClient(bed);
        var eleven = new JsonArray([.. Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["fields"] = new JsonObject { ["Tomte-ID"] = $"{i}" } })]);

        var create = await http.PostAsync(RecordsUrl(bed), Json(new JsonObject { ["records"] = eleven }));
        var page = await http.GetAsync($"{RecordsUrl(bed)}?pageSize=101");
        var post = await http.PostAsync($"{RecordsUrl(bed)}/listRecords", Json(new JsonObject { ["pageSize"] = 101 }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, create.StatusCode);
        Assert.Equal("INVALID_RECORDS", await ErrorType(create));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, post.StatusCode);
        Assert.Equal(0, bed.Table.Count);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bed.Client.ListRecordsAsync(AirtableTestBed.TableName, new ListOptions { PageSize = 101 }).ToListAsync().AsTask());
    }

    [Fact]
    public async Task Offsets_are_opaque_and_forged_ones_are_refused()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        var created = await bed.Client.CreateAsync(AirtableTestBed.TableName, [.. Enumerable.Range(0, 5).Select(i => new JsonObject { ["Tomte-ID"] = $"{i}" })]);
        using var http = RawClient(bed);

        var first = JsonNode.Parse(await http.GetStringAsync($"{RecordsUrl(bed)}?pageSize=2"))!;
        var offset = (string)first["offset"]!;
        var second = await http.GetAsync($"{RecordsUrl(bed)}?pageSize=2&offset={Uri.EscapeDataString(offset)}");
        var forged = await http.GetAsync($"{RecordsUrl(bed)}?pageSize=2&offset={Uri.EscapeDataString($"itrAAAAAAAAAAAAAA/{created[1].Id}")}");
        var tampered = await http.GetAsync($"{RecordsUrl(bed)}?pageSize=2&offset={Uri.EscapeDataString($"{offset.Split('/')[0]}/{created[3].Id}")}");

        Assert.Matches("^itr[A-Za-z0-9]{14}/rec[A-Za-z0-9]{14}$", offset);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tampered.StatusCode);
    }

    [Fact]
    public async Task A_huge_formula_goes_by_POST_listRecords_and_the_fake_refuses_such_a_GET()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        var created = await bed.Client.CreateAsync(AirtableTestBed.TableName, [.. Enumerable.Range(0, 160).Select(i => new JsonObject { ["Tomte-ID"] = $"3218-{i:0000}" })]);
        var wanted = created.Where((_, i) => i % 8 != 0).Select(r => r.Id).ToList();
        // 700 alternatives: far beyond 16,000 characters once URL-encoded.
        var alternatives = wanted.Concat(Enumerable.Range(0, 700).Select(i => $"recNOTHERE{i:0000000}")).Select(id => $"RECORD_ID()='{id}'");
        var formula = $"OR({string.Join(",", alternatives)})";
        bed.Fake.ResetCounters();

        var listed = await bed.Client.ListRecordsAsync(AirtableTestBed.TableName, new ListOptions { FilterByFormula = formula }).ToListAsync();
        using var http = RawClient(bed);
        var get = await http.GetAsync($"{RecordsUrl(bed)}?filterByFormula={Uri.EscapeDataString(formula)}");

        Assert.Equal(wanted.Order(), listed.Select(r => r.Id).Order());
        // 140 matches: two pages, the second asked for with the offset in the POST body.
        var clientRequests = bed.Fake.RequestLog.Where(e => e.Status != 414).ToList();
        Assert.Equal(2, clientRequests.Count);
        Assert.All(clientRequests, e =>
            Assert.Equal(("POST", $"/v0/{bed.Base.Id}/{AirtableTestBed.TableName}/listRecords", 200), (e.Method, e.Path, e.Status)));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, get.StatusCode);
    }

    [Fact]
    public async Task Formulas_the_sync_needs_filter_correctly()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        var created = await bed.Client.CreateAsync(AirtableTestBed.TableName,
        [
            new JsonObject { ["Tomte-ID"] = "a", ["kommune"] = "Ås", ["sist sett"] = "2026-01-10T10:00:00.000Z" },
            new JsonObject { ["Tomte-ID"] = "b", ["kommune"] = "Frogn", ["sist sett"] = "2026-03-10T10:00:00.000Z" },
            new JsonObject { ["Tomte-ID"] = "c", ["kommune"] = "Ås" },
        ]);

        async Task<string[]> Ids(string formula) =>
            [.. (await bed.Client.ListRecordsAsync(AirtableTestBed.TableName, new ListOptions { FilterByFormula = formula, Sort = [new AirtableSort("Tomte-ID")] }).ToListAsync()).Select(r => r.GetString("Tomte-ID")!)];

        Assert.Equal(["b"], await Ids("IS_AFTER({sist sett}, '2026-02-01T00:00:00.000Z')"));
        Assert.Equal(["a", "c"], await Ids("{kommune} = 'Ås'"));
        Assert.Equal(["a", "b"], await Ids("OR({Tomte-ID}='a', AND({kommune}='Frogn', IS_AFTER({sist sett}, '2026-01-01')))"));
        Assert.Equal(["c"], await Ids($"RECORD_ID() = '{created[2].Id}'"));
        Assert.Equal(["c"], await Ids("{sist sett} = BLANK()"));
        bed.Table.AddAsTeam(new JsonObject { ["Tomte-ID"] = "d", ["score"] = 5 });
        Assert.Equal(["d"], await Ids("AND({løpenummer} > 3, {score} >= 5)"));
        var bad = await Assert.ThrowsAsync<AirtableException>(() => Ids("{fylke} = 'x'"));
        Assert.Equal("INVALID_FILTER_BY_FORMULA", bad.ErrorType);
        var sortUnknown = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.ListRecordsAsync(AirtableTestBed.TableName, new ListOptions { Sort = [new AirtableSort("fylke")] }).ToListAsync().AsTask());
        Assert.Equal(("UNKNOWN_FIELD_NAME", "fylke"), (sortUnknown.ErrorType, sortUnknown.Field));
    }

    [Fact]
    public async Task Last_modified_time_moves_only_when_a_watched_field_changes()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        var options = AirtableTestServices.ScaledOptions();
        options.TimeProvider = clock;
        options.RequestsPerWindow = 1000;
        await using var bed = await AirtableTestBed.StartAsync(options, new Dictionary<string, string?> { ["Tomte:Airtable:RequestsPerSecond"] = "100" });
        var id = (await bed.Client.CreateAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "a", ["score"] = 1 }]))[0].Id;
        Assert.False(bed.Table.Record(id).Fields.ContainsKey("endret av teamet"));

        clock.Advance(TimeSpan.FromHours(1));
        await bed.Client.UpsertAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "a", ["score"] = 2, ["kommune"] = "Ås" }], ["Tomte-ID"]);
        Assert.False(bed.Table.Record(id).Fields.ContainsKey("endret av teamet"));

        clock.Advance(TimeSpan.FromHours(1));
        bed.Table.EditAsTeam(id, new JsonObject { ["status"] = "kontaktet" });
        Assert.Equal("2026-11-01T10:00:00.000Z", bed.Table.Record(id).Text("endret av teamet"));

        clock.Advance(TimeSpan.FromHours(1));
        bed.Table.EditAsTeam(id, new JsonObject { ["status"] = "kontaktet" });
        await bed.Client.UpdateAsync(AirtableTestBed.TableName, [new AirtableRecordUpdate(id, new JsonObject { ["score"] = 3 })]);
        var record = await bed.Client.GetRecordAsync(AirtableTestBed.TableName, id);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), record.GetDateTime("endret av teamet"));

        var changed = await bed.Client.ListRecordsAsync(AirtableTestBed.TableName, new ListOptions { FilterByFormula = "IS_AFTER({endret av teamet}, '2026-11-01T09:30:00.000Z')", Fields = ["Tomte-ID", "status"] }).ToListAsync();
        Assert.Equal(id, Assert.Single(changed).Id);
        Assert.Equal(["Tomte-ID", "status"], changed[0].Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, record.GetNumber("løpenummer"));
    }

    [Fact]
    public async Task Links_keep_their_inverse_and_must_point_at_existing_records()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        var owners = bed.Base.AddTable("Grunneiere", FakeFields.Text("Eier-ID"));
        var properties = bed.Base.AddTable("Eiendommer", FakeFields.Text("matrikkelnummer"), FakeFields.Link("eiere", owners.Id));
        var owner = (await bed.Client.UpsertAsync("Grunneiere", [new JsonObject { ["Eier-ID"] = "E1" }], ["Eier-ID"])).Records[0];

        var property = (await bed.Client.UpsertAsync("Eiendommer", [new JsonObject { ["matrikkelnummer"] = "3218-12/34", ["eiere"] = new JsonArray(owner.Id) }], ["matrikkelnummer"])).Records[0];
        var bad = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.CreateAsync("Eiendommer", [new JsonObject { ["matrikkelnummer"] = "x", ["eiere"] = new JsonArray("recDOESNOTEXIST00") }]));

        Assert.Equal([owner.Id], property.GetStrings("eiere"));
        Assert.Equal([property.Id], (await bed.Client.GetRecordAsync("Grunneiere", owner.Id)).GetStrings("Eiendommer"));
        Assert.Equal("ROW_DOES_NOT_EXIST", bad.ErrorType);
        Assert.Equal(1, properties.Count);
    }

    [Fact]
    public async Task Attachments_upload_up_to_5_MB_and_larger_files_are_refused_before_sending()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        var id = (await bed.Client.CreateAsync(AirtableTestBed.TableName, [new JsonObject { ["Tomte-ID"] = "a" }]))[0].Id;
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };

        var uploaded = await bed.Client.UploadAttachmentAsync(id, "kart", "3218-0001.png", "image/png", png);
        var tooLarge = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.UploadAttachmentAsync(id, "kart", "stor.png", "image/png", new byte[AirtableClient.MaxAttachmentBytes + 1]));

        var attachment = bed.Table.Record(id).Fields["kart"]!.AsArray().Single()!;
        Assert.Equal("3218-0001.png", (string?)attachment["filename"]);
        Assert.Equal(png.Length, (int)attachment["size"]!);
        Assert.Equal(png, bed.Fake.AttachmentBytes((string)attachment["id"]!));
        Assert.Equal(id, uploaded.Id);
        Assert.Equal(AirtableException.AttachmentTooLarge, tooLarge.ErrorType);
        Assert.Equal(1, bed.Fake.RequestLog.Count(e => e.Kind == FakeRequestKind.UploadAttachment));
        using var http = new HttpClient();
        Assert.Equal(png, await http.GetByteArrayAsync((string)attachment["url"]!));
    }

    [Fact]
    public async Task Bad_token_unknown_table_and_unknown_base_are_typed_errors()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        await using var wrongToken = AirtableTestServices.Build(bed.Fake, bed.Base, new Dictionary<string, string?> { ["Tomte:Airtable:Token"] = "patWrong.token" });
        await using var wrongBase = AirtableTestServices.Build(bed.Fake, bed.Base, new Dictionary<string, string?> { ["Tomte:Airtable:BaseId"] = "appAAAAAAAAAAAAAA" });

        var auth = await Assert.ThrowsAsync<AirtableException>(() => wrongToken.Client().GetBaseSchemaAsync());
        var table = await Assert.ThrowsAsync<AirtableException>(() => bed.Client.ListRecordsAsync("Ukjent").ToListAsync().AsTask());
        var missingBase = await Assert.ThrowsAsync<AirtableException>(() => wrongBase.Client().GetBaseSchemaAsync());

        Assert.Equal((HttpStatusCode.Unauthorized, "AUTHENTICATION_REQUIRED"), (auth.Status, auth.ErrorType));
        Assert.Equal((HttpStatusCode.NotFound, "TABLE_NOT_FOUND", "Ukjent"), (table.Status, table.ErrorType, table.Table));
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (missingBase.Status, missingBase.ErrorType));
    }

    [Fact]
    public async Task The_fake_answers_429_in_airtables_shape_and_holds_the_penalty()
    {
        // A window and a penalty longer than the test, so a slow machine cannot let either lapse between requests.
        var options = AirtableTestServices.ScaledOptions();
        options.RateLimitWindow = TimeSpan.FromMinutes(1);
        options.RateLimitPenalty = TimeSpan.FromMinutes(1);
        await using var bed = await AirtableTestBed.StartAsync(options);
        using var http = RawClient(bed);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await http.GetAsync(RecordsUrl(bed))).StatusCode);
        }
        var body = await (await http.GetAsync(RecordsUrl(bed))).Content.ReadAsStringAsync();

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), statuses.Take(5));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3), statuses.Skip(5));
        Assert.Equal("RATE_LIMIT_REACHED", JsonNode.Parse(body)!["errors"]![0]!["error"]!.GetValue<string>());
        Assert.Equal(4, bed.Fake.Counters.RateLimited);
    }

    private static HttpClient RawClient(AirtableTestBed bed)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bed.Fake.Token);
        return http;
    }

    private static string RecordsUrl(AirtableTestBed bed) => $"{bed.Fake.Url.ToString().TrimEnd('/')}/v0/{bed.Base.Id}/{AirtableTestBed.TableName}";

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<string?> ErrorType(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]?["type"];
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tomte.Tests.Airtable.Fake;
using Tomte.Worker.Airtable;

namespace Tomte.Tests.Airtable;

/// <summary>
/// The client against bodies recorded from the real Airtable (not the fake), replayed over HTTP on loopback,
/// and the fake's answers compared with the recorded shapes.
/// </summary>
public sealed class AirtableRecordedFormatTests
{
    private const string BaseId = "app21Qak1T4cGoiP7";

    [Fact]
    public async Task Recorded_pages_are_followed_by_their_offsets_verbatim()
    {
        await using var replay = await Replay.StartAsync(
            ("GET", 200, RecordedAirtableBodies.ListPage1),
            ("GET", 200, RecordedAirtableBodies.ListPage2),
            ("GET", 200, RecordedAirtableBodies.ListEmpty));
        await using var services = replay.Services();

        var records = await services.Client().ListRecordsAsync("TABLE READ").ToListAsync();

        var expected = JsonNode.Parse(RecordedAirtableBodies.ListPage1)!["records"]!.AsArray().Count + JsonNode.Parse(RecordedAirtableBodies.ListPage2)!["records"]!.AsArray().Count;
        Assert.Equal(expected, records.Count);
        Assert.Equal("211", records[0].GetString("COLUMN_ID"));
        Assert.Equal(new DateTimeOffset(2017, 8, 5, 23, 13, 6, TimeSpan.Zero), records[0].CreatedTime);
        Assert.Equal(3, replay.Requests.Count);
        Assert.Contains("offset=itrsyf33wQLm78zi4%2FrecBCnJaHgUe7VUlV", replay.Requests[1].Target, StringComparison.Ordinal);
        Assert.Contains("offset=itrxxbgEd5XUkVg0s%2FrecidalNlK6b1i4Un", replay.Requests[2].Target, StringComparison.Ordinal);
        Assert.StartsWith("/v0/app21Qak1T4cGoiP7/TABLE%20READ?pageSize=100", replay.Requests[0].Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_write_answers_are_understood_and_unknown_field_types_tolerated()
    {
        await using var replay = await Replay.StartAsync(
            ("POST", 200, RecordedAirtableBodies.Create),
            ("PATCH", 200, RecordedAirtableBodies.Update),
            ("PATCH", 200, RecordedAirtableBodies.Upsert),
            ("GET", 200, RecordedAirtableBodies.GetRecord));
        await using var services = replay.Services();
        var client = services.Client();

        var created = await client.CreateAsync("All", [new JsonObject { ["Name"] = "John Doe" }]);
        var updated = await client.UpdateAsync("All", [new AirtableRecordUpdate("recafslhLhajIYeaR", new JsonObject { ["f_singleLineText"] = "updated" })]);
        var upserted = await client.UpsertAsync("Artists", [new JsonObject { ["Name"] = "Edgar Degas" }], ["Name", "Bio", "Bank Name"]);
        var fetched = await client.GetRecordAsync("All", "recafslhLhajIYeaR");

        Assert.Equal("recUH5O6ACAG4vP41", created[0].Id);
        Assert.Equal(["Red", "Green"], created[0].GetStrings("f_multipleSelects"));
        Assert.Equal(JsonValueKind.Object, created[0].Fields["f_rollup"].ValueKind);
        Assert.Equal("Open URL", created[0].Fields["f_button"].GetProperty("label").GetString());
        Assert.Equal(5.7, updated[0].GetNumber("f_number"));
        Assert.Equal(["recGKfzWzSmSlqenh"], upserted.CreatedRecordIds);
        Assert.Equal(["reciLHL1j9iKOAmAd", "reckuK4megeU6gVot"], upserted.UpdatedRecordIds);
        Assert.Equal("Jane", fetched.GetString("Name"));

        // What the client sends for an upsert has the recorded request's shape (PATCH keeps the team's fields).
        var sent = JsonNode.Parse(replay.Requests[2].Body)!.AsObject();
        var recorded = JsonNode.Parse(RecordedAirtableBodies.UpsertRequest)!.AsObject();
        Assert.Equal(["Name", "Bio", "Bank Name"], sent["performUpsert"]!["fieldsToMergeOn"]!.AsArray().Select(n => (string)n!));
        Assert.Subset(recorded.Select(p => p.Key).ToHashSet(), sent.Select(p => p.Key).ToHashSet());
        Assert.Equal("/v0/app21Qak1T4cGoiP7/All/recafslhLhajIYeaR", replay.Requests[3].Target);
    }

    [Fact]
    public async Task The_recorded_schema_with_every_field_type_is_read()
    {
        await using var replay = await Replay.StartAsync(("GET", 200, RecordedAirtableBodies.MetaBaseTables));
        await using var services = replay.Services();

        var schema = await services.Client().GetBaseSchemaAsync();

        Assert.Equal(5, schema.Tables.Count);
        var all = schema.FindTable("tbl2dYOTFAzBLHXTr")!;
        Assert.Equal("fldY8dL1WwDtypOSc", all.PrimaryFieldId);
        Assert.Equal("lastModifiedTime", all.FindField("f_lastModifiedTime")!.Type);
        Assert.Equal("tblyM3d3KYX1fBXpA", all.FindField("f_multipleRecordLinks")!.Options!.Value.GetProperty("linkedTableId").GetString());
        Assert.Equal("/v0/meta/bases/app21Qak1T4cGoiP7/tables", replay.Requests[0].Target);
    }

    [Theory]
    [InlineData(401, nameof(RecordedAirtableBodies.Error401AuthenticationRequired), "AUTHENTICATION_REQUIRED", "Authentication required", null)]
    [InlineData(404, nameof(RecordedAirtableBodies.Error404TableNotFound), "TABLE_NOT_FOUND", "Could not find table Unknown Table in application app21Qak1T4cGoiP7", null)]
    [InlineData(404, nameof(RecordedAirtableBodies.Error404ModelIdNotFound), "MODEL_ID_NOT_FOUND", "Record not found", null)]
    [InlineData(404, nameof(RecordedAirtableBodies.Error404NoSchemaScope), "NOT_FOUND", null, null)]
    [InlineData(404, nameof(RecordedAirtableBodies.Error404StringQuirk), "NOT_FOUND", null, null)]
    [InlineData(422, nameof(RecordedAirtableBodies.Error422InvalidValueForColumn), "INVALID_VALUE_FOR_COLUMN", "Field \"f_autoNumber\" cannot accept a value because the field is computed", "f_autoNumber")]
    [InlineData(422, nameof(RecordedAirtableBodies.Error422UnknownFieldName), "UNKNOWN_FIELD_NAME", "Could not find a field named NON_EXISTING", "NON_EXISTING")]
    public async Task Recorded_errors_become_typed_exceptions(int status, string bodyName, string type, string? message, string? field)
    {
        var body = (string)typeof(RecordedAirtableBodies).GetField(bodyName)!.GetValue(null)!;
        await using var replay = await Replay.StartAsync(("GET", status, body));
        await using var services = replay.Services();

        var error = await Assert.ThrowsAsync<AirtableException>(() => services.Client().GetRecordAsync("All", "recafslhLhajIYeaR"));

        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.Equal(type, error.ErrorType);
        Assert.Equal(message, error.AirtableMessage);
        Assert.Equal(field, error.Field);
        Assert.Equal("All", error.Table);
        Assert.Equal("recafslhLhajIYeaR", error.RecordId);
        Assert.Single(replay.Requests);
    }

    [Fact]
    public async Task The_fake_answers_in_the_recorded_shapes()
    {
        await using var bed = await AirtableTestBed.StartAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bed.Fake.Token);
        var root = bed.Fake.Url.ToString().TrimEnd('/');
        var records = $"{root}/v0/{bed.Base.Id}/{AirtableTestBed.TableName}";

        var created = await Send(http, HttpMethod.Post, records, """{"records":[{"fields":{"Tomte-ID":"a","score":3}}]}""");
        var upserted = await Send(http, HttpMethod.Patch, records, """{"performUpsert":{"fieldsToMergeOn":["Tomte-ID"]},"records":[{"fields":{"Tomte-ID":"a","score":4}},{"fields":{"Tomte-ID":"b"}}]}""");
        var id = (string)created["records"]![0]!["id"]!;
        var deleted = await Send(http, HttpMethod.Delete, $"{records}?records[]={id}", null);
        var schema = await Send(http, HttpMethod.Get, $"{root}/v0/meta/bases/{bed.Base.Id}/tables", null);
        var bases = await Send(http, HttpMethod.Get, $"{root}/v0/meta/bases", null);

        static string[] Keys(JsonNode? node) => [.. node!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];
        Assert.Equal(Keys(JsonNode.Parse(RecordedAirtableBodies.Create)!["records"]![0]), Keys(created["records"]![0]));
        Assert.Equal(Keys(JsonNode.Parse(RecordedAirtableBodies.Upsert)), Keys(upserted));
        Assert.Equal(Keys(JsonNode.Parse(RecordedAirtableBodies.DeleteMany)), Keys(deleted));
        Assert.Equal(Keys(JsonNode.Parse(RecordedAirtableBodies.DeleteMany)!["records"]![0]), Keys(deleted["records"]![0]));
        Assert.Equal(Keys(JsonNode.Parse(RecordedAirtableBodies.MetaBaseTables)!["tables"]![0]), Keys(schema["tables"]![0]));
        Assert.Equal(Keys(JsonNode.Parse(RecordedAirtableBodies.MetaBaseTables)!["tables"]![0]!["fields"]![0]), Keys(schema["tables"]![0]!["fields"]![0]));
        Assert.Equal("create", (string?)bases["bases"]![0]!["permissionLevel"]);
        var quirk = await http.GetAsync($"{root}/v0/meta/bases/junk/tables");
        Assert.Equal(HttpStatusCode.NotFound, quirk.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(RecordedAirtableBodies.Error404StringQuirk), JsonNode.Parse(await quirk.Content.ReadAsStringAsync())));
    }

    private static async Task<JsonNode> Send(HttpClient http, HttpMethod method, string url, string? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Answers requests, in order, with recorded bodies; remembers what was asked.</summary>
    private sealed class Replay : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Method, int Status, string Body)> _answers;

        private Replay(WebApplication app, IEnumerable<(string, int, string)> answers)
        {
            _app = app;
            _answers = new ConcurrentQueue<(string, int, string)>(answers);
        }

        public List<(string Method, string Target, string Body)> Requests { get; } = [];

        public Uri Url { get; private set; } = null!;

        public static async Task<Replay> StartAsync(params (string Method, int Status, string Body)[] answers)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var replay = new Replay(app, answers);
            app.Run(async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                lock (replay.Requests)
                {
                    replay.Requests.Add((context.Request.Method, context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent(), body));
                }
                if (!replay._answers.TryDequeue(out var answer) || answer.Method != context.Request.Method)
                {
                    context.Response.StatusCode = 599;
                    return;
                }
                context.Response.StatusCode = answer.Status;
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(answer.Body);
            });
            await app.StartAsync();
            replay.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return replay;
        }

        public ServiceProvider Services()
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Tomte:Airtable:ApiUrl"] = Url.ToString(),
                ["Tomte:Airtable:ContentUrl"] = Url.ToString(),
                ["Tomte:Airtable:Token"] = "patRecordedReplay.0000",
                ["Tomte:Airtable:BaseId"] = BaseId,
                ["Tomte:Airtable:RequestsPerSecond"] = "100",
                ["Tomte:Airtable:RateLimitSafetyMargin"] = "00:00:00",
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddTomteAirtable(configuration);
            return services.BuildServiceProvider();
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

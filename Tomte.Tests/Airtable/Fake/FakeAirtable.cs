using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tomte.Tests.Airtable.Fake;

public sealed class FakeAirtableOptions
{
    /// <summary>The personal access token the fake accepts (Bearer).</summary>
    public string Token { get; set; } = "patFakeTomte.0123456789abcdef";

    /// <summary>Requests per base admitted within <see cref="RateLimitWindow"/> (Airtable: 5 per second).</summary>
    public int RequestsPerWindow { get; set; } = 5;

    /// <summary>The sliding window the fake counts in; shrink it (and the client's) to scale time in tests.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a 429 every request to the base gets 429 for this long (Airtable: 30 s).</summary>
    public TimeSpan RateLimitPenalty { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Network latency on the way in: the request "arrives" (is counted and processed) this long after it was received.</summary>
    public TimeSpan RequestLatency { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Share of requests (0–1) that fail at random with a 5xx when no fault is queued: half 503 before processing,
    /// half 503 after processing (the answer lost). For the reliability soak.
    /// </summary>
    public double RandomFaultShare { get; set; }

    /// <summary>Seed of the random faults, so a soak can be repeated.</summary>
    public int RandomSeed { get; set; } = 13;

    /// <summary>The fake's clock for record times, last-modified times, the rate window and the penalty.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

public enum FakeFault
{
    /// <summary>503 with a JSON body; nothing is processed.</summary>
    ServiceUnavailable,

    /// <summary>502 with an HTML body, as a proxy in front of Airtable sends; nothing is processed.</summary>
    BadGatewayHtml,

    /// <summary>The request is accepted and never answered (until the client gives up).</summary>
    Hang,

    /// <summary>The request IS processed (records written), then 503: the answer is lost on the way back.</summary>
    ServiceUnavailableAfterProcessing,
}

public enum FakeRequestKind
{
    ListRecords, GetRecord, CreateRecords, UpdateRecords, UpsertRecords, DeleteRecords, UploadAttachment,
    MetaRead, MetaWrite, Other,
}

public sealed record FakeRequestLogEntry(DateTimeOffset Time, string Method, string Path, FakeRequestKind Kind, int Status, int Records);

/// <summary>Counts since start (or the last <see cref="FakeAirtable.ResetCounters"/>).</summary>
public sealed record FakeCounters(int Total, int Reads, int Writes, int MetaWrites, int RateLimited, int Faulted, int ClientErrors, int RecordsWritten);

/// <summary>
/// An in-process Airtable over real HTTP on loopback, as strict as Airtable: 5 requests/s per base then 429
/// and a penalty, at most 10 records per write, pages of at most 100, opaque offsets, UNKNOWN_FIELD_NAME,
/// INVALID_MULTIPLE_CHOICE_OPTIONS (unless typecast), INVALID_VALUE_FOR_COLUMN (wrong type, computed field),
/// upserts matching several records refused, empty values omitted, URLs over 16,000 characters refused,
/// last-modified-time fields that watch chosen fields. Record, metadata and uploadAttachment endpoints
/// share one port (use <see cref="Url"/> for both ApiUrl and ContentUrl).
/// </summary>
public sealed class FakeAirtable : IAsyncDisposable
{
    public const int MaxUrlLength = 16_000;
    public const int MaxRecordsPerWrite = 10;
    public const int MaxPageSize = 100;
    public const int MaxAttachmentBytes = 5 * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly Dictionary<string, FakeBase> _bases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _arrivals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _penalties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ListIterator> _iterators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ContentType, byte[] Bytes)> _files = new(StringComparer.Ordinal);
    private readonly List<(FakeFault Fault, FakeRequestKind? Kind, int Remaining)> _faults = [];
    private readonly Random _random;
    private readonly List<FakeRequestLogEntry> _log = [];
    private readonly object _rateGate = new();

    private FakeAirtable(WebApplication app, FakeAirtableOptions options)
    {
        _app = app;
        Options = options;
        _random = new Random(options.RandomSeed);
    }

    public FakeAirtableOptions Options { get; }

    /// <summary>Root URL, e.g. http://127.0.0.1:41234 — the client's ApiUrl and ContentUrl.</summary>
    public Uri Url { get; private set; } = null!;

    public string Token => Options.Token;

    internal object Gate { get; } = new();

    public static async Task<FakeAirtable> StartAsync(FakeAirtableOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Above Airtable's own limits, so the fake (not Kestrel) answers the way Airtable does.
            kestrel.Limits.MaxRequestLineSize = 256 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 512 * 1024;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeAirtable(app, options ?? new FakeAirtableOptions());
        app.Run(fake.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    // ---- set-up and inspection ------------------------------------------------------------------------

    /// <summary>Adds an empty base; a fresh app… id when none is given.</summary>
    public FakeBase AddBase(string? baseId = null, string name = "Tomte (syntetisk testbase)")
    {
        lock (Gate)
        {
            var added = new FakeBase(this, baseId ?? FakeIds.New("app"), name);
            _bases.Add(added.Id, added);
            return added;
        }
    }

    public FakeBase Base(string baseId)
    {
        lock (Gate)
        {
            return _bases[baseId];
        }
    }

    /// <summary>Settings that point Tomte's client at this fake and base (Tomte:Airtable:*), with the fake's limits.</summary>
    public Dictionary<string, string?> ClientSettings(FakeBase fakeBase) => new()
    {
        ["Tomte:Airtable:ApiUrl"] = Url.ToString().TrimEnd('/'),
        ["Tomte:Airtable:ContentUrl"] = Url.ToString().TrimEnd('/'),
        ["Tomte:Airtable:Token"] = Options.Token,
        ["Tomte:Airtable:BaseId"] = fakeBase.Id,
        ["Tomte:Airtable:RequestsPerSecond"] = Options.RequestsPerWindow.ToString(CultureInfo.InvariantCulture),
        ["Tomte:Airtable:RateLimitWindow"] = Options.RateLimitWindow.ToString("c", CultureInfo.InvariantCulture),
        ["Tomte:Airtable:RateLimitPenalty"] = Options.RateLimitPenalty.ToString("c", CultureInfo.InvariantCulture),
    };

    /// <summary>The next <paramref name="count"/> requests (of <paramref name="kind"/>, or any) fail with <paramref name="fault"/>.</summary>
    public void InjectFault(FakeFault fault, int count = 1, FakeRequestKind? kind = null)
    {
        lock (Gate)
        {
            _faults.Add((fault, kind, count));
        }
    }

    /// <summary>Starts a 429 penalty on a base now, as if it had been flooded.</summary>
    public void Penalize(string baseId)
    {
        lock (_rateGate)
        {
            _penalties[baseId] = Options.TimeProvider.GetUtcNow() + Options.RateLimitPenalty;
        }
    }

    public FakeCounters Counters
    {
        get
        {
            lock (Gate)
            {
                bool IsWrite(FakeRequestKind k) => k is FakeRequestKind.CreateRecords or FakeRequestKind.UpdateRecords or FakeRequestKind.UpsertRecords or FakeRequestKind.DeleteRecords or FakeRequestKind.UploadAttachment;
                return new FakeCounters(
                    Total: _log.Count,
                    Reads: _log.Count(e => e.Kind is FakeRequestKind.ListRecords or FakeRequestKind.GetRecord or FakeRequestKind.MetaRead),
                    Writes: _log.Count(e => IsWrite(e.Kind)),
                    MetaWrites: _log.Count(e => e.Kind == FakeRequestKind.MetaWrite),
                    RateLimited: _log.Count(e => e.Status == 429),
                    Faulted: _log.Count(e => e.Status is 502 or 503 or 504 or 499),
                    ClientErrors: _log.Count(e => e.Status is >= 400 and < 500 and not 429 and not 499),
                    RecordsWritten: _log.Where(e => IsWrite(e.Kind) && e.Status == 200).Sum(e => e.Records));
            }
        }
    }

    /// <summary>Every request so far, in arrival order (path without query; no bodies).</summary>
    public IReadOnlyList<FakeRequestLogEntry> RequestLog
    {
        get
        {
            lock (Gate)
            {
                return [.. _log];
            }
        }
    }

    public void ResetCounters()
    {
        lock (Gate)
        {
            _log.Clear();
        }
    }

    // ---- the HTTP side ------------------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext context)
    {
        if (Options.RequestLatency > TimeSpan.Zero)
        {
            await Task.Delay(Options.RequestLatency, Options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
        }
        var now = Options.TimeProvider.GetUtcNow();
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 3 && segments[0] == "attachments" && request.Method == "GET")
        {
            await ServeFileAsync(context, segments[1]).ConfigureAwait(false);
            return;
        }
        var kind = Classify(request.Method, segments, request.Query);
        var entry = new LogSlot { Kind = kind };
        lock (Gate)
        {
            _log.Add(new FakeRequestLogEntry(now, request.Method, path, kind, 0, 0));
            entry.Index = _log.Count - 1;
        }
        var (status, body, records) = await ProcessAsync(context, segments, entry, now).ConfigureAwait(false);
        lock (Gate)
        {
            _log[entry.Index] = _log[entry.Index] with { Status = status, Records = records, Kind = entry.Kind };
        }
        if (body is null)
        {
            return;
        }
        context.Response.StatusCode = status;
        if (body is string html)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(((JsonNode)body).ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private sealed class LogSlot
    {
        public int Index { get; set; }

        /// <summary>An upsert is a PATCH/PUT whose body asks for performUpsert, known only once the body is read.</summary>
        public FakeRequestKind Kind { get; set; }
    }

    private async Task<(int Status, object? Body, int Records)> ProcessAsync(HttpContext context, string[] segments, LogSlot slot, DateTimeOffset now)
    {
        var request = context.Request;
        var kind = slot.Kind;
        if (kind == FakeRequestKind.UpdateRecords && segments.Length == 3 && request.ContentLength is > 0)
        {
            // Peek without consuming: the body is small JSON, buffered so it can be read again below.
            request.EnableBuffering();
            try
            {
                using var peek = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                if (peek.RootElement.ValueKind == JsonValueKind.Object && peek.RootElement.TryGetProperty("performUpsert", out _))
                {
                    slot.Kind = kind = FakeRequestKind.UpsertRecords;
                }
            }
            catch (JsonException)
            {
                // Answered below, where the body is parsed for real.
            }
            request.Body.Position = 0;
        }
        var fault = TakeFault(kind);
        switch (fault)
        {
            case FakeFault.ServiceUnavailable:
                return (503, new JsonObject { ["error"] = new JsonObject { ["type"] = "SERVICE_UNAVAILABLE", ["message"] = "Service temporarily unavailable (injected by the fake)" } }, 0);
            case FakeFault.BadGatewayHtml:
                return (502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n", 0);
            case FakeFault.Hang:
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                return (499, null, 0);
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        if (Url.ToString().TrimEnd('/').Length + rawTarget.Length > MaxUrlLength)
        {
            return (414, new FakeError(414, "URL_TOO_LONG", $"The URL is longer than {MaxUrlLength} characters; use POST listRecords with the parameters in the body").Body(), 0);
        }
        if (request.Headers.Authorization.ToString() != $"Bearer {Options.Token}")
        {
            return (401, new FakeError(401, "AUTHENTICATION_REQUIRED", "Authentication required").Body(), 0);
        }
        if (!Admit(RateKey(segments), now))
        {
            return (429, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["error"] = "RATE_LIMIT_REACHED", ["message"] = "Rate limit exceeded. Please try again later" }) }, 0);
        }

        JsonNode? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return (422, FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: the body is not JSON.").Body(), 0);
            }
        }

        try
        {
            int records;
            JsonNode result;
            lock (Gate)
            {
                (result, records) = Route(request, segments, kind, body);
            }
            if (fault == FakeFault.ServiceUnavailableAfterProcessing)
            {
                return (503, new JsonObject { ["error"] = new JsonObject { ["type"] = "SERVICE_UNAVAILABLE", ["message"] = "Service temporarily unavailable (injected by the fake after processing)" } }, records);
            }
            return (200, result, records);
        }
        catch (FakeError error)
        {
            return (error.Status, error.Body(), 0);
        }
    }

    private FakeFault? TakeFault(FakeRequestKind kind)
    {
        lock (Gate)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var (fault, only, remaining) = _faults[i];
                if (only is not null && only != kind)
                {
                    continue;
                }
                if (remaining <= 1)
                {
                    _faults.RemoveAt(i);
                }
                else
                {
                    _faults[i] = (fault, only, remaining - 1);
                }
                return fault;
            }
            if (Options.RandomFaultShare > 0 && _random.NextDouble() < Options.RandomFaultShare)
            {
                return _random.Next(2) == 0 ? FakeFault.ServiceUnavailable : FakeFault.ServiceUnavailableAfterProcessing;
            }
            return null;
        }
    }

    /// <summary>Sliding window per base: a request is admitted when fewer than the limit arrived in the last window.</summary>
    private bool Admit(string key, DateTimeOffset now)
    {
        lock (_rateGate)
        {
            if (_penalties.TryGetValue(key, out var until) && now < until)
            {
                return false;
            }
            if (!_arrivals.TryGetValue(key, out var queue))
            {
                _arrivals[key] = queue = new Queue<DateTimeOffset>();
            }
            while (queue.Count > 0 && queue.Peek() <= now - Options.RateLimitWindow)
            {
                queue.Dequeue();
            }
            if (queue.Count >= Options.RequestsPerWindow)
            {
                _penalties[key] = now + Options.RateLimitPenalty;
                return false;
            }
            queue.Enqueue(now);
            return true;
        }
    }

    private static string RateKey(string[] segments) =>
        segments.Length >= 4 && segments[1] == "meta" && segments[2] == "bases" ? segments[3]
        : segments.Length >= 2 ? segments[1] : "";

    private static FakeRequestKind Classify(string method, string[] segments, IQueryCollection query)
    {
        if (segments.Length < 2 || segments[0] != "v0")
        {
            return FakeRequestKind.Other;
        }
        if (segments[1] == "meta")
        {
            return method == "GET" ? FakeRequestKind.MetaRead : FakeRequestKind.MetaWrite;
        }
        if (segments.Length == 5 && segments[4] == "uploadAttachment")
        {
            return FakeRequestKind.UploadAttachment;
        }
        if (segments.Length == 4 && segments[3] == "listRecords")
        {
            return FakeRequestKind.ListRecords;
        }
        return (method, segments.Length) switch
        {
            ("GET", 3) => FakeRequestKind.ListRecords,
            ("GET", 4) => FakeRequestKind.GetRecord,
            ("POST", 3) => FakeRequestKind.CreateRecords,
            ("PATCH" or "PUT", _) => FakeRequestKind.UpdateRecords,
            ("DELETE", _) => FakeRequestKind.DeleteRecords,
            _ => FakeRequestKind.Other,
        };
    }

    private (JsonNode Result, int Records) Route(HttpRequest request, string[] segments, FakeRequestKind kind, JsonNode? body)
    {
        if (segments.Length < 2 || segments[0] != "v0")
        {
            throw new FakeError(404, "NOT_FOUND", null, typeAsString: true);
        }
        if (segments[1] == "meta")
        {
            return (RouteMeta(request.Method, segments, body), 0);
        }
        var fakeBase = _bases.GetValueOrDefault(segments[1]) ?? throw new FakeError(404, "NOT_FOUND", null, typeAsString: true);
        if (kind == FakeRequestKind.UploadAttachment && request.Method == "POST")
        {
            return (UploadAttachment(fakeBase, segments[2], segments[3], body), 1);
        }
        if (segments.Length < 3)
        {
            throw new FakeError(404, "NOT_FOUND", null, typeAsString: true);
        }
        var table = fakeBase.FindTable(segments[2])
            ?? throw new FakeError(404, "TABLE_NOT_FOUND", $"Could not find table {segments[2]} in application {fakeBase.Id}");
        var method = request.Method;

        if (segments.Length == 4 && segments[3] == "listRecords")
        {
            return method == "POST" ? (List(table, ListParameters.FromBody(body)), 0) : throw new FakeError(404, "NOT_FOUND", null, typeAsString: true);
        }
        if (segments.Length == 4)
        {
            var record = table.FindRecord(segments[3]) ?? throw new FakeError(404, "MODEL_ID_NOT_FOUND", "Record not found");
            switch (method)
            {
                case "GET":
                    return (table.Render(record, null, request.Query["returnFieldsByFieldId"] == "true"), 0);
                case "PATCH" or "PUT":
                    var obj = body as JsonObject ?? throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"fields\" in the request body");
                    var fields = obj["fields"] as JsonObject ?? throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"fields\" in the request body");
                    var pending = new List<(FakeField, string)>();
                    var values = table.PrepareFields(fields, (bool?)obj["typecast"] ?? false, pending);
                    FakeTable.AddChoices(pending);
                    table.Apply(record, values, replace: method == "PUT");
                    return (table.Render(record, null, false), 1);
                case "DELETE":
                    table.Delete(record);
                    return (new JsonObject { ["deleted"] = true, ["id"] = record.Id }, 1);
                default:
                    throw new FakeError(404, "NOT_FOUND", null, typeAsString: true);
            }
        }
        return method switch
        {
            "GET" => (List(table, ListParameters.FromQuery(request.Query)), 0),
            "POST" => Create(table, body),
            "PATCH" or "PUT" => (body as JsonObject)?["performUpsert"] is not null ? Upsert(table, (JsonObject)body!, replace: method == "PUT") : Update(table, body, replace: method == "PUT"),
            "DELETE" => Delete(table, request.Query),
            _ => throw new FakeError(404, "NOT_FOUND", null, typeAsString: true),
        };
    }

    // ---- records ------------------------------------------------------------------------------------------

    private static JsonArray RecordsOf(JsonNode? body, params string[] allowedKeys)
    {
        if (body is not JsonObject obj)
        {
            throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"records\" in the request body");
        }
        foreach (var (key, _) in obj)
        {
            if (!allowedKeys.Contains(key))
            {
                throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", $"Invalid request: parameter validation failed. Check your request data. (unknown key \"{key}\")");
            }
        }
        var records = obj["records"] as JsonArray ?? throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"records\" in the request body");
        if (records.Count == 0)
        {
            throw FakeError.Invalid("INVALID_RECORDS", "The request has no records.");
        }
        if (records.Count > MaxRecordsPerWrite)
        {
            throw FakeError.Invalid("INVALID_RECORDS", $"You can only send up to {MaxRecordsPerWrite} records per request; this one had {records.Count}.");
        }
        return records;
    }

    private static JsonObject FieldsOf(JsonNode? record) =>
        record?["fields"] as JsonObject ?? throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"fields\" in the request body");

    private static (JsonNode, int) Create(FakeTable table, JsonNode? body)
    {
        if (body is JsonObject single && single["fields"] is not null && single["records"] is null)
        {
            var pendingOne = new List<(FakeField, string)>();
            var valuesOne = table.PrepareFields(FieldsOf(single), (bool?)single["typecast"] ?? false, pendingOne);
            FakeTable.AddChoices(pendingOne);
            return (table.Render(table.Create(valuesOne), null, false), 1);
        }
        var records = RecordsOf(body, "records", "typecast", "returnFieldsByFieldId");
        var typecast = (bool?)body!["typecast"] ?? false;
        var pending = new List<(FakeField, string)>();
        var prepared = records.Select(r => table.PrepareFields(FieldsOf(r), typecast, pending)).ToList();
        FakeTable.AddChoices(pending);
        var byId = (bool?)body["returnFieldsByFieldId"] ?? false;
        var created = prepared.Select(values => (JsonNode)table.Render(table.Create(values), null, byId)).ToArray();
        return (new JsonObject { ["records"] = new JsonArray(created) }, created.Length);
    }

    private static (JsonNode, int) Update(FakeTable table, JsonNode? body, bool replace)
    {
        var records = RecordsOf(body, "records", "typecast", "returnFieldsByFieldId");
        var typecast = (bool?)body!["typecast"] ?? false;
        var pending = new List<(FakeField, string)>();
        var prepared = new List<(FakeRecord Record, Dictionary<string, JsonNode?> Values)>();
        foreach (var item in records)
        {
            var id = (string?)item?["id"] ?? throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"id\" in a record of the request body");
            var record = table.FindRecord(id) ?? throw new FakeError(404, "MODEL_ID_NOT_FOUND", $"Could not find record {id}");
            prepared.Add((record, table.PrepareFields(FieldsOf(item), typecast, pending)));
        }
        FakeTable.AddChoices(pending);
        var byId = (bool?)body["returnFieldsByFieldId"] ?? false;
        var updated = new JsonArray();
        foreach (var (record, values) in prepared)
        {
            table.Apply(record, values, replace);
            updated.Add(table.Render(record, null, byId));
        }
        return (new JsonObject { ["records"] = updated }, updated.Count);
    }

    private static (JsonNode, int) Upsert(FakeTable table, JsonObject body, bool replace)
    {
        var records = RecordsOf(body, "records", "typecast", "returnFieldsByFieldId", "performUpsert");
        var typecast = (bool?)body["typecast"] ?? false;
        var mergeOn = body["performUpsert"]?["fieldsToMergeOn"] as JsonArray
            ?? throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"performUpsert.fieldsToMergeOn\" in the request body");
        if (mergeOn.Count is < 1 or > 3)
        {
            throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", $"performUpsert.fieldsToMergeOn must name 1 to 3 fields; it named {mergeOn.Count}.");
        }
        var mergeFields = new List<FakeField>();
        foreach (var name in mergeOn)
        {
            var key = (string?)name ?? "";
            var field = table.FindField(key) ?? throw FakeError.Invalid("UNKNOWN_FIELD_NAME", $"Unknown field name: \"{key}\"");
            if (field.IsComputed || field.Type is "multipleRecordLinks" or "multipleAttachments")
            {
                throw FakeError.Invalid("INVALID_VALUE_FOR_COLUMN", $"Field \"{field.Name}\" cannot be used in fieldsToMergeOn");
            }
            mergeFields.Add(field);
        }

        var pending = new List<(FakeField, string)>();
        var plan = new List<(FakeRecord? Target, Dictionary<string, JsonNode?> Values)>();
        foreach (var item in records)
        {
            var values = table.PrepareFields(FieldsOf(item), typecast, pending);
            if ((string?)item?["id"] is { } id)
            {
                plan.Add((table.FindRecord(id) ?? throw new FakeError(404, "MODEL_ID_NOT_FOUND", $"Could not find record {id}"), values));
                continue;
            }
            foreach (var field in mergeFields)
            {
                if (values.GetValueOrDefault(field.Id) is null)
                {
                    throw FakeError.Invalid("INVALID_VALUE_FOR_COLUMN", $"Field \"{field.Name}\" is in fieldsToMergeOn but a record has no value for it");
                }
            }
            var matches = table.RecordList.Where(r => mergeFields.All(f => JsonNode.DeepEquals(r.Values.GetValueOrDefault(f.Id), values[f.Id]))).Take(3).ToList();
            if (matches.Count > 1)
            {
                throw FakeError.Invalid("INVALID_RECORDS", $"fieldsToMergeOn matched more than one record ({string.Join(", ", matches.Select(m => m.Id))}); upserts need the merge fields to be unique");
            }
            if (plan.Any(p => p.Target is null && mergeFields.All(f => JsonNode.DeepEquals(p.Values[f.Id], values[f.Id]))))
            {
                throw FakeError.Invalid("INVALID_RECORDS", "Two records in one upsert request have the same values in fieldsToMergeOn");
            }
            plan.Add((matches.FirstOrDefault(), values));
        }
        FakeTable.AddChoices(pending);

        var byId = (bool?)body["returnFieldsByFieldId"] ?? false;
        var rendered = new JsonArray();
        var created = new JsonArray();
        var updated = new JsonArray();
        foreach (var (target, values) in plan)
        {
            FakeRecord record;
            if (target is null)
            {
                record = table.Create(values);
                created.Add(record.Id);
            }
            else
            {
                record = target;
                table.Apply(record, values, replace);
                updated.Add(record.Id);
            }
            rendered.Add(table.Render(record, null, byId));
        }
        return (new JsonObject { ["records"] = rendered, ["updatedRecords"] = updated, ["createdRecords"] = created }, rendered.Count);
    }

    private static (JsonNode, int) Delete(FakeTable table, IQueryCollection query)
    {
        var ids = query["records[]"].Where(v => v is not null).Select(v => v!).ToList();
        if (ids.Count == 0)
        {
            throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"records\" in the request");
        }
        if (ids.Count > MaxRecordsPerWrite)
        {
            throw FakeError.Invalid("INVALID_RECORDS", $"You can only delete up to {MaxRecordsPerWrite} records per request; this one had {ids.Count}.");
        }
        var targets = ids.Select(id => table.FindRecord(id) ?? throw new FakeError(404, "MODEL_ID_NOT_FOUND", $"Could not find record {id}")).ToList();
        var result = new JsonArray();
        foreach (var record in targets.Distinct())
        {
            table.Delete(record);
            result.Add(new JsonObject { ["deleted"] = true, ["id"] = record.Id });
        }
        return (new JsonObject { ["records"] = result }, result.Count);
    }

    // ---- listing ------------------------------------------------------------------------------------------

    private sealed record ListIterator(string TableId, List<string> Ids, int Position, string LastId);

    private sealed class ListParameters
    {
        public int PageSize { get; set; } = MaxPageSize;
        public int? MaxRecords { get; set; }
        public string? Offset { get; set; }
        public List<string>? Fields { get; set; }
        public string? Formula { get; set; }
        public string? View { get; set; }
        public List<(string Field, bool Descending)> Sort { get; } = [];
        public bool ByFieldId { get; set; }

        private static readonly string[] KnownQueryKeys = ["pageSize", "maxRecords", "offset", "fields[]", "filterByFormula", "view", "returnFieldsByFieldId", "cellFormat", "timeZone", "userLocale", "recordMetadata[]"];

        public static ListParameters FromQuery(IQueryCollection query)
        {
            var p = new ListParameters();
            var sorts = new SortedDictionary<int, (string? Field, string? Direction)>();
            foreach (var (key, value) in query)
            {
                var sort = System.Text.RegularExpressions.Regex.Match(key, @"^sort\[(\d+)\]\[(field|direction)\]$");
                if (sort.Success)
                {
                    var index = int.Parse(sort.Groups[1].Value, CultureInfo.InvariantCulture);
                    var current = sorts.GetValueOrDefault(index);
                    sorts[index] = sort.Groups[2].Value == "field" ? (value.ToString(), current.Direction) : (current.Field, value.ToString());
                    continue;
                }
                if (!KnownQueryKeys.Contains(key))
                {
                    throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", $"Invalid request: parameter validation failed. Check your request data. (unknown parameter \"{key}\")");
                }
            }
            p.PageSize = Int(query["pageSize"].ToString(), "pageSize") ?? MaxPageSize;
            p.MaxRecords = Int(query["maxRecords"].ToString(), "maxRecords");
            p.Offset = NullIfEmpty(query["offset"].ToString());
            p.Fields = query.ContainsKey("fields[]") ? [.. query["fields[]"].Select(f => f ?? "")] : null;
            p.Formula = NullIfEmpty(query["filterByFormula"].ToString());
            p.View = NullIfEmpty(query["view"].ToString());
            p.ByFieldId = query["returnFieldsByFieldId"] == "true" || query["returnFieldsByFieldId"] == "1";
            CheckCellFormat(query["cellFormat"].ToString());
            foreach (var (_, (field, direction)) in sorts)
            {
                p.Sort.Add((field ?? throw FakeError.Invalid("INVALID_SORT", "A sort needs a field."), Direction(direction)));
            }
            return p.Validate();
        }

        public static ListParameters FromBody(JsonNode? body)
        {
            var p = new ListParameters();
            if (body is null)
            {
                return p.Validate();
            }
            if (body is not JsonObject obj)
            {
                throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: the body must be a JSON object.");
            }
            foreach (var (key, value) in obj)
            {
                switch (key)
                {
                    case "pageSize": p.PageSize = NumberOf(value, key); break;
                    case "maxRecords": p.MaxRecords = NumberOf(value, key); break;
                    case "offset": p.Offset = (string?)value; break;
                    case "fields": p.Fields = [.. (value as JsonArray ?? []).Select(v => (string?)v ?? "")]; break;
                    case "filterByFormula": p.Formula = NullIfEmpty((string?)value); break;
                    case "view": p.View = (string?)value; break;
                    case "returnFieldsByFieldId": p.ByFieldId = (bool?)value ?? false; break;
                    case "cellFormat": CheckCellFormat((string?)value); break;
                    case "timeZone" or "userLocale" or "recordMetadata": break;
                    case "sort":
                        foreach (var s in value as JsonArray ?? [])
                        {
                            p.Sort.Add(((string?)s?["field"] ?? throw FakeError.Invalid("INVALID_SORT", "A sort needs a field."), Direction((string?)s?["direction"])));
                        }
                        break;
                    default:
                        throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", $"Invalid request: parameter validation failed. Check your request data. (unknown key \"{key}\")");
                }
            }
            return p.Validate();
        }

        private ListParameters Validate()
        {
            if (PageSize is < 1 or > MaxPageSize)
            {
                throw FakeError.Invalid("INVALID_PAGE_SIZE", $"Invalid request: pageSize must be between 1 and {MaxPageSize}; it was {PageSize}.");
            }
            if (MaxRecords is < 1)
            {
                throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: maxRecords must be positive.");
            }
            return this;
        }

        private static void CheckCellFormat(string? format)
        {
            if (!string.IsNullOrEmpty(format) && format != "json")
            {
                throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "The fake only serves cellFormat=json.");
            }
        }

        private static bool Direction(string? direction) => direction switch
        {
            null or "" or "asc" => false,
            "desc" => true,
            _ => throw FakeError.Invalid("INVALID_SORT", $"Invalid sort direction \"{direction}\"."),
        };

        private static int? Int(string value, string name) =>
            string.IsNullOrEmpty(value) ? null
            : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", $"Invalid request: {name} must be a number.");

        private static int NumberOf(JsonNode? value, string name) =>
            value?.GetValueKind() == JsonValueKind.Number && value.Deserialize<double>() is var number && number == Math.Floor(number) && Math.Abs(number) < int.MaxValue
                ? (int)number
                : throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", $"Invalid request: {name} must be a whole number.");

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }

    private JsonObject List(FakeTable table, ListParameters p)
    {
        HashSet<string>? only = null;
        if (p.Fields is not null)
        {
            only = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in p.Fields)
            {
                only.Add((table.FindField(name) ?? throw FakeError.Invalid("UNKNOWN_FIELD_NAME", $"Unknown field name: \"{name}\"")).Id);
            }
        }
        if (p.View is not null && !table.Views.Any(v => (string?)v["name"] == p.View || (string?)v["id"] == p.View))
        {
            throw FakeError.Invalid("VIEW_NAME_NOT_FOUND", $"Could not find view {p.View} in table {table.Name}");
        }

        ListIterator iterator;
        if (p.Offset is not null)
        {
            var parts = p.Offset.Split('/');
            if (parts.Length != 2 || !_iterators.TryGetValue(parts[0], out var existing) || existing.LastId != parts[1] || existing.TableId != table.Id)
            {
                throw FakeError.Invalid("INVALID_OFFSET_VALUE", $"The offset \"{p.Offset}\" is not one this list handed out.");
            }
            iterator = existing;
        }
        else
        {
            IEnumerable<FakeRecord> matching = table.RecordList;
            if (p.Formula is not null)
            {
                FakeFormula formula;
                try
                {
                    formula = FakeFormula.Parse(p.Formula);
                }
                catch (FormatException ex)
                {
                    throw FakeError.Invalid("INVALID_FILTER_BY_FORMULA", $"The formula for filtering records is invalid: {ex.Message}");
                }
                var unknown = formula.FieldNames.Where(f => table.FindField(f) is null).ToList();
                if (unknown.Count > 0)
                {
                    throw FakeError.Invalid("INVALID_FILTER_BY_FORMULA", $"The formula for filtering records is invalid: Unknown field names: {string.Join(", ", unknown)}");
                }
                matching = matching.Where(r => formula.Matches(new FakeFormula.FormulaRecord(r.Id, r.CreatedTime, name => table.FormulaValue(r, name)))).ToList();
            }
            foreach (var (field, _) in p.Sort)
            {
                if (table.FindField(field) is null)
                {
                    throw FakeError.Invalid("UNKNOWN_FIELD_NAME", $"Could not find a field named {field}");
                }
            }
            if (p.Sort.Count > 0)
            {
                var sorted = matching.ToList();
                sorted.Sort((a, b) =>
                {
                    foreach (var (field, descending) in p.Sort)
                    {
                        var c = CompareCells(table.FormulaValue(a, field), table.FormulaValue(b, field));
                        if (c != 0)
                        {
                            return descending ? -c : c;
                        }
                    }
                    return 0;
                });
                matching = sorted;
            }
            var ids = matching.Select(r => r.Id).ToList();
            if (p.MaxRecords is { } max && ids.Count > max)
            {
                ids = ids.Take(max).ToList();
            }
            iterator = new ListIterator(table.Id, ids, 0, "");
        }

        var page = new JsonArray();
        var position = iterator.Position;
        string? last = null;
        while (position < iterator.Ids.Count && page.Count < p.PageSize)
        {
            var id = iterator.Ids[position++];
            if (table.FindRecord(id) is { } record)
            {
                page.Add(table.Render(record, only, p.ByFieldId));
                last = id;
            }
        }
        var result = new JsonObject { ["records"] = page };
        if (position < iterator.Ids.Count && last is not null)
        {
            var nextId = FakeIds.New("itr");
            _iterators[nextId] = iterator with { Position = position, LastId = last };
            result["offset"] = $"{nextId}/{last}";
        }
        return result;
    }

    private static int CompareCells(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (double x, double y) => x.CompareTo(y),
        _ => string.Compare(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase),
    };

    // ---- metadata -----------------------------------------------------------------------------------------

    private JsonNode RouteMeta(string method, string[] segments, JsonNode? body)
    {
        // /v0/meta/whoami, /v0/meta/bases, /v0/meta/bases/{base}/tables[/{table}/fields[/{field}]]
        if (segments.Length == 3 && segments[2] == "whoami" && method == "GET")
        {
            return new JsonObject { ["id"] = "usrFakeTomte0000A", ["scopes"] = new JsonArray("data.records:read", "data.records:write", "schema.bases:read", "schema.bases:write") };
        }
        if (segments.Length == 3 && segments[2] == "bases" && method == "GET")
        {
            return new JsonObject
            {
                ["bases"] = new JsonArray([.. _bases.Values.Select(b => (JsonNode)new JsonObject { ["id"] = b.Id, ["name"] = b.Name, ["permissionLevel"] = "create" })]),
            };
        }
        if (segments.Length < 5 || segments[2] != "bases" || segments[4] != "tables")
        {
            throw new FakeError(404, "NOT_FOUND", null, typeAsString: true);
        }
        var fakeBase = _bases.GetValueOrDefault(segments[3]) ?? throw new FakeError(404, "NOT_FOUND", null, typeAsString: true);
        if (segments.Length == 5)
        {
            if (method == "GET")
            {
                return fakeBase.RenderSchema();
            }
            if (method == "POST")
            {
                var spec = body as JsonObject ?? throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: the body must be a JSON object.");
                var fields = (spec["fields"] as JsonArray)?.Select(f => f as JsonObject ?? throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: a field must be an object.")).ToList()
                    ?? throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"fields\" in the request body");
                return fakeBase.CreateTable((string?)spec["name"] ?? "", (string?)spec["description"], fields, asTeam: false).RenderSchema();
            }
            throw new FakeError(404, "NOT_FOUND", null, typeAsString: true);
        }
        var table = fakeBase.FindTable(segments[5]) ?? throw new FakeError(404, "TABLE_NOT_FOUND", $"Could not find table {segments[5]} in application {fakeBase.Id}");
        if (segments.Length == 7 && segments[6] == "fields" && method == "POST")
        {
            var spec = body as JsonObject ?? throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: the body must be a JSON object.");
            return table.RenderField(table.CreateField(spec, asTeam: false));
        }
        if (segments.Length == 8 && segments[6] == "fields" && method == "PATCH")
        {
            var field = table.FindField(segments[7]) ?? throw new FakeError(404, "FIELD_NOT_FOUND", $"Could not find field {segments[7]} in table {table.Name}");
            var spec = body as JsonObject ?? throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: the body must be a JSON object.");
            foreach (var (key, value) in spec)
            {
                switch (key)
                {
                    case "description":
                        var description = (string?)value;
                        if (description?.Length > 20_000)
                        {
                            throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "A field description holds at most 20,000 characters.");
                        }
                        field.Description = description;
                        break;
                    case "name":
                        var name = (string?)value;
                        if (string.IsNullOrWhiteSpace(name) || table.FieldList.Any(f => f != field && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
                        {
                            throw FakeError.Invalid("DUPLICATE_OR_EMPTY_FIELD_NAME", $"Field name \"{name}\" is empty or already used.");
                        }
                        field.Name = name;
                        break;
                    default:
                        throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", $"Only name and description of a field can be updated (got \"{key}\").");
                }
            }
            return table.RenderField(field);
        }
        throw new FakeError(404, "NOT_FOUND", null, typeAsString: true);
    }

    // ---- attachments --------------------------------------------------------------------------------------

    private JsonNode UploadAttachment(FakeBase fakeBase, string recordId, string fieldIdOrName, JsonNode? body)
    {
        var table = fakeBase.TableList.FirstOrDefault(t => t.FindRecord(recordId) is not null)
            ?? throw new FakeError(404, "MODEL_ID_NOT_FOUND", "Record not found");
        var record = table.FindRecord(recordId)!;
        var field = table.FindField(fieldIdOrName) ?? throw FakeError.Invalid("UNKNOWN_FIELD_NAME", $"Unknown field name: \"{fieldIdOrName}\"");
        if (field.Type != "multipleAttachments")
        {
            throw FakeError.Invalid("INVALID_VALUE_FOR_COLUMN", $"Field \"{field.Name}\" is not an attachment field");
        }
        var contentType = (string?)body?["contentType"];
        var fileName = (string?)body?["filename"];
        var file = (string?)body?["file"];
        if (string.IsNullOrEmpty(contentType) || string.IsNullOrEmpty(fileName) || file is null)
        {
            throw FakeError.Invalid("INVALID_REQUEST_MISSING_FIELDS", "uploadAttachment needs contentType, file and filename");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(file);
        }
        catch (FormatException)
        {
            throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "file is not base64");
        }
        if (bytes.Length > MaxAttachmentBytes)
        {
            throw FakeError.Invalid("ATTACHMENT_TOO_LARGE", $"The file is {bytes.Length} bytes; uploadAttachment takes at most 5 MB");
        }
        var attachmentId = FakeIds.New("att");
        _files[attachmentId] = (contentType, bytes);
        var attachments = (record.Values.GetValueOrDefault(field.Id) as JsonArray)?.DeepClone().AsArray() ?? [];
        attachments.Add(new JsonObject
        {
            ["id"] = attachmentId,
            ["url"] = $"{Url.ToString().TrimEnd('/')}/attachments/{attachmentId}/{Uri.EscapeDataString(fileName)}",
            ["filename"] = fileName,
            ["size"] = bytes.Length,
            ["type"] = contentType,
        });
        table.Apply(record, new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { [field.Id] = attachments }, replace: false);
        return table.Render(record, new HashSet<string>(StringComparer.Ordinal) { field.Id }, byFieldId: true);
    }

    private async Task ServeFileAsync(HttpContext context, string attachmentId)
    {
        (string ContentType, byte[] Bytes) file;
        lock (Gate)
        {
            if (!_files.TryGetValue(attachmentId, out file))
            {
                context.Response.StatusCode = 404;
                return;
            }
        }
        context.Response.ContentType = file.ContentType;
        await context.Response.Body.WriteAsync(file.Bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The bytes of an uploaded attachment, by its att… id.</summary>
    public byte[] AttachmentBytes(string attachmentId)
    {
        lock (Gate)
        {
            return _files[attachmentId].Bytes;
        }
    }
}

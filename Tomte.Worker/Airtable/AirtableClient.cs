using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Tomte.Worker.Airtable;

/// <summary>
/// Tomte's Airtable Web API client for the configured base. Writes go in batches of at most 10 records,
/// listings page by 100; rate limiting, 429 penalties and retries live in the handler chain
/// (<see cref="AirtableServiceCollectionExtensions.AddTomteAirtable"/>).
/// </summary>
public sealed class AirtableClient
{
    public const int MaxPageSize = 100;
    public const int MaxRecordsPerRequest = 10;

    /// <summary>Airtable refuses URLs of 16,000 characters; beyond this length listings switch to POST listRecords.</summary>
    public const int MaxGetUrlLength = 15_000;

    public const int MaxAttachmentBytes = 5 * 1024 * 1024;

    internal static readonly HttpRequestOptionsKey<bool> IdempotentOption = new("Tomte.Airtable.Idempotent");
    internal static readonly HttpRequestOptionsKey<string> TableOption = new("Tomte.Airtable.Table");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly AirtableOptions _options;
    private readonly ILogger<AirtableClient> _logger;

    public AirtableClient(HttpClient http, IOptions<AirtableOptions> options, ILogger<AirtableClient> logger)
    {
        _http = http;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The configured base.</summary>
    public string BaseId => _options.BaseId;

    public bool IsConfigured => _options.IsConfigured;

    // ---- records ------------------------------------------------------------------------------------

    /// <summary>
    /// All records matching <paramref name="listOptions"/>, page by page (100 per request). Uses GET, and
    /// POST listRecords when the GET URL would pass <see cref="MaxGetUrlLength"/> characters (long formulas).
    /// </summary>
    public async IAsyncEnumerable<AirtableRecord> ListRecordsAsync(string table, ListOptions? listOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        listOptions ??= new ListOptions();
        if (listOptions.PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(listOptions), listOptions.PageSize, $"Airtable pages hold 1 to {MaxPageSize} records.");
        }

        // Room for the longest offset Airtable hands out (itr + 14 / rec + 14), so no page switches method.
        var usePost = ListUrl(table, listOptions, new string('x', 40)).Length > MaxGetUrlLength;
        string? offset = null;
        int count = 0, pages = 0;
        do
        {
            using var page = usePost
                ? await SendAsync("list", HttpMethod.Post, ApiUri($"v0/{_options.BaseId}/{Escape(table)}/listRecords"), ListBody(listOptions, offset), idempotent: true, table, null, cancellationToken).ConfigureAwait(false)
                : await SendAsync("list", HttpMethod.Get, new Uri(ListUrl(table, listOptions, offset)), null, idempotent: true, table, null, cancellationToken).ConfigureAwait(false);
            pages++;
            var dto = page.RootElement.Deserialize<ListPageDto>(Json) ?? throw Malformed("list", table);
            foreach (var record in dto.Records ?? [])
            {
                count++;
                yield return record.ToRecord();
            }
            offset = dto.Offset;
        }
        while (offset is not null);
        _logger.Listed(table, count, pages);
    }

    public async Task<AirtableRecord> GetRecordAsync(string table, string recordId, CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        using var document = await SendAsync("get", HttpMethod.Get, ApiUri($"v0/{_options.BaseId}/{Escape(table)}/{Escape(recordId)}"), null, idempotent: true, table, recordId, cancellationToken).ConfigureAwait(false);
        return (document.RootElement.Deserialize<RecordDto>(Json) ?? throw Malformed("get", table)).ToRecord();
    }

    /// <summary>Creates records in batches of 10. Never retried after a 5xx or timeout (it could duplicate); a 429 is waited out.</summary>
    public async Task<IReadOnlyList<AirtableRecord>> CreateAsync(string table, IReadOnlyList<JsonObject> records, bool typecast = false, CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        var created = new List<AirtableRecord>(records.Count);
        var requests = 0;
        foreach (var batch in records.Chunk(MaxRecordsPerRequest))
        {
            var body = WriteJson(w => WriteRecords(w, batch.Select(fields => ((string?)null, fields)), typecast));
            using var document = await SendAsync("create", HttpMethod.Post, ApiUri($"v0/{_options.BaseId}/{Escape(table)}"), body, idempotent: false, table, null, cancellationToken, batch: batch).ConfigureAwait(false);
            requests++;
            created.AddRange(RecordsOf(document, "create", table));
        }
        _logger.Wrote("create", table, created.Count, requests);
        return created;
    }

    /// <summary>Deletes one record (GDPR erasure). Deleting again is the same result, so a retry is safe.</summary>
    public async Task DeleteAsync(string table, string recordId, CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        using var document = await SendAsync("delete", HttpMethod.Delete, ApiUri($"v0/{_options.BaseId}/{Escape(table)}/{Escape(recordId)}"), null, idempotent: true, table, recordId, cancellationToken).ConfigureAwait(false);
        _logger.Wrote("delete", table, 1, 1);
    }

    /// <summary>Changes only the given fields of existing records (PATCH), in batches of 10.</summary>
    public async Task<IReadOnlyList<AirtableRecord>> UpdateAsync(string table, IReadOnlyList<AirtableRecordUpdate> records, bool typecast = false, CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        var updated = new List<AirtableRecord>(records.Count);
        var requests = 0;
        foreach (var batch in records.Chunk(MaxRecordsPerRequest))
        {
            var body = WriteJson(w => WriteRecords(w, batch.Select(record => ((string?)record.Id, record.Fields)), typecast));
            // Setting fields to given values gives the same result when repeated, so a retry is safe.
            using var document = await SendAsync("update", HttpMethod.Patch, ApiUri($"v0/{_options.BaseId}/{Escape(table)}"), body, idempotent: true, table, batch.Length == 1 ? batch[0].Id : null, cancellationToken, batch: [.. batch.Select(r => r.Fields)]).ConfigureAwait(false);
            requests++;
            updated.AddRange(RecordsOf(document, "update", table));
        }
        _logger.Wrote("update", table, updated.Count, requests);
        return updated;
    }

    /// <summary>
    /// Creates or updates records matched on 1–3 <paramref name="fieldsToMergeOn"/> (PATCH with performUpsert:
    /// fields not sent, such as the team's own, are left alone), in batches of 10. Idempotent, so retried.
    /// </summary>
    public async Task<AirtableUpsertResult> UpsertAsync(string table, IReadOnlyList<JsonObject> records, IReadOnlyList<string> fieldsToMergeOn, bool typecast = false, CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        if (fieldsToMergeOn.Count is < 1 or > 3)
        {
            throw new ArgumentException($"Airtable upserts merge on 1 to 3 fields; {fieldsToMergeOn.Count} were given for table '{table}'.", nameof(fieldsToMergeOn));
        }
        var all = new List<AirtableRecord>(records.Count);
        var createdIds = new List<string>();
        var updatedIds = new List<string>();
        var requests = 0;
        foreach (var batch in records.Chunk(MaxRecordsPerRequest))
        {
            var body = WriteJson(w =>
            {
                w.WriteStartObject("performUpsert");
                w.WriteStartArray("fieldsToMergeOn");
                foreach (var field in fieldsToMergeOn)
                {
                    w.WriteStringValue(field);
                }
                w.WriteEndArray();
                w.WriteEndObject();
                WriteRecords(w, batch.Select(fields => ((string?)null, fields)), typecast);
            });
            using var document = await SendAsync("upsert", HttpMethod.Patch, ApiUri($"v0/{_options.BaseId}/{Escape(table)}"), body, idempotent: true, table, null, cancellationToken, batch: batch).ConfigureAwait(false);
            requests++;
            var dto = document.RootElement.Deserialize<UpsertDto>(Json) ?? throw Malformed("upsert", table);
            all.AddRange((dto.Records ?? []).Select(r => r.ToRecord()));
            createdIds.AddRange(dto.CreatedRecords ?? []);
            updatedIds.AddRange(dto.UpdatedRecords ?? []);
        }
        _logger.Wrote("upsert", table, all.Count, requests);
        return new AirtableUpsertResult(all, createdIds, updatedIds);
    }

    /// <summary>
    /// Uploads a file (at most 5 MB) straight into an attachment field of a record in the configured base,
    /// through uploadAttachment on the content host. Appends to the field; not retried after a 5xx.
    /// </summary>
    public Task<AirtableRecord> UploadAttachmentAsync(string recordId, string attachmentFieldIdOrName, string fileName, string contentType, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        UploadAttachmentAsync(_options.BaseId, recordId, attachmentFieldIdOrName, fileName, contentType, bytes, cancellationToken);

    public async Task<AirtableRecord> UploadAttachmentAsync(string baseId, string recordId, string attachmentFieldIdOrName, string fileName, string contentType, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        if (bytes.Length > MaxAttachmentBytes)
        {
            throw new AirtableException("uploadAttachment", null, AirtableException.AttachmentTooLarge,
                $"'{fileName}' is {bytes.Length:N0} bytes; uploadAttachment takes at most {MaxAttachmentBytes:N0} bytes (5 MB)", null, attachmentFieldIdOrName, recordId);
        }
        var body = WriteJson(w =>
        {
            w.WriteString("contentType", contentType);
            w.WriteBase64String("file", bytes.Span);
            w.WriteString("filename", fileName);
        });
        var uri = new Uri($"{_options.ContentUrl.TrimEnd('/')}/v0/{Escape(baseId)}/{Escape(recordId)}/{Escape(attachmentFieldIdOrName)}/uploadAttachment");
        using var document = await SendAsync("uploadAttachment", HttpMethod.Post, uri, body, idempotent: false, null, recordId, cancellationToken).ConfigureAwait(false);
        _logger.UploadedAttachment(recordId, bytes.Length);
        return (document.RootElement.Deserialize<RecordDto>(Json) ?? throw Malformed("uploadAttachment", null)).ToRecord();
    }

    /// <summary>The <c>records</c> array (each with its id when it has one) and <c>typecast</c> of a write body.</summary>
    private static void WriteRecords(Utf8JsonWriter w, IEnumerable<(string? Id, JsonObject Fields)> records, bool typecast)
    {
        w.WriteStartArray("records");
        foreach (var (id, fields) in records)
        {
            w.WriteStartObject();
            if (id is not null)
            {
                w.WriteString("id", id);
            }
            w.WritePropertyName("fields");
            fields.WriteTo(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("typecast", typecast);
    }

    // ---- metadata -----------------------------------------------------------------------------------

    /// <summary>Tables, fields (with their options) and views of the configured base.</summary>
    public async Task<AirtableBaseSchema> GetBaseSchemaAsync(CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        using var document = await SendAsync("get schema", HttpMethod.Get, ApiUri($"v0/meta/bases/{_options.BaseId}/tables"), null, idempotent: true, null, null, cancellationToken).ConfigureAwait(false);
        var dto = document.RootElement.Deserialize<TablesDto>(Json) ?? throw Malformed("get schema", null);
        return new AirtableBaseSchema([.. (dto.Tables ?? []).Select(t => t.ToTable())]);
    }

    public async Task<AirtableTable> CreateTableAsync(NewAirtableTable table, CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        var body = WriteJson(w =>
        {
            w.WriteString("name", table.Name);
            if (table.Description is not null)
            {
                w.WriteString("description", table.Description);
            }
            w.WriteStartArray("fields");
            foreach (var field in table.Fields)
            {
                WriteField(w, field);
            }
            w.WriteEndArray();
        });
        using var document = await SendAsync("create table", HttpMethod.Post, ApiUri($"v0/meta/bases/{_options.BaseId}/tables"), body, idempotent: false, table.Name, null, cancellationToken).ConfigureAwait(false);
        var created = (document.RootElement.Deserialize<TableDto>(Json) ?? throw Malformed("create table", table.Name)).ToTable();
        _logger.CreatedTable(created.Name, created.Fields.Count);
        return created;
    }

    /// <param name="tableIdOrName">Airtable documents the table id here; the id is the safe choice.</param>
    public async Task<AirtableField> CreateFieldAsync(string tableIdOrName, NewAirtableField field, CancellationToken cancellationToken = default)
    {
        EnsureConfigured();
        var body = WriteJson(w => WriteFieldProperties(w, field));
        using var document = await SendAsync("create field", HttpMethod.Post, ApiUri($"v0/meta/bases/{_options.BaseId}/tables/{Escape(tableIdOrName)}/fields"), body, idempotent: false, tableIdOrName, null, cancellationToken, field.Name).ConfigureAwait(false);
        var created = (document.RootElement.Deserialize<FieldDto>(Json) ?? throw Malformed("create field", tableIdOrName)).ToField();
        _logger.CreatedField(tableIdOrName, created.Name, created.Type);
        return created;
    }

    // ---- plumbing -----------------------------------------------------------------------------------

    private async Task<JsonDocument> SendAsync(string operation, HttpMethod method, Uri uri, byte[]? body, bool idempotent, string? table, string? recordId, CancellationToken cancellationToken, string? field = null, IReadOnlyList<JsonObject>? batch = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonContentType;
        }
        request.Options.Set(IdempotentOption, idempotent);
        request.Options.Set(TableOption, table ?? "(base)");

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new AirtableException(operation, null, AirtableException.Timeout, $"no answer within {_options.Timeout.TotalSeconds:0.###} s", table, field, recordId, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AirtableException(operation, null, AirtableException.NetworkError, ex.Message, table, field, recordId, ex);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return JsonDocument.Parse(bytes);
                }
                catch (JsonException ex)
                {
                    throw new AirtableException(operation, response.StatusCode, "INVALID_RESPONSE", $"the answer was not JSON ({bytes.Length} bytes)", table, field, recordId, ex);
                }
            }
            var (errorType, message) = ParseError(response, bytes);
            _logger.RequestFailed(operation, table ?? "(base)", (int)response.StatusCode, errorType);
            throw new AirtableException(operation, response.StatusCode, errorType, message, table,
                AirtableException.FieldFromMessage(message) ?? FieldHoldingOption(message, batch) ?? field,
                AirtableException.RecordFromMessage(message) ?? recordId);
        }
    }

    /// <summary>Airtable answers errors in three shapes: {"error":{"type","message"}}, {"error":"TYPE"} and {"errors":[{"error","message"}]}.</summary>
    internal static (string ErrorType, string? Message) ParseError(HttpResponseMessage response, byte[] body)
    {
        var fallbackType = $"HTTP_{(int)response.StatusCode}";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                return error.ValueKind switch
                {
                    JsonValueKind.String => (error.GetString() ?? fallbackType, null),
                    JsonValueKind.Object => (StringProperty(error, "type") ?? fallbackType, StringProperty(error, "message")),
                    _ => (fallbackType, null),
                };
            }
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                return (StringProperty(first, "error") ?? StringProperty(first, "type") ?? fallbackType, StringProperty(first, "message"));
            }
            return (fallbackType, null);
        }
        catch (JsonException)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            return (fallbackType, $"{(int)response.StatusCode} {response.ReasonPhrase} with a non-JSON body ({mediaType}, {body.Length} bytes)");
        }
    }

    /// <summary>
    /// Airtable's INVALID_MULTIPLE_CHOICE_OPTIONS names only the option (select option ""x""), not the field;
    /// the field is the one in the batch that holds that option.
    /// </summary>
    private static string? FieldHoldingOption(string? message, IReadOnlyList<JsonObject>? batch)
    {
        var option = AirtableException.OptionFromMessage(message);
        if (option is null || batch is null)
        {
            return null;
        }
        foreach (var fields in batch)
        {
            foreach (var (name, value) in fields)
            {
                var holds = value switch
                {
                    JsonValue single => single.TryGetValue<string>(out var text) && text == option,
                    JsonArray many => many.Any(v => v is JsonValue item && item.TryGetValue<string>(out var text) && text == option),
                    _ => false,
                };
                if (holds)
                {
                    return name;
                }
            }
        }
        return null;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private void EnsureConfigured()
    {
        if (!_options.IsConfigured)
        {
            throw new InvalidOperationException($"Airtable is not configured: set {AirtableOptions.Section}:BaseId and the token (environment variable Tomte__Airtable__Token).");
        }
    }

    private Uri ApiUri(string relative) => new($"{_options.ApiUrl.TrimEnd('/')}/{relative}");

    private string ListUrl(string table, ListOptions list, string? offset)
    {
        var query = new StringBuilder();
        void Add(string key, string value) => query.Append(query.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Escape(value));
        Add("pageSize", list.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var field in list.Fields ?? [])
        {
            Add("fields%5B%5D", field);
        }
        if (list.FilterByFormula is not null)
        {
            Add("filterByFormula", list.FilterByFormula);
        }
        if (list.View is not null)
        {
            Add("view", list.View);
        }
        for (var i = 0; i < (list.Sort?.Count ?? 0); i++)
        {
            Add($"sort%5B{i}%5D%5Bfield%5D", list.Sort![i].Field);
            Add($"sort%5B{i}%5D%5Bdirection%5D", list.Sort[i].Direction == AirtableSortDirection.Descending ? "desc" : "asc");
        }
        if (list.MaxRecords is { } max)
        {
            Add("maxRecords", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (list.ReturnFieldsByFieldId)
        {
            Add("returnFieldsByFieldId", "true");
        }
        if (offset is not null)
        {
            Add("offset", offset);
        }
        return $"{_options.ApiUrl.TrimEnd('/')}/v0/{_options.BaseId}/{Escape(table)}{query}";
    }

    private static byte[] ListBody(ListOptions list, string? offset) => WriteJson(w =>
    {
        w.WriteNumber("pageSize", list.PageSize);
        if (list.Fields is not null)
        {
            w.WriteStartArray("fields");
            foreach (var field in list.Fields)
            {
                w.WriteStringValue(field);
            }
            w.WriteEndArray();
        }
        if (list.FilterByFormula is not null)
        {
            w.WriteString("filterByFormula", list.FilterByFormula);
        }
        if (list.View is not null)
        {
            w.WriteString("view", list.View);
        }
        if (list.Sort is not null)
        {
            w.WriteStartArray("sort");
            foreach (var sort in list.Sort)
            {
                w.WriteStartObject();
                w.WriteString("field", sort.Field);
                w.WriteString("direction", sort.Direction == AirtableSortDirection.Descending ? "desc" : "asc");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (list.MaxRecords is { } max)
        {
            w.WriteNumber("maxRecords", max);
        }
        if (list.ReturnFieldsByFieldId)
        {
            w.WriteBoolean("returnFieldsByFieldId", true);
        }
        if (offset is not null)
        {
            w.WriteString("offset", offset);
        }
    });

    private static void WriteField(Utf8JsonWriter w, NewAirtableField field)
    {
        w.WriteStartObject();
        WriteFieldProperties(w, field);
        w.WriteEndObject();
    }

    private static void WriteFieldProperties(Utf8JsonWriter w, NewAirtableField field)
    {
        w.WriteString("name", field.Name);
        w.WriteString("type", field.Type);
        if (field.Description is not null)
        {
            w.WriteString("description", field.Description);
        }
        if (field.Options is not null)
        {
            w.WritePropertyName("options");
            field.Options.WriteTo(w);
        }
    }

    private static byte[] WriteJson(Action<Utf8JsonWriter> writeProperties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static IEnumerable<AirtableRecord> RecordsOf(JsonDocument document, string operation, string table) =>
        (document.RootElement.Deserialize<ListPageDto>(Json) ?? throw Malformed(operation, table)).Records?.Select(r => r.ToRecord()) ?? [];

    private static AirtableException Malformed(string operation, string? table) =>
        new(operation, HttpStatusCode.OK, "INVALID_RESPONSE", "the answer did not have the documented shape", table, null, null);

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private sealed record RecordDto(string Id, DateTimeOffset CreatedTime, Dictionary<string, JsonElement>? Fields)
    {
        public AirtableRecord ToRecord() => new(Id, CreatedTime, Fields ?? []);
    }

    private sealed record ListPageDto(List<RecordDto>? Records, string? Offset);

    private sealed record UpsertDto(List<RecordDto>? Records, List<string>? CreatedRecords, List<string>? UpdatedRecords);

    private sealed record FieldDto(string Id, string Name, string Type, string? Description, JsonElement? Options)
    {
        public AirtableField ToField() => new(Id, Name, Type, Description, Options);
    }

    private sealed record ViewDto(string Id, string Name, string Type);

    private sealed record TableDto(string Id, string Name, string PrimaryFieldId, string? Description, List<FieldDto>? Fields, List<ViewDto>? Views)
    {
        public AirtableTable ToTable() => new(Id, Name, PrimaryFieldId, Description,
            [.. (Fields ?? []).Select(f => f.ToField())],
            [.. (Views ?? []).Select(v => new AirtableView(v.Id, v.Name, v.Type))]);
    }

    private sealed record TablesDto(List<TableDto>? Tables);
}

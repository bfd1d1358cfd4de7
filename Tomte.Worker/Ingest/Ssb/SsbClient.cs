using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Ingest.Ssb;

/// <summary>One table the PxWebApi v2 table search found.</summary>
public sealed record SsbTableInfo(string Id, string Label, DateTimeOffset? Updated, string? FirstPeriod, string? LastPeriod, IReadOnlyList<string> VariableNames);

/// <summary>A Klass code change: a kommune renumbered or merged on a date.</summary>
public sealed record KlassCodeChange(string OldCode, string NewCode, DateOnly? ChangeOccurred);

/// <summary>
/// SSB's two open APIs over HTTP: PxWebApi v2 (table search, json-stat2 metadata and data) and Klass (code changes,
/// correspondences). Every request waits its turn at the shared <see cref="SsbRateLimiter"/>; a 429 pauses everyone for
/// its Retry-After and is retried, as is a 5xx; anything else fails with the service's own words (a PxWebApi problem
/// body's title and detail).
/// </summary>
public sealed class SsbClient(HttpClient http, SsbRateLimiter limiter, IOptions<SsbOptions> options, TimeProvider time, ILogger<SsbClient> logger)
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    private SsbOptions Settings => options.Value;

    private Uri Px(string path, params (string Key, string Value)[] query) => Build(Settings.BaseUrl, path, [("lang", Settings.Language), .. query]);

    private Uri Klass(string path, params (string Key, string Value)[] query) => Build(Settings.KlassUrl, path, query);

    private static Uri Build(string root, string path, (string Key, string Value)[] query)
    {
        var text = root.TrimEnd('/') + "/" + path;
        if (query.Length > 0)
        {
            text += "?" + string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
        }
        return new Uri(text);
    }

    /// <summary>PxWebApi v2 <c>/tables?query=…</c>: every table the search finds (one page of up to 100).</summary>
    public async Task<IReadOnlyList<SsbTableInfo>> SearchTablesAsync(string query, CancellationToken cancellationToken)
    {
        var uri = Px("tables", ("query", query), ("pageSize", "100"));
        var body = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        using var document = Json(body, uri);
        if (!document.RootElement.TryGetProperty("tables", out var tables) || tables.ValueKind != JsonValueKind.Array)
        {
            throw new SourceFormatException(uri.AbsoluteUri, null, "the table search answer has no 'tables' array");
        }
        return tables.EnumerateArray().Select(t => new SsbTableInfo(
            Str(t, "id") ?? "",
            Str(t, "label") ?? "",
            DateTimeOffset.TryParse(Str(t, "updated"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated) ? updated : null,
            Str(t, "firstPeriod"),
            Str(t, "lastPeriod"),
            t.TryGetProperty("variableNames", out var names) && names.ValueKind == JsonValueKind.Array
                ? names.EnumerateArray().Select(n => n.GetString() ?? "").ToArray()
                : [])).ToList();
    }

    /// <summary>PxWebApi v2 <c>/tables/{id}/metadata</c> in json-stat2: every variable and category, and <c>updated</c>.</summary>
    public async Task<JsonStatDataset> MetadataAsync(string table, CancellationToken cancellationToken)
    {
        var uri = Px($"tables/{Uri.EscapeDataString(table)}/metadata", ("outputFormat", "json-stat2"));
        var body = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        return JsonStatDataset.Parse(body, uri.AbsoluteUri);
    }

    /// <summary>The POST body of a data request: one selection per variable, in the order given.</summary>
    public static string SelectionBody(IEnumerable<(string Variable, IReadOnlyList<string> Codes)> selection)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("selection");
            foreach (var (variable, codes) in selection)
            {
                json.WriteStartObject();
                json.WriteString("variableCode", variable);
                json.WriteStartArray("valueCodes");
                foreach (var code in codes)
                {
                    json.WriteStringValue(code);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>PxWebApi v2 <c>POST /tables/{id}/data</c> in json-stat2; returns the body as it came (for the cache).</summary>
    public Task<string> DataAsync(string table, string selectionBody, CancellationToken cancellationToken)
    {
        var uri = Px($"tables/{Uri.EscapeDataString(table)}/data", ("outputFormat", "json-stat2"));
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(selectionBody, Encoding.UTF8, "application/json") }, cancellationToken);
    }

    public string DataDescription(string table) => Px($"tables/{Uri.EscapeDataString(table)}/data", ("outputFormat", "json-stat2")).AbsoluteUri;

    /// <summary>Klass <c>/classifications/{id}/changes</c>: renumberings and mergers between two dates.</summary>
    public async Task<IReadOnlyList<KlassCodeChange>> ChangesAsync(int classification, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var uri = Klass($"classifications/{classification}/changes",
            ("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var body = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        using var document = Json(body, uri);
        if (!document.RootElement.TryGetProperty("codeChanges", out var changes) || changes.ValueKind != JsonValueKind.Array)
        {
            throw new SourceFormatException(uri.AbsoluteUri, null, "the Klass answer has no 'codeChanges' array");
        }
        return changes.EnumerateArray()
            .Select(c => new KlassCodeChange(Str(c, "oldCode") ?? "", Str(c, "newCode") ?? "",
                DateOnly.TryParseExact(Str(c, "changeOccurred"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null))
            .Where(c => c.OldCode.Length > 0 && c.NewCode.Length > 0)
            .ToList();
    }

    /// <summary>Klass <c>/classifications/{id}/correspondsAt</c>: each source code's target code on a date.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CorrespondsAtAsync(int classification, int target, DateOnly date, CancellationToken cancellationToken)
    {
        var uri = Klass($"classifications/{classification}/correspondsAt",
            ("targetClassificationId", target.ToString(CultureInfo.InvariantCulture)), ("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var body = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        using var document = Json(body, uri);
        if (!document.RootElement.TryGetProperty("correspondenceItems", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new SourceFormatException(uri.AbsoluteUri, null, "the Klass answer has no 'correspondenceItems' array");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items.EnumerateArray())
        {
            if (Str(item, "sourceCode") is { } source && Str(item, "targetCode") is { } targetCode)
            {
                map[source] = targetCode;
            }
        }
        return map;
    }

    private async Task<string> SendAsync(Func<HttpRequestMessage> make, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var request = make();
            request.Headers.Accept.ParseAdd("application/json");
            var source = request.RequestUri!.AbsoluteUri;
            using var timeout = new CancellationTokenSource(Settings.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{source}: no answer within {Settings.Timeout}", ex);
            }
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    logger.SsbAnswered(request.Method.Method, source, (int)response.StatusCode, body.Length);
                    return body;
                }
                var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                if (retryable && attempt < Settings.MaxRetries)
                {
                    var wait = response.StatusCode == HttpStatusCode.TooManyRequests
                        ? RetryAfter(response.Headers.RetryAfter)
                        : TimeSpan.FromSeconds(2 << attempt);
                    logger.SsbRetrying(source, (int)response.StatusCode, wait, attempt + 1);
                    limiter.Pause(wait);
                    continue;
                }
                var detail = Problem(body);
                var text = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}";
                if (retryable)
                {
                    throw new HttpRequestException($"{source}: {text} (after {attempt} retries)", null, response.StatusCode);
                }
                throw new SourceFormatException(source, response.StatusCode, text);
            }
        }
    }

    private TimeSpan RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return DefaultRetryAfter;
    }

    /// <summary>The human part of an error body: a problem+json title and detail (PxWebApi v2), a Klass message, or the text's start.</summary>
    private static string Problem(string body)
    {
        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                var root = document.RootElement;
                var parts = new[] { "title", "detail", "message", "error" }
                    .Select(k => Str(root, k))
                    .Where(v => !string.IsNullOrWhiteSpace(v))
                    .Distinct(StringComparer.Ordinal)
                    .ToArray();
                if (parts.Length > 0)
                {
                    return string.Join(": ", parts);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the text itself is shown.
            }
        }
        return trimmed.Length > 300 ? trimmed[..300] + "…" : trimmed;
    }

    private static JsonDocument Json(string body, Uri uri)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new SourceFormatException(uri.AbsoluteUri, null, $"the answer is not JSON ({ex.Message})", ex);
        }
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}

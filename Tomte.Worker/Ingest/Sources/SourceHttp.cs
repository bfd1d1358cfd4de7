using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml;
using Polly.Timeout;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>Request and error handling shared by the paging HTTP sources.</summary>
internal static class SourceHttp
{
    private const int ErrorBodyLimit = 64 * 1024;

    /// <summary>A URL fit for logs and load records: no user info.</summary>
    public static string Redact(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri.AbsoluteUri;
        }
        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        return builder.Uri.AbsoluteUri;
    }

    public static Uri BaseUri(string baseUrl, string? servicePath)
    {
        var root = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute);
        if (string.IsNullOrWhiteSpace(servicePath))
        {
            return root;
        }
        var path = servicePath.Trim('/') + "/";
        return new Uri(root, path);
    }

    public static Uri WithQuery(Uri target, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var query = new StringBuilder(target.Query.TrimStart('?'));
        foreach (var (key, value) in parameters)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }
            query.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return new UriBuilder(target) { Query = query.ToString() }.Uri;
    }

    public static HttpRequestMessage Get(Uri uri, SourceEndpointOptions endpoint, Uri serviceRoot, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd(accept);
        // Credentials go only to the configured host, never to wherever a next link might point.
        if (!string.IsNullOrEmpty(endpoint.Username)
            && string.Equals(uri.Host, serviceRoot.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == serviceRoot.Port)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{endpoint.Username}:{endpoint.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
        return request;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string source, CancellationToken cancellationToken)
    {
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await ThrowForErrorAsync(response, source, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException($"{source}: no response within the configured timeout, after all retries ({ex.Message})", ex);
        }
        catch (HttpRequestException ex) when (!ex.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new HttpRequestException($"{source}: {ex.Message}", ex, ex.StatusCode);
        }
    }

    internal static async Task ThrowForErrorAsync(HttpResponseMessage response, string source, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        string detail;
        try
        {
            detail = await ReadErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
        }
        var status = (int)response.StatusCode;
        var text = $"HTTP {status} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}";
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500)
        {
            // Still failing after the retries: the service is down, not the data wrong.
            throw new HttpRequestException($"{source}: {text}", null, response.StatusCode);
        }
        throw new SourceFormatException(source, response.StatusCode, text);
    }

    /// <summary>The human part of an error body: OGC API <c>description</c>, OWS <c>ExceptionText</c>, or the start of the text.</summary>
    private static async Task<string> ReadErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[ErrorBodyLimit];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
            var body = Encoding.UTF8.GetString(buffer, 0, length).Trim();
            return FromJson(body) ?? FromXml(body) ?? (body.Length > 300 ? body[..300] + "…" : body);
        }
    }

    private static string? FromJson(string body)
    {
        if (!body.StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("description", out var description))
            {
                var code = root.TryGetProperty("code", out var c) ? c.ToString() + ": " : "";
                return code + description.ToString();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all; the raw text is shown instead.
        }
        return null;
    }

    private static string? FromXml(string body)
    {
        if (!body.StartsWith('<'))
        {
            return null;
        }
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
            var parser = new GmlStreamParser("", stream, 0, null);
            foreach (var _ in parser.Read())
            {
                break;
            }
        }
        catch (SourceFormatException ex)
        {
            return ex.Reason;
        }
        return null;
    }
}

/// <summary>
/// A response body that fails when no bytes arrive for <c>idle</c>: the resilience timeouts end when the headers
/// are in, and a server that stalls mid-body must not hang a load forever.
/// </summary>
internal sealed class IdleTimeoutStream(Stream inner, TimeSpan idle, TimeProvider time) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // The GML parser reads synchronously (see GmlStreamParser); blocking here is what it asks for.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(idle, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"no data arrived for {idle}", ex);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}

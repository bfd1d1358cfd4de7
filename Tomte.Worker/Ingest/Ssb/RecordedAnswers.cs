using System.Net;
using System.Text;

namespace Tomte.Worker.Ingest.Ssb;

/// <summary>
/// Answers SSB requests from files in a folder instead of the network (<c>tomte ssb --fra-mappe</c>, the offline
/// demo), so recorded or bundled bodies go through the same client, parser and loader as live answers. The file for a
/// request is named by its path: <c>tables.json</c> (the search), <c>{table}-metadata.json</c>, <c>{table}-data.json</c>,
/// <c>klass-{id}-changes.json</c>, <c>klass-{id}-correspondsAt-{target}.json</c>. A missing file answers 404 with a
/// problem body naming it.
/// </summary>
public sealed class RecordedAnswersHandler(string directory) : HttpMessageHandler
{
    public static string? FileFor(Uri uri)
    {
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var query = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
        return segments switch
        {
            [.., "tables"] => "tables.json",
            [.., "tables", var table, "metadata"] => $"{table}-metadata.json",
            [.., "tables", var table, "data"] => $"{table}-data.json",
            [.., "classifications", var id, "changes" or "changes.json"] => $"klass-{id}-changes.json",
            [.., "classifications", var id, "correspondsAt" or "correspondsAt.json"] =>
                $"klass-{id}-correspondsAt-{(query.TryGetValue("targetClassificationId", out var target) ? target : "")}.json",
            _ => null,
        };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var name = FileFor(request.RequestUri!);
        var path = name is null ? null : Path.Combine(directory, name);
        if (path is null || !File.Exists(path))
        {
            var problem = $$"""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"detail":"no recorded answer {{(path ?? request.RequestUri!.AbsolutePath).Replace("\\", "/", StringComparison.Ordinal)}}"}""";
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent(problem, Encoding.UTF8, "application/problem+json"), RequestMessage = request };
        }
        var body = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request };
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// A feature file published for download (Entur's national stop register: one NeTEx XML in a zip), fetched from the
/// endpoint's BaseUrl and read with the reader its format needs (<see cref="FileSources.Open"/>). The download is kept
/// in <see cref="SourcesOptions.DownloadDirectory"/> with its ETag / Last-Modified, and asked for again with
/// If-None-Match / If-Modified-Since: one run loading several kommuner, or a rerun of an unchanged file, fetches it once.
/// A zip is unpacked to a scratch folder for the read and the folder removed afterwards.
/// </summary>
public sealed class DownloadSource : IFeatureSource
{
    /// <summary>Largest file taken out of a zip: far above the national stop register, far below a zip bomb's reach.</summary>
    public const long MaxExtractedBytes = 8L << 30;

    private const string Accept = "application/zip, application/xml;q=0.9, application/geo+json;q=0.9, */*;q=0.5";

    private readonly HttpClient _http;
    private readonly SourceEndpointOptions _endpoint;
    private readonly string? _layer;
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly Uri _uri;

    /// <param name="layer">Which file of a zip holding several (entry name), or the feature type / table inside the file.</param>
    /// <param name="directory">Where downloads are kept between runs.</param>
    public DownloadSource(HttpClient http, SourceEndpointOptions endpoint, string? layer, string directory, ILogger<DownloadSource>? logger = null, SourceHttpOptions? httpOptions = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _http = http;
        _endpoint = endpoint;
        _layer = string.IsNullOrWhiteSpace(layer) ? null : layer;
        _directory = Path.GetFullPath(directory);
        _logger = logger ?? NullLogger<DownloadSource>.Instance;
        _idleTimeout = (httpOptions ?? new SourceHttpOptions()).AttemptTimeout;
        _time = time ?? TimeProvider.System;
        _uri = new Uri(endpoint.BaseUrl, UriKind.Absolute);
        Description = SourceHttp.Redact(_uri);
    }

    public string Description { get; }

    /// <summary>Empty <see cref="SourcesOptions.DownloadDirectory"/> = <c>tomte-downloads</c> in the system temp folder.</summary>
    public static string DirectoryFor(SourcesOptions options) =>
        string.IsNullOrWhiteSpace(options.DownloadDirectory) ? Path.Combine(Path.GetTempPath(), "tomte-downloads") : options.DownloadDirectory;

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var downloaded = await FetchAsync(cancellationToken).ConfigureAwait(false);
        string? scratch = null;
        try
        {
            var (path, layer, label) = (downloaded, _layer, Description);
            if (IsZip(downloaded))
            {
                scratch = Path.Combine(_directory, "unpacked-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(scratch);
                (path, layer) = Unpack(downloaded, scratch);
                label = $"{Description} ({Path.GetFileName(path)})";
            }
            else if (!FileSources.Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            {
                throw new SourceFormatException(Description, null,
                    $"the download is neither a zip nor a file whose name ends in {string.Join(", ", FileSources.Extensions)}");
            }
            // The readers name the local copy in their errors; the operator needs the URL (and the zip entry).
            await using var features = FileSources.Open(path, layer).ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                bool more;
                try
                {
                    more = await features.MoveNextAsync().ConfigureAwait(false);
                }
                catch (SourceFormatException ex) when (ex.SourceName == Path.GetFullPath(path))
                {
                    throw new SourceFormatException(label, ex.Feature, ex.Reason, ex);
                }
                if (!more)
                {
                    yield break;
                }
                yield return features.Current;
            }
        }
        finally
        {
            if (scratch is not null && Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>The kept copy when the server says it is unchanged, else a fresh download replacing it.</summary>
    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_uri.AbsoluteUri)))[..24];
        var extension = Path.GetExtension(_uri.AbsolutePath).ToLowerInvariant();
        var kept = Path.Combine(_directory, name + (extension.Length is > 1 and <= 8 ? extension : ".bin"));
        var validators = kept + ".validators";

        using var request = SourceHttp.Get(_uri, _endpoint, _uri, Accept);
        if (File.Exists(kept) && File.Exists(validators))
        {
            var lines = await File.ReadAllLinesAsync(validators, cancellationToken).ConfigureAwait(false);
            if (lines.Length > 0 && EntityTagHeaderValue.TryParse(lines[0], out var etag))
            {
                request.Headers.IfNoneMatch.Add(etag);
            }
            if (lines.Length > 1 && DateTimeOffset.TryParse(lines[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified))
            {
                request.Headers.IfModifiedSince = modified;
            }
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified && File.Exists(kept))
        {
            _logger.DownloadUnchanged(Description);
            return kept;
        }
        await SourceHttp.ThrowForErrorAsync(response, Description, cancellationToken).ConfigureAwait(false);

        var partial = $"{kept}.part-{Guid.NewGuid():N}";
        long bytes;
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (var source = new IdleTimeoutStream(body, _idleTimeout, _time))
            await using (var target = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(target, 1 << 16, cancellationToken).ConfigureAwait(false);
                bytes = target.Length;
            }
            File.Move(partial, kept, overwrite: true);
        }
        catch (IOException ex)
        {
            TryDelete(partial);
            throw new IOException($"{Description}: the download broke off ({ex.Message})", ex);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
        await File.WriteAllLinesAsync(validators,
            [response.Headers.ETag?.ToString() ?? "", response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture) ?? ""],
            cancellationToken).ConfigureAwait(false);
        _logger.Downloaded(Description, bytes);
        return kept;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException($"{Description}: no response within the configured timeout, after all retries ({ex.Message})", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"{Description}: {ex.Message}", ex, ex.StatusCode);
        }
    }

    /// <summary>The one readable file of the zip (or the entry <see cref="_layer"/> names), copied out with a size cap.</summary>
    private (string Path, string? Layer) Unpack(string zipPath, string scratch)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException ex)
        {
            throw new SourceFormatException(Description, null, $"the zip is damaged ({ex.Message})", ex);
        }
        using (zip)
        {
            var readable = zip.Entries
                .Where(e => e.Name.Length > 0 && FileSources.Extensions.Contains(Path.GetExtension(e.Name), StringComparer.OrdinalIgnoreCase))
                .ToList();
            var layer = _layer;
            ZipArchiveEntry entry;
            if (layer is not null && readable.FirstOrDefault(e => e.FullName == layer || e.Name == layer) is { } named)
            {
                entry = named;
                layer = null;
            }
            else if (readable.Count == 1)
            {
                entry = readable[0];
            }
            else
            {
                throw new SourceFormatException(Description, null, readable.Count == 0
                    ? $"the zip holds no file ending in {string.Join(", ", FileSources.Extensions)} ({zip.Entries.Count} entries)"
                    : $"the zip holds {readable.Count} feature files ({string.Join(", ", readable.Select(e => e.FullName))}); name the one to read as the dataset's Layer");
            }
            _logger.ReadingZipEntry(entry.FullName, Description);
            // The entry's own name, never its path: a crafted "../" name must not write outside the scratch folder.
            var target = Path.Combine(scratch, Path.GetFileName(entry.Name));
            try
            {
                using var input = entry.Open();
                using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                    if (total > MaxExtractedBytes)
                    {
                        throw new SourceFormatException(Description, null,
                            $"{entry.FullName} unpacks to more than {MaxExtractedBytes / (1L << 30)} GiB; refused as a likely zip bomb");
                    }
                    output.Write(buffer, 0, read);
                }
            }
            catch (InvalidDataException ex)
            {
                throw new SourceFormatException(Description, null, $"{entry.FullName} in the zip is damaged ({ex.Message})", ex);
            }
            return (target, layer);
        }
    }

    private static bool IsZip(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic is [0x50, 0x4B, 0x03, 0x04];
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover .part file does no harm; the next download writes its own.
        }
    }
}

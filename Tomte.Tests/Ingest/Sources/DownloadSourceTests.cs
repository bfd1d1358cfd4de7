using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

/// <summary>A published file over HTTP on loopback: zipped or plain, one feature file or several, good or bad.</summary>
public sealed class DownloadSourceTests : IDisposable
{
    private readonly string _downloads = Path.Combine(Path.GetTempPath(), "tomte-download-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_downloads))
        {
            Directory.Delete(_downloads, recursive: true);
        }
    }

    private static string Netex(string file) => Fixtures.Path("netex", file);

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private static Func<HttpContext, int, Task> Serving(byte[] body, string contentType = "application/zip", int status = 200) => async (context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(body);
    };

    private static DownloadSource Source(ServiceProvider services, string? layer = null) =>
        services.GetRequiredService<FeatureServices>().Download("Stops", layer);

    private ServiceProvider Services(FixtureServer server, string file) => server.Services(new Dictionary<string, string?>
    {
        ["Tomte:Sources:Endpoints:Stops:BaseUrl"] = new Uri(server.BaseUri, "exports/" + file).AbsoluteUri,
        ["Tomte:Sources:DownloadDirectory"] = _downloads,
    });

    [Fact]
    public async Task A_plain_netex_file_is_read_as_published()
    {
        await using var server = await FixtureServer.StartAsync(Serving(File.ReadAllBytes(Netex("stopplaces-nordic.xml")), "application/xml"));
        using var services = Services(server, "stops.xml");

        var features = await Fixtures.ReadAllAsync(Source(services));

        Assert.Equal(4, features.Count);
        Assert.All(features, f => Assert.StartsWith("NSR:StopPlace:", f.Id, StringComparison.Ordinal));
        Assert.Equal("/exports/stops.xml", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task A_zip_with_several_feature_files_needs_the_layer_naming_one()
    {
        var zip = Zip(("readme.txt", "Les meg"u8.ToArray()), ("a.xml", File.ReadAllBytes(Netex("stopplaces-nordic.xml"))), ("b.xml", File.ReadAllBytes(Netex("stopplaces-nordic.xml"))));
        await using var server = await FixtureServer.StartAsync(Serving(zip));
        using var services = Services(server, "stops.zip");

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(Source(services)));
        var features = await Fixtures.ReadAllAsync(Source(services, layer: "b.xml"));

        Assert.Equal(new Uri(server.BaseUri, "exports/stops.zip").AbsoluteUri, error.SourceName);
        Assert.Equal("the zip holds 2 feature files (a.xml, b.xml); name the one to read as the dataset's Layer", error.Reason);
        Assert.Equal(4, features.Count);
    }

    [Fact]
    public async Task A_bad_record_in_a_zipped_file_is_named_with_the_url_and_the_entry()
    {
        await using var server = await FixtureServer.StartAsync(Serving(Zip(("tiamat-export.xml", File.ReadAllBytes(Netex("stopplaces-missing-centroid.xml"))))));
        using var services = Services(server, "stops.zip");

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(Source(services)));

        Assert.Equal(new Uri(server.BaseUri, "exports/stops.zip").AbsoluteUri + " (tiamat-export.xml)", error.SourceName);
        Assert.Equal("#0 (id 'NSR:StopPlace:900001')", error.Feature);
        Assert.Contains("no Centroid", error.Reason, StringComparison.Ordinal);
        // The unpacked copy is removed even when the read fails.
        Assert.Empty(Directory.GetDirectories(_downloads));
    }

    [Theory]
    [InlineData("damaged", "the zip is damaged")]
    [InlineData("no-feature-file", "the zip holds no file ending in .geojson, .json, .gml, .xml, .gpkg (1 entries)")]
    [InlineData("not-found", "HTTP 404 Not Found")]
    public async Task A_broken_download_fails_naming_the_url_and_why(string kind, string reason)
    {
        var (body, status) = kind switch
        {
            "damaged" => ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xFF, 0xFF], 200),
            "no-feature-file" => (Zip(("stops.csv", "id;name"u8.ToArray())), 200),
            _ => ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"u8.ToArray(), 404),
        };
        await using var server = await FixtureServer.StartAsync(Serving(body, status == 200 ? "application/zip" : "application/xml", status));
        using var services = Services(server, "stops.zip");

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(Source(services)));

        Assert.StartsWith(new Uri(server.BaseUri, "exports/stops.zip").AbsoluteUri + ": ", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
    }
}

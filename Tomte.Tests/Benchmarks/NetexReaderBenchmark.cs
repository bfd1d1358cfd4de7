using System.Diagnostics;
using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Ingest.Sources;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// Reads a generated national-size NeTEx stop register (150 MB by default; <c>TOMTE_BENCHMARK_MB</c> changes it) through
/// <see cref="NetexStopPlaceReader"/> and prints stop places/s, MB/s and the peak working set while reading.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class NetexReaderBenchmark(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tomte-netex-bench-").FullName;

    private static long TargetBytes =>
        (long.TryParse(Environment.GetEnvironmentVariable("TOMTE_BENCHMARK_MB"), CultureInfo.InvariantCulture, out var mb) ? mb : 150) * 1024 * 1024;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Netex_reader_streams_a_national_size_stop_register_with_flat_memory()
    {
        var path = Path.Combine(_directory, "stops-bench.xml");
        var written = Write(path, TargetBytes);

        await using var memory = WorkingSetSampler.Start();

        var count = 0L;
        var quays = 0L;
        var ok = true;
        var stopwatch = Stopwatch.StartNew();
        await foreach (var feature in FileSources.Open(path).ReadAsync(CancellationToken.None))
        {
            var point = (Point)feature.Geometry!;
            ok &= feature.Index == count && feature.Id == $"NSR:StopPlace:{count + 1}" && point.SRID == 4326
                && point.X is > 4 and < 31 && point.Y is > 57 and < 72 && (string?)feature.Properties["kommunenummer"] == "3218";
            quays += (long)feature.Properties["quayCount"]!;
            count++;
        }
        stopwatch.Stop();
        await memory.StopAsync();

        Assert.True(ok);
        Assert.Equal(written, count);
        Assert.Equal(written * 2, quays);
        var megabytes = new FileInfo(path).Length / 1024.0 / 1024.0;
        var seconds = stopwatch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"NeTEx: {megabytes:F0} MB, {count:N0} stop places in {seconds:F2} s = {count / seconds:N0} stop places/s, {megabytes / seconds:F1} MB/s; working set before {memory.Before / 1048576.0:F0} MB, peak while reading {memory.Peak / 1048576.0:F0} MB"));
        memory.AssertFlat(string.Create(CultureInfo.InvariantCulture, $"NeTEx reader on {megabytes:F0} MB"));
    }

    // Stop places shaped like Entur's export: validity, key list, accessibility, two quays each.
    private static long Write(string path, long targetBytes)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <PublicationDelivery xmlns="http://www.netex.org.uk/netex" xmlns:ns2="http://www.opengis.net/gml/3.2" version="1.15:NO-NeTEx-stops:1.4">
            <PublicationTimestamp>2026-01-05T06:00:00</PublicationTimestamp><ParticipantRef>NSR</ParticipantRef>
            <dataObjects><SiteFrame modification="new" version="1" id="NSR:SiteFrame:1"><stopPlaces>

            """);
        long count = 0;
        while (writer.BaseStream.Position < targetBytes)
        {
            count++;
            var lon = (10.7 + (count % 1000 * 0.0001)).ToString("0.0######", CultureInfo.InvariantCulture);
            var lat = (59.6 + (count / 1000 % 1000 * 0.0001)).ToString("0.0######", CultureInfo.InvariantCulture);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"""
                <StopPlace created="2017-06-06T10:32:11.371" changed="2025-03-11T08:14:02.127" modification="new" version="7" id="NSR:StopPlace:{count}">
                <ValidBetween><FromDate>2025-03-11T08:14:02.127</FromDate></ValidBetween>
                <keyList><KeyValue><Key>IMPORTED-ID</Key><Value>AKT:StopArea:{count}</Value></KeyValue></keyList>
                <Name lang="nor">Syntetisk holdeplass {count}</Name>
                <Centroid><Location><Longitude>{lon}</Longitude><Latitude>{lat}</Latitude></Location></Centroid>
                <AccessibilityAssessment modification="new" version="1" id="NSR:AccessibilityAssessment:{count}"><MobilityImpairedAccess>unknown</MobilityImpairedAccess></AccessibilityAssessment>
                <TopographicPlaceRef ref="KVE:TopographicPlace:3218" version="1"/>
                <TransportMode>bus</TransportMode><StopPlaceType>onstreetBus</StopPlaceType><Weighting>interchangeAllowed</Weighting>
                <quays>
                <Quay modification="new" version="3" id="NSR:Quay:{count}1"><Centroid><Location><Longitude>{lon}</Longitude><Latitude>{lat}</Latitude></Location></Centroid><PublicCode>1</PublicCode></Quay>
                <Quay modification="new" version="3" id="NSR:Quay:{count}2"><Centroid><Location><Longitude>{lon}</Longitude><Latitude>{lat}</Latitude></Location></Centroid><PublicCode>2</PublicCode></Quay>
                </quays>
                </StopPlace>

                """));
        }
        writer.Write("</stopPlaces></SiteFrame></dataObjects></PublicationDelivery>\n");
        return count;
    }
}

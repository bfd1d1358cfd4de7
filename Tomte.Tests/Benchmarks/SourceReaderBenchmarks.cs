using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// Reads generated GeoJSON and GML files (200 MB each by default; <c>TOMTE_BENCHMARK_MB</c> changes it) through the
/// streaming readers and prints features/s, MB/s and the process's peak working set while reading.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class SourceReaderBenchmarks(ITestOutputHelper output) : IDisposable
{
    private const int VerticesPerRing = 40;
    private readonly string _directory = Directory.CreateTempSubdirectory("tomte-bench-").FullName;

    private static long TargetBytes =>
        (long.TryParse(Environment.GetEnvironmentVariable("TOMTE_BENCHMARK_MB"), CultureInfo.InvariantCulture, out var mb) ? mb : 200) * 1024 * 1024;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task GeoJson_reader_streams_a_large_file_with_flat_memory()
    {
        var path = Path.Combine(_directory, "kp-bench.geojson");
        var written = WriteGeoJson(path, TargetBytes);
        await MeasureAsync("GeoJSON", new GeoJsonFeatureReader(path), path, written);
    }

    [Fact]
    public async Task Gml_reader_streams_a_large_file_with_flat_memory()
    {
        var path = Path.Combine(_directory, "kp-bench.gml");
        var written = WriteGml(path, TargetBytes);
        await MeasureAsync("GML", new GmlFeatureReader(path), path, written);
    }

    private async Task MeasureAsync(string format, IFeatureSource source, string path, long written)
    {
        await using var memory = WorkingSetSampler.Start();

        var count = 0L;
        var vertices = 0L;
        var last = -1L;
        var kommuneOk = true;
        var stopwatch = Stopwatch.StartNew();
        await foreach (var feature in source.ReadAsync(CancellationToken.None))
        {
            Assert.Equal(last + 1, feature.Index);
            last = feature.Index;
            count++;
            vertices += feature.Geometry!.NumPoints;
            kommuneOk &= (string?)feature.Properties["arealplanId.kommunenummer"] == "3218";
        }
        stopwatch.Stop();
        await memory.StopAsync();

        Assert.Equal(written, count);
        Assert.True(kommuneOk);
        Assert.Equal(written * (VerticesPerRing + 1 + 5), vertices);
        var megabytes = new FileInfo(path).Length / 1024.0 / 1024.0;
        var seconds = stopwatch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{format}: {megabytes:F0} MB, {count:N0} features in {seconds:F2} s = {count / seconds:N0} features/s, {megabytes / seconds:F1} MB/s; working set before {memory.Before / 1048576.0:F0} MB, peak while reading {memory.Peak / 1048576.0:F0} MB"));
        memory.AssertFlat($"{format} reader on {megabytes:F0} MB");
    }

    private static IEnumerable<(double X, double Y)> Ring(long i, double radius)
    {
        var cx = 596000 + (i % 100) * 90.0;
        var cy = 6611000 + (i / 100 % 150) * 90.0;
        for (var v = 0; v < VerticesPerRing; v++)
        {
            var angle = 2 * Math.PI * v / VerticesPerRing;
            yield return (Math.Round(cx + radius * Math.Cos(angle), 3), Math.Round(cy + radius * Math.Sin(angle), 3));
        }
        yield return (Math.Round(cx + radius, 3), Math.Round(cy, 3));
    }

    private static IEnumerable<(double X, double Y)> Hole(long i)
    {
        var cx = 596000 + (i % 100) * 90.0;
        var cy = 6611000 + (i / 100 % 150) * 90.0;
        return [(cx - 5, cy - 5), (cx - 5, cy + 5), (cx + 5, cy + 5), (cx + 5, cy - 5), (cx - 5, cy - 5)];
    }

    private static long WriteGeoJson(string path, long target)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        writer.Write("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::25833\"}},\"features\":[\n");
        var i = 0L;
        while (stream.Position < target)
        {
            if (i > 0)
            {
                writer.Write(",\n");
            }
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{{\"type\":\"Feature\",\"id\":\"kpomrade.{i}\",\"properties\":{{\"arealplanId\":{{\"kommunenummer\":\"3218\",\"planidentifikasjon\":\"2015{i % 1000:000}\"}},\"plannavn\":\"Syntetisk plan {i}\",\"plantype\":20,\"planstatus\":{i % 6 + 1},\"arealformål\":1110,\"ikrafttredelsesdato\":\"2015-10-21\",\"link\":null}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[["));
            WriteJsonRing(writer, Ring(i, 40));
            writer.Write("],[");
            WriteJsonRing(writer, Hole(i));
            writer.Write("]]}}");
            i++;
        }
        writer.Write("\n]}\n");
        return i;
    }

    private static void WriteJsonRing(StreamWriter writer, IEnumerable<(double X, double Y)> ring)
    {
        var first = true;
        foreach (var (x, y) in ring)
        {
            writer.Write(first ? "[" : ",[");
            writer.Write(x.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(y.ToString(CultureInfo.InvariantCulture));
            writer.Write(']');
            first = false;
        }
    }

    private static long WriteGml(string path, long target)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<wfs:FeatureCollection xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" xmlns:gml=\"http://www.opengis.net/gml/3.2\" xmlns:app=\"http://skjema.geonorge.no/SOSI/produktspesifikasjon/Kommuneplan/20190401\" numberMatched=\"unknown\" numberReturned=\"0\">\n");
        var i = 0L;
        while (stream.Position < target)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"<wfs:member><app:KpArealformålOmråde gml:id=\"kpa.{i}\"><app:identifikasjon><app:Identifikasjon><app:lokalId>kpa-{i}</app:lokalId><app:navnerom>https://data.geonorge.no/3218/Kommuneplan</app:navnerom></app:Identifikasjon></app:identifikasjon><app:arealformål>1110</app:arealformål><app:arealbruksstatus>{i % 3 + 1}</app:arealbruksstatus><app:område><gml:Polygon gml:id=\"kpa.{i}.g\" srsName=\"urn:ogc:def:crs:EPSG::25833\"><gml:exterior><gml:LinearRing><gml:posList srsDimension=\"2\">"));
            WriteGmlRing(writer, Ring(i, 40));
            writer.Write("</gml:posList></gml:LinearRing></gml:exterior><gml:interior><gml:LinearRing><gml:posList srsDimension=\"2\">");
            WriteGmlRing(writer, Hole(i));
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"</gml:posList></gml:LinearRing></gml:interior></gml:Polygon></app:område><app:arealplanId><app:NasjonalArealplanId><app:kommunenummer>3218</app:kommunenummer><app:landkode>NO</app:landkode><app:planidentifikasjon>2015{i % 1000:000}</app:planidentifikasjon></app:NasjonalArealplanId></app:arealplanId><app:plannavn>Syntetisk plan {i}</app:plannavn></app:KpArealformålOmråde></wfs:member>\n"));
            i++;
        }
        writer.Write("</wfs:FeatureCollection>\n");
        return i;
    }

    private static void WriteGmlRing(StreamWriter writer, IEnumerable<(double X, double Y)> ring)
    {
        var first = true;
        foreach (var (x, y) in ring)
        {
            if (!first)
            {
                writer.Write(' ');
            }
            writer.Write(x.ToString(CultureInfo.InvariantCulture));
            writer.Write(' ');
            writer.Write(y.ToString(CultureInfo.InvariantCulture));
            first = false;
        }
    }
}

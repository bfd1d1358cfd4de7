using System.Xml;

namespace Tomte.Tests.SampleData;

public sealed class SampleDataTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tomte-sample-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    public static string CommittedDirectory
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
            var root = testOutput.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "Tomte.Worker", "SampleData");
        }
    }

    [Fact]
    public void The_committed_sample_data_is_what_the_generator_writes_with_its_seed()
    {
        var fresh = Path.Combine(_scratch, "a");
        new SampleDataGenerator().WriteAll(fresh);
        if (Environment.GetEnvironmentVariable("TOMTE_WRITE_SAMPLE_DATA") == "1")
        {
            new SampleDataGenerator().WriteAll(CommittedDirectory);
        }
        var again = Path.Combine(_scratch, "b");
        new SampleDataGenerator().WriteAll(again);

        var files = Directory.GetFiles(fresh, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(fresh, f)).Order(StringComparer.Ordinal).ToArray();
        var committed = Directory.GetFiles(CommittedDirectory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(CommittedDirectory, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, committed);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(fresh, file));
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(again, file))), $"{file} differs between two runs with the same seed");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(CommittedDirectory, file))), $"{file} is not what the generator writes; regenerate (see SampleData/README.md)");
        }
        Assert.InRange(files.Sum(f => new FileInfo(Path.Combine(fresh, f)).Length), 500_000, 8_000_000);
    }

    [Theory]
    [InlineData("3207")]
    [InlineData("3212")]
    [InlineData("3218")]
    public void Every_pilot_kommune_has_hundreds_of_plan_polygons_in_every_planstatus_labelled_synthetic(string kommune)
    {
        var kp = Members(Path.Combine(CommittedDirectory, kommune, $"kommuneplan-{kommune}.gml"));
        var rp = Members(Path.Combine(CommittedDirectory, kommune, $"reguleringsplaner-{kommune}.gml"));

        Assert.InRange(kp.Count(m => m.Type == "KpArealformålOmråde"), 250, 400);
        Assert.Single(kp, m => m.Type == "KpOmråde");
        Assert.InRange(rp.Count, 200, 300);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "8"], rp.Select(m => m.Values["planstatus"]).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(kp, m => m.Values.GetValueOrDefault("arealformål") == "1110" && m.Values["arealbruksstatus"] == "2");
        Assert.Contains(kp, m => m.Values.GetValueOrDefault("arealformål") == "1130");
        Assert.Contains(kp, m => m.Values.GetValueOrDefault("arealformål") == "1800");
        Assert.Contains(kp, m => m.Interiors > 0);
        Assert.Contains(rp, m => m.Surfaces > 1);
        Assert.All(kp.Concat(rp), m => Assert.All(m.Srs, s => Assert.Equal("urn:ogc:def:crs:EPSG::25833", s)));
        foreach (var file in Directory.GetFiles(Path.Combine(CommittedDirectory, kommune)))
        {
            Assert.Contains("SYNTHETIC", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    private sealed record Member(string Type, Dictionary<string, string> Values, int Interiors, int Surfaces, List<string> Srs);

    // Reads the files with a plain XmlReader: they must be well-formed GML in the SOSI namespaces.
    private static List<Member> Members(string path)
    {
        var members = new List<Member>();
        using var reader = XmlReader.Create(path);
        Member? current = null;
        var depth = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            if (reader.LocalName == "member" && reader.NamespaceURI == "http://www.opengis.net/wfs/2.0")
            {
                reader.Read();
                while (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                }
                Assert.StartsWith("http://skjema.geonorge.no/SOSI/produktspesifikasjon/", reader.NamespaceURI, StringComparison.Ordinal);
                current = new Member(reader.LocalName, [], 0, 0, []);
                depth = reader.Depth;
                members.Add(current);
                continue;
            }
            if (current is null || reader.Depth <= depth)
            {
                continue;
            }
            switch (reader.LocalName)
            {
                case "interior":
                    members[^1] = current = current with { Interiors = current.Interiors + 1 };
                    break;
                case "surfaceMember":
                    members[^1] = current = current with { Surfaces = current.Surfaces + 1 };
                    break;
                case "Polygon" or "MultiSurface" when reader.GetAttribute("srsName") is { } srs:
                    current.Srs.Add(srs);
                    break;
                case "planstatus" or "arealformål" or "arealbruksstatus":
                    current.Values[reader.LocalName] = reader.ReadElementContentAsString();
                    break;
            }
        }
        return members;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Tomte.Tests.Ingest.Sources;

namespace Tomte.Tests.Ingest;

/// <summary>
/// The real SOSI Reguleringsplanforslag 5.0 test files (DiBK's rule validator, <c>Fixtures/gml/reguleringsplanforslag-5.0_*</c>)
/// and the copies the tests derive from them, each by a plain text edit: the coordinates shifted into Ås (their own lie
/// near the UTM origin, or in Arendal), the "String" placeholders of the plan identity filled in, the Arealplan moved to
/// the end of the file (a reference forward), or two halves of one plan (2D and 3D) joined into one file.
/// </summary>
internal static partial class PlanProposalFiles
{
    public const string AreaPlan = "reguleringsplanforslag-5.0_Arealplan-RpOmraade-RpArealformaalOmraade.rulevalidator-testdata.gml";
    public const string Bestemmelse = "reguleringsplanforslag-5.0_RpBestemmelseOmraade-xlinks.rulevalidator-testdata.gml";
    public const string Terrain = "reguleringsplanforslag-5.0_RpRegulertTerreng-3D.rulevalidator-testdata.gml";

    // Inside the synthetic border of Ås (SampleDataGenerator), E 263 000, N 6 625 500 in EPSG:25833, as EPSG:25832.
    public const double AasX = 600_581, AasY = 6_619_327;

    public static string Read(string name) => File.ReadAllText(Fixtures.Path("gml", name));

    /// <summary>The placeholders of the Arealplan's identity ("String") replaced by a real kommune, plan id and name.</summary>
    public static string WithIdentity(string gml, string kommune, string planId) => gml
        .Replace("<app:kommunenummer>String</app:kommunenummer>", $"<app:kommunenummer>{kommune}</app:kommunenummer>", StringComparison.Ordinal)
        .Replace("<app:planidentifikasjon>String</app:planidentifikasjon>", $"<app:planidentifikasjon>{planId}</app:planidentifikasjon>", StringComparison.Ordinal)
        .Replace("<app:plannavn>String</app:plannavn>", "<app:plannavn>Forslag til regulering</app:plannavn>", StringComparison.Ordinal);

    /// <summary>Every coordinate (posList, pos, envelope corners) moved by (dx, dy); heights stay.</summary>
    public static string Shifted(string gml, double dx, double dy) => Coordinates().Replace(gml, match =>
    {
        var dimension = match.Groups["open"].Value.Contains("srsDimension=\"3\"", StringComparison.Ordinal) ? 3 : 2;
        var numbers = match.Groups["numbers"].Value.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var shifted = numbers.Select((n, i) =>
        {
            var value = double.Parse(n, CultureInfo.InvariantCulture);
            return (i % dimension) switch
            {
                0 => (value + dx).ToString("R", CultureInfo.InvariantCulture),
                1 => (value + dy).ToString("R", CultureInfo.InvariantCulture),
                _ => n,
            };
        });
        return match.Groups["open"].Value + string.Join(' ', shifted) + match.Groups["close"].Value;
    });

    /// <summary>The file's Arealplan moved behind every other feature, so the features refer to it before it appears.</summary>
    public static string ArealplanLast(string gml)
    {
        var member = ArealplanMember().Match(gml);
        return gml.Remove(member.Index, member.Length).Replace("</gml:FeatureCollection>", member.Value + "</gml:FeatureCollection>", StringComparison.Ordinal);
    }

    /// <summary>The RpRegulertTerreng of the 3D file appended to the 2D file of the same plan (its bestemmelseOmråde is there).</summary>
    public static string JoinedTerrain()
    {
        var terrain = TerrainMember().Match(Read(Terrain)).Value;
        return Read(Bestemmelse).Replace("</gml:FeatureCollection>", terrain + "\n</gml:FeatureCollection>", StringComparison.Ordinal);
    }

    public static string Write(string directory, string name, string gml)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, gml);
        return path;
    }

    [GeneratedRegex(@"(?<open><gml:(?:posList|pos|lowerCorner|upperCorner)\b[^>]*>)(?<numbers>[^<]*)(?<close></gml:(?:posList|pos|lowerCorner|upperCorner)>)")]
    private static partial Regex Coordinates();

    [GeneratedRegex(@"<gml:featureMember>\s*<app:Arealplan\b.*?</gml:featureMember>\s*", RegexOptions.Singleline)]
    private static partial Regex ArealplanMember();

    [GeneratedRegex(@"<gml:featureMember>\s*<app:RpRegulertTerreng\b.*?</gml:featureMember>", RegexOptions.Singleline)]
    private static partial Regex TerrainMember();
}

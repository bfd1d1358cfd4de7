using System.Reflection;

namespace Tomte.Worker.Ingest.LoadChecks;

/// <summary>
/// Norway's kommuner from 1 January 2024 and the numbers they replaced (embedded kommuner-2024.tsv and
/// kommunenummer-2024-endringer.tsv): what a kommunenummer read from a file is checked against when no border
/// says otherwise.
/// </summary>
public static class OfficialKommuner
{
    private static readonly IReadOnlyDictionary<string, string> Names = Read("kommuner-2024.tsv");

    private static readonly IReadOnlyDictionary<string, string> Renumbered = Read("kommunenummer-2024-endringer.tsv");

    public static IReadOnlyCollection<string> Numbers => (IReadOnlyCollection<string>)Names.Keys;

    public static bool IsKommune(string kommunenummer) => Names.ContainsKey(kommunenummer);

    public static string? Name(string kommunenummer) => Names.GetValueOrDefault(kommunenummer);

    /// <summary>The 2024 number of a kommune that had another number before (3020 Nordre Follo is 3207).</summary>
    public static string? NewNumber(string oldKommunenummer) => Renumbered.GetValueOrDefault(oldKommunenummer);

    private static Dictionary<string, string> Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Tomte.Worker.Ingest.LoadChecks.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            rows.Add(line[..tab], line[(tab + 1)..]);
        }
        return rows;
    }
}

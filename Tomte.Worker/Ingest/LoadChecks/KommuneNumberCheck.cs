using Npgsql;

namespace Tomte.Worker.Ingest.LoadChecks;

/// <summary>
/// Checks each kommunenummer a file gives its features: a kommune in the 2024 list or among the loaded borders is
/// taken; a pre-2024 number of a renumbered kommune (3020 Nordre Follo) is loaded under its 2024 number and
/// reported; anything else (9999, 3299) refuses the load naming the feature.
/// </summary>
/// <remarks>
/// The borders dataset itself takes any well-formed number: a kommune created after 2024 arrives with its border,
/// and from then on its border makes it known to every other dataset.
/// </remarks>
public sealed class KommuneNumberCheck
{
    private readonly Dataset _dataset;
    private readonly string _source;
    private readonly HashSet<string> _known;
    private readonly Dictionary<(string Old, string New), int> _renumbered = [];

    private KommuneNumberCheck(Dataset dataset, string source, HashSet<string> known)
    {
        _dataset = dataset;
        _source = source;
        _known = known;
    }

    /// <summary>Features that carried a pre-2024 number, by old and new number.</summary>
    public IReadOnlyDictionary<(string Old, string New), int> Renumbered => _renumbered;

    public static async Task<KommuneNumberCheck> CreateAsync(NpgsqlDataSource dataSource, Dataset dataset, string source, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(OfficialKommuner.Numbers, StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT kommunenummer::text FROM ref.kommune");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add(reader.GetString(0));
        }
        return new KommuneNumberCheck(dataset, source, known);
    }

    /// <summary>The feature with its 2024 kommunenummer, or an error naming it when the number is no kommune.</summary>
    public MappedFeature Check(MappedFeature mapped, SourceFeature feature)
    {
        var kommune = mapped.Kommunenummer;
        if (_known.Contains(kommune))
        {
            return mapped;
        }
        if (OfficialKommuner.NewNumber(kommune) is { } renumbered && (_known.Contains(renumbered) || _dataset.OnePerKommune))
        {
            _renumbered[(kommune, renumbered)] = _renumbered.GetValueOrDefault((kommune, renumbered)) + 1;
            return mapped with { Kommunenummer = renumbered };
        }
        if (_dataset.OnePerKommune && Kommuner.IsWellFormed(kommune))
        {
            _known.Add(kommune);
            return mapped;
        }
        throw new SourceFormatException(_source, FeatureLabel.Of(feature),
            $"kommunenummer '{kommune}' is not a kommune: it is neither in the 2024 list (SSB Klass 131) nor among the loaded borders (ref.kommune)");
    }

    /// <summary>What the operator reads about renumbered kommuner (Norwegian: it is printed by import and ingest).</summary>
    public IEnumerable<string> Notices() =>
        _renumbered.OrderBy(r => r.Key.Old, StringComparer.Ordinal).Select(r =>
            $"kommunenummer {r.Key.Old} i kilden er nummeret {OfficialKommuner.Name(r.Key.New) ?? r.Key.New} hadde før 2024; {r.Value} objekter er lastet inn som {r.Key.New}");

    /// <summary>A kommune asked for by its pre-2024 number: its 2024 number and a notice, or the number as given.</summary>
    public static (string Kommunenummer, string? Notice) Requested(string kommunenummer) =>
        OfficialKommuner.NewNumber(kommunenummer) is { } renumbered
            ? (renumbered, $"kommunenummer {kommunenummer} er nummeret {OfficialKommuner.Name(renumbered)} hadde før 2024; lastes inn som {renumbered}")
            : (kommunenummer, null);
}

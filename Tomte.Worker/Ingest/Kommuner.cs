using Npgsql;

namespace Tomte.Worker.Ingest;

/// <summary>Kommunenummer checks: the 2024 numbering (fylke prefix), and the borders loaded when there are any.</summary>
public static class Kommuner
{
    // Fylker since 1 January 2024.
    private static readonly HashSet<string> Fylker = ["03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"];

    public static bool IsWellFormed(string kommunenummer) =>
        kommunenummer.Length == 4 && kommunenummer.All(char.IsAsciiDigit) && Fylker.Contains(kommunenummer[..2]);

    /// <summary>
    /// Throws when the kommune cannot exist, or when borders are loaded and none is this kommune's
    /// (a typo such as 3281 for 3218 would otherwise load nothing and say nothing).
    /// </summary>
    /// <param name="againstBorders">False when loading the borders themselves (a new kommune has none yet).</param>
    public static async Task EnsureKnownAsync(NpgsqlDataSource dataSource, string kommunenummer, bool againstBorders, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(kommunenummer))
        {
            throw new UnknownKommuneException(kommunenummer, "er ikke et kommunenummer (fire siffer med et fylke fra 2024, f.eks. 3218)");
        }
        if (!againstBorders)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM ref.kommune), EXISTS (SELECT 1 FROM ref.kommune WHERE kommunenummer = $1)");
        command.Parameters.AddWithValue(kommunenummer);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (anyBorders, itsBorder) = (reader.GetBoolean(0), reader.GetBoolean(1));
        if (anyBorders && !itsBorder)
        {
            throw new UnknownKommuneException(kommunenummer, "finnes ikke blant de innlastede kommunegrensene (ref.kommune)");
        }
        // Before any border is loaded, the 2024 list is what there is to check against.
        if (!anyBorders && !LoadChecks.OfficialKommuner.IsKommune(kommunenummer))
        {
            throw new UnknownKommuneException(kommunenummer, "finnes ikke i kommunelisten fra 2024 (SSB Klass 131), og ingen kommunegrenser er lastet inn");
        }
    }
}

public sealed class UnknownKommuneException : Exception
{
    public UnknownKommuneException(string kommunenummer, string reason) : base($"ukjent kommune '{kommunenummer}': {reason}")
    {
        Kommunenummer = kommunenummer;
    }

    public UnknownKommuneException() => Kommunenummer = "";

    public UnknownKommuneException(string message) : base(message) => Kommunenummer = "";

    public UnknownKommuneException(string message, Exception innerException) : base(message, innerException) => Kommunenummer = "";

    public string Kommunenummer { get; }
}

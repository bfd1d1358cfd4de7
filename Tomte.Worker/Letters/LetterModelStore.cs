using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Letters;

/// <summary>Builds the <see cref="LetterModel"/> of (owner, step) from owners.*, analysis.* and the Airtable read-back.</summary>
public sealed class LetterModelStore(NpgsqlDataSource dataSource, IOptions<LettersOptions> options, TimeProvider time, ILogger<LetterModelStore> logger)
{
    /// <summary>The Airtable team field that names the owner's responsible person (read back into airtable.team_field_current).</summary>
    public const string ResponsibleField = "Ansvarlig";

    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>The model with the configured sender.</summary>
    /// <exception cref="LetterInputException">The sender is not configured, the owner is unknown, or the owner's land is on no current site.</exception>
    public Task<LetterModel> LoadAsync(string eierId, OutreachStep step, CancellationToken cancellationToken) =>
        LoadAsync(eierId, step, options.Value, cancellationToken);

    /// <summary>The model with the given sender (the demo passes <see cref="LettersOptions.DemoSender"/>).</summary>
    public async Task<LetterModel> LoadAsync(string eierId, OutreachStep step, LettersOptions sender, CancellationToken cancellationToken)
    {
        LettersOptionsValidator.ThrowIfSenderMissing(sender);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (owner, source, ansvarlig) = await ReadOwnerAsync(connection, eierId, cancellationToken);
        var sites = await ReadSitesAsync(connection, eierId, cancellationToken);
        if (sites.Count == 0)
        {
            throw new LetterInputException($"owner {eierId} owns land on no current site (analysis.tomt with endring ny/endret/uendret); there is nothing to write about");
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Oslo).DateTime);
        return new LetterModel(step, today, owner, sites, source, Responsible(eierId, ansvarlig, sender), sender);
    }

    /// <summary>The owners whose land is on the given sites, the largest holdings first (then by id), for the demo and batch callers.</summary>
    public async Task<IReadOnlyList<string>> OwnersOfSitesAsync(IReadOnlyCollection<string> tomteIds, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT es.eier_id
            FROM owners.tomt_eiendom te
            JOIN owners.eierskap es ON es.matrikkelnummer = te.matrikkelnummer
            WHERE te.tomte_id = ANY (@ids)
            GROUP BY es.eier_id
            ORDER BY sum(te.andel_av_tomt) DESC, es.eier_id
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", tomteIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var owners = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            owners.Add(reader.GetString(0));
        }
        return owners;
    }

    private static async Task<(LetterOwner Owner, LetterSource Source, string? Ansvarlig)> ReadOwnerAsync(NpgsqlConnection connection, string eierId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT g.navn, g.type, g.adresse, g.postnummer, g.poststed, g.epost, g.telefon,
                   g.kilde, g.hentet_dato, g.rettslig_grunnlag,
                   (SELECT c.value FROM airtable.team_field_current c
                    WHERE c.table_name = 'Grunneiere' AND c.record_key = g.eier_id AND c.field_name = @field) AS ansvarlig
            FROM owners.grunneier g
            WHERE g.eier_id = @eier_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("eier_id", eierId);
        command.Parameters.AddWithValue("field", ResponsibleField);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new LetterInputException($"owner {eierId} is not in owners.grunneier");
        }
        string? Text(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));
        var navn = reader.GetString(reader.GetOrdinal("navn"));
        if (!OwnerVocabulary.TryParseKind(reader.GetString(reader.GetOrdinal("type")), out var kind))
        {
            throw new InvalidOperationException($"owner {eierId} has an unknown type '{reader.GetString(reader.GetOrdinal("type"))}'");
        }
        var adresse = Text("adresse");
        var postnummer = Text("postnummer");
        var poststed = Text("poststed");
        if (string.IsNullOrWhiteSpace(adresse) || string.IsNullOrWhiteSpace(postnummer) || string.IsNullOrWhiteSpace(poststed))
        {
            throw new LetterInputException($"owner {eierId} has no complete postal address (adresse, postnummer, poststed); a letter cannot be addressed");
        }
        var lines = AddressLines(navn, adresse, postnummer, poststed);
        var owner = new LetterOwner(eierId, navn, kind, lines, Blank(Text("epost")), Blank(Text("telefon")));
        var source = new LetterSource(reader.GetString(reader.GetOrdinal("kilde")), reader.GetFieldValue<DateOnly>(reader.GetOrdinal("hentet_dato")),
            reader.GetString(reader.GetOrdinal("rettslig_grunnlag")));
        var ansvarlig = reader.IsDBNull(reader.GetOrdinal("ansvarlig")) ? null : AnsvarligText(reader.GetString(reader.GetOrdinal("ansvarlig")));
        return (owner, source, ansvarlig);
    }

    /// <summary>The window's lines: name, each line of the street address, postnummer and poststed; never a blank line.</summary>
    public static IReadOnlyList<string> AddressLines(string navn, string adresse, string postnummer, string poststed) =>
        new[] { navn }
            .Concat(adresse.Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Append($"{postnummer.Trim()} {poststed.Trim().ToUpperInvariant()}")
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Where(l => l.Length > 0)
            .ToList();

    private static async Task<IReadOnlyList<LetterSite>> ReadSitesAsync(NpgsqlConnection connection, string eierId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.tomte_id, coalesce(k.navn, t.kommunenummer) AS kommune, t.areal_daa, t.est_boliger, t.endring,
                   array_agg(te.matrikkelnummer ORDER BY te.andel_av_tomt DESC, te.matrikkelnummer) AS matrikkelnumre,
                   m.png
            FROM owners.eierskap es
            JOIN owners.tomt_eiendom te ON te.matrikkelnummer = es.matrikkelnummer
            JOIN analysis.tomt t ON t.tomte_id = te.tomte_id
            LEFT JOIN ref.kommune k ON k.kommunenummer = t.kommunenummer
            LEFT JOIN analysis.tomt_kart m ON m.tomte_id = t.tomte_id
            WHERE es.eier_id = @eier_id AND t.endring IN ('ny', 'endret', 'uendret')
            GROUP BY t.tomte_id, k.navn, t.kommunenummer, t.areal_daa, t.est_boliger, t.endring, t.score, m.png
            ORDER BY t.score DESC NULLS LAST, t.areal_daa DESC, t.tomte_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("eier_id", eierId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sites = new List<LetterSite>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sites.Add(new LetterSite(
                reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<string[]>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6)));
        }
        return sites;
    }

    private LetterPerson Responsible(string eierId, string? ansvarlig, LettersOptions sender)
    {
        var fallback = new LetterPerson(sender.ContactName, sender.ContactTitle, sender.ContactEmail, sender.ContactPhone);
        if (string.IsNullOrWhiteSpace(ansvarlig))
        {
            return fallback;
        }
        var member = sender.Team.FirstOrDefault(m =>
            string.Equals(m.Name.Trim(), ansvarlig, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(m.Email.Trim(), ansvarlig, StringComparison.OrdinalIgnoreCase));
        if (member is null)
        {
            logger.ResponsibleUnknown(eierId, sender.Team.Count);
            return fallback;
        }
        return new LetterPerson(member.Name, string.IsNullOrWhiteSpace(member.Title) ? sender.ContactTitle : member.Title, member.Email,
            string.IsNullOrWhiteSpace(member.Phone) ? sender.Phone : member.Phone);
    }

    // The read-back stores Airtable's JSON value: a text field is a JSON string; a collaborator field an object.
    private static string? AnsvarligText(string json)
    {
        using var document = JsonDocument.Parse(json);
        var value = document.RootElement;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()?.Trim(),
            JsonValueKind.Object when value.TryGetProperty("email", out var email) => email.GetString()?.Trim(),
            JsonValueKind.Object when value.TryGetProperty("name", out var name) => name.GetString()?.Trim(),
            _ => null,
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Tomte.Worker.Owners.Import;

/// <summary>
/// Reads an owner file for <c>tomte owners import</c>: the columns in <see cref="Columns"/> (header row, any order, case
/// ignored), separated by semicolons or commas, UTF-8 with or without a byte-order mark (what Excel writes). Every bad row
/// gives one error naming its row (as Excel numbers it: the header is row 1) and column; any error fails the whole file.
/// </summary>
public static partial class OwnerCsvReader
{
    public static readonly IReadOnlyList<string> Columns =
        ["matrikkelnummer", "navn", "type", "organisasjonsnummer", "adresse", "postnummer", "poststed", "andel", "epost", "telefon", "kilde", "hentet_dato"];

    private static readonly string[] Required = ["matrikkelnummer", "navn", "type"];

    /// <summary>At most this many row errors are listed in the message; the count says how many there were.</summary>
    public const int ErrorsListed = 20;

    /// <param name="today">The retrieval date of rows that leave hentet_dato empty.</param>
    public static async Task<IReadOnlyList<OwnerRecord>> ReadAsync(string path, DateOnly today, CancellationToken cancellationToken)
    {
        static Exception Fail(string message) => new OwnerImportException(message);
        var table = await CsvTable.ReadAsync(path, Fail, cancellationToken);
        table.RequireColumns(Columns, Required, Fail);
        var name = table.FileName;

        var records = new List<OwnerRecord>();
        var seen = new Dictionary<(string, string), long>();
        var errors = new List<string>();
        foreach (var tableRow in table.Rows)
        {
            if (tableRow.Error is not null)
            {
                errors.Add(tableRow.Error);
                continue;
            }
            var row = tableRow.Number;
            var fields = tableRow.Fields;
            var parsed = ParseRow(fields, name, today, out var error);
            if (parsed is null)
            {
                errors.Add($"rad {row}, kolonne {error}");
                continue;
            }
            var key = (parsed.MergeKey, parsed.Matrikkelnummer.ToString());
            if (seen.TryGetValue(key, out var earlier))
            {
                errors.Add($"rad {row}, kolonne navn: samme eier av samme eiendom som rad {earlier}");
                continue;
            }
            seen[key] = row;
            records.Add(parsed);
        }
        if (errors.Count > 0)
        {
            throw new OwnerImportException(CsvTable.RowErrorsMessage(name, errors, ErrorsListed), errors);
        }
        if (records.Count == 0)
        {
            throw new OwnerImportException($"{name}: ingen rader med eiere under overskriften");
        }
        return records;
    }

    // Returns null and "column: reason" for the first problem in the row.
    private static OwnerRecord? ParseRow(IReadOnlyDictionary<string, string> f, string fileName, DateOnly today, out string error)
    {
        string Get(string column) => f.GetValueOrDefault(column, "");
        string? Optional(string column) => Get(column) is { Length: > 0 } v ? v : null;
        error = "";

        // A register extract may carry fødselsnumre; Tomte never stores them, so a row holding one is refused whole.
        foreach (var (column, value) in f)
        {
            if (IdentityNumber().IsMatch(value))
            {
                error = $"{column}: inneholder et 11-sifret nummer (fødselsnummer?); Tomte lagrer aldri fødselsnumre – fjern det";
                return null;
            }
        }
        if (!Matrikkelnummer.TryParse(Get("matrikkelnummer"), out var matrikkelnummer))
        {
            error = $"matrikkelnummer: {CsvTable.Shown(Get("matrikkelnummer"))} er ikke et matrikkelnummer (kommunenummer-gnr/bnr[/fnr[/snr]], f.eks. 3218-12/34)";
            return null;
        }
        var navn = Get("navn");
        if (navn.Length == 0)
        {
            error = "navn: mangler";
            return null;
        }
        if (!OwnerVocabulary.TryParseKind(Get("type"), out var type))
        {
            error = $"type: {CsvTable.Shown(Get("type"))} må være person eller organisasjon";
            return null;
        }
        string? orgnr = null;
        if (Optional("organisasjonsnummer") is { } rawOrgnr)
        {
            orgnr = OwnerKeys.Digits(rawOrgnr);
            if (type == OwnerKind.Person)
            {
                error = $"organisasjonsnummer: en person har ikke organisasjonsnummer ({CsvTable.Shown(rawOrgnr)}); sett type til organisasjon eller tøm feltet";
                return null;
            }
            if (rawOrgnr.Any(c => !char.IsAsciiDigit(c) && c != ' ') || !OwnerKeys.IsOrganisasjonsnummer(orgnr))
            {
                error = $"organisasjonsnummer: {CsvTable.Shown(rawOrgnr)} er ikke et gyldig organisasjonsnummer (9 siffer med kontrollsiffer)";
                return null;
            }
        }
        var postnummer = Optional("postnummer");
        if (postnummer is not null && !PostalCode().IsMatch(postnummer))
        {
            error = $"postnummer: {CsvTable.Shown(postnummer)} er ikke fire siffer";
            return null;
        }
        Share? andel = null;
        if (Optional("andel") is { } rawShare)
        {
            var match = ShareFraction().Match(rawShare);
            if (!match.Success
                || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var teller)
                || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var nevner)
                || teller < 1 || nevner < 1 || teller > nevner)
            {
                error = $"andel: {CsvTable.Shown(rawShare)} må være en brøk teller/nevner mellom 0 og 1, f.eks. 1/2";
                return null;
            }
            andel = new Share(teller, nevner);
        }
        var epost = Optional("epost");
        if (epost is not null && !Email().IsMatch(epost))
        {
            error = "epost: er ikke en e-postadresse (navn@domene.no)";
            return null;
        }
        var telefon = Optional("telefon");
        if (telefon is not null && (!Phone().IsMatch(telefon) || OwnerKeys.Digits(telefon).Length < 8))
        {
            error = "telefon: er ikke et telefonnummer (minst 8 siffer, gjerne med +47)";
            return null;
        }
        var hentet = today;
        if (Optional("hentet_dato") is { } rawDate
            && !DateOnly.TryParseExact(rawDate, ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out hentet))
        {
            error = $"hentet_dato: {CsvTable.Shown(rawDate)} er ikke en dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)";
            return null;
        }
        if (hentet > today)
        {
            error = $"hentet_dato: {hentet:yyyy-MM-dd} er fram i tid";
            return null;
        }
        return new OwnerRecord(matrikkelnummer, navn, type, orgnr, Optional("adresse"), postnummer, Optional("poststed"), andel, epost, telefon,
            Optional("kilde") ?? $"importfil {fileName}", hentet);
    }

    /// <summary>Whether a value holds what looks like a fødselsnummer, which no Tomte file may bring in.</summary>
    internal static bool HoldsIdentityNumber(string value) => IdentityNumber().IsMatch(value);

    /// <summary>Whether a value is shaped like an e-mail address.</summary>
    internal static bool IsEmail(string value) => Email().IsMatch(value);

    /// <summary>Whether a value is shaped like a phone number (at least 8 digits).</summary>
    internal static bool IsPhone(string value) => Phone().IsMatch(value) && OwnerKeys.Digits(value).Length >= 8;

    [GeneratedRegex(@"(?<![0-9])[0-9]{6} ?[0-9]{5}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex IdentityNumber();

    [GeneratedRegex("^[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex PostalCode();

    [GeneratedRegex(@"^\s*([0-9]+)\s*/\s*([0-9]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ShareFraction();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+?[0-9 ()-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}

/// <summary>A bad owner file: the message names the file, the rows and the columns; nothing was imported.</summary>
public sealed class OwnerImportException : Exception
{
    public OwnerImportException(string message, IReadOnlyList<string>? rowErrors = null) : base(message) => RowErrors = rowErrors ?? [];

    public OwnerImportException() => RowErrors = [];

    public OwnerImportException(string message, Exception innerException) : base(message, innerException) => RowErrors = [];

    public IReadOnlyList<string> RowErrors { get; }
}

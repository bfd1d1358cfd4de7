using System.Globalization;
using System.Text.RegularExpressions;
using Tomte.Worker.Owners.Import;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>What a file for <c>tomte suppression import</c> holds; told apart by its header (a wash result has <c>reservert</c>, and the exported address columns).</summary>
public enum SuppressionFileKind
{
    /// <summary>A Reservasjonsregisteret wash result: our export returned with reservert (and the wash date).</summary>
    Vask,

    /// <summary>Opt-outs by owner id, e-mail address or phone number.</summary>
    Avmelding,
}

/// <summary>One opt-out line of a file; <paramref name="Row"/> as Excel numbers it.</summary>
public sealed record OptOutRow(long Row, OptOut OptOut);

public sealed record SuppressionFile(SuppressionFileKind Kind, string FileName, IReadOnlyList<WashRow> Washes, IReadOnlyList<OptOutRow> OptOuts);

/// <summary>
/// Reads a file for <c>tomte suppression import</c> the way <c>owners import</c> reads its files (<see cref="CsvTable"/>:
/// semicolons or commas, UTF-8 with or without BOM, Excel's row numbers). A wash result: eier_id (or, without it, the
/// person's navn, adresse and postnummer, matched as owners merge) and reservert (ja/nei),
/// the wash date in a vaskedato column or from <c>--vaskedato</c>, and the exported navn/adresse/postnummer/poststed
/// columns, which are allowed and ignored. Opt-outs: eier_id, epost, telefon (at least one per row), kilde. Every bad
/// row gives one error naming row and column; any error fails the whole file.
/// </summary>
public static partial class SuppressionCsvReader
{
    public static readonly IReadOnlyList<string> WashColumns = ["eier_id", "navn", "adresse", "postnummer", "poststed", "reservert", "vaskedato"];

    public static readonly IReadOnlyList<string> OptOutColumns = ["eier_id", "epost", "telefon", "kilde", "navn"];

    public static readonly IReadOnlyList<string> ExportColumns = ["eier_id", "navn", "adresse", "postnummer", "poststed"];

    /// <param name="vaskedato">The wash date of rows that give none (<c>--vaskedato</c>).</param>
    /// <param name="today">No wash date may be after it.</param>
    public static async Task<SuppressionFile> ReadAsync(string path, DateOnly? vaskedato, DateOnly today, CancellationToken cancellationToken)
    {
        static Exception Fail(string message) => new SuppressionImportException(message);
        var table = await CsvTable.ReadAsync(path, Fail, cancellationToken);
        if (!table.HasHeader)
        {
            throw Fail($"{table.FileName}: filen er tom; første rad skal være kolonnenavnene, for en vaskefil {string.Join(", ", WashColumns)}, " +
                $"for en avmeldingsfil {string.Join(", ", OptOutColumns)}");
        }
        // The columns only a wash result has decide, so a wash file missing reservert is told so (not read as opt-outs).
        var kind = table.Header.Any(h => h is "reservert" or "vaskedato" or "adresse" or "postnummer" or "poststed")
            ? SuppressionFileKind.Vask
            : SuppressionFileKind.Avmelding;
        if (kind == SuppressionFileKind.Vask)
        {
            table.RequireColumns(WashColumns, ["reservert"], Fail);
            if (!table.Header.Contains("eier_id") && !table.Header.Contains("navn"))
            {
                throw Fail($"{table.FileName}: rad 1: en vaskefil trenger kolonnen eier_id, eller navn med adresse og postnummer");
            }
            if (vaskedato is null && !table.Header.Contains("vaskedato"))
            {
                throw Fail($"{table.FileName}: en vaskefil trenger vaskedatoen: en kolonne vaskedato, eller --vaskedato ÅÅÅÅ-MM-DD");
            }
        }
        else
        {
            table.RequireColumns(OptOutColumns, [], Fail);
            if (!table.Header.Any(h => h is "eier_id" or "epost" or "telefon"))
            {
                throw Fail($"{table.FileName}: rad 1: en avmeldingsfil trenger minst én av kolonnene eier_id, epost, telefon (en vaskefil har kolonnen reservert)");
            }
        }

        var errors = new List<string>();
        var washes = new List<WashRow>();
        var optOuts = new List<OptOutRow>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            if (row.Error is not null)
            {
                errors.Add(row.Error);
                continue;
            }
            var error = IdentityNumberIn(row);
            if (error is null && kind == SuppressionFileKind.Vask)
            {
                var wash = ParseWash(row, vaskedato, today, out error);
                var key = wash?.EierId ?? wash?.MergeKey;
                if (key is not null && seen.TryGetValue(key, out var earlier))
                {
                    error = wash!.EierId is not null ? $"eier_id: samme Eier-ID som rad {earlier}" : $"navn: samme person som rad {earlier}";
                }
                else if (key is not null)
                {
                    seen[key] = row.Number;
                    washes.Add(wash!);
                }
            }
            else if (error is null)
            {
                var optOut = ParseOptOut(row, table.FileName, out error);
                if (optOut is not null)
                {
                    optOuts.Add(new OptOutRow(row.Number, optOut));
                }
            }
            if (error is not null)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"rad {row.Number}, kolonne {error}"));
            }
        }
        if (errors.Count > 0)
        {
            throw SuppressionImportException.ForRows(table.FileName, errors);
        }
        if (washes.Count == 0 && optOuts.Count == 0)
        {
            throw Fail($"{table.FileName}: ingen rader under overskriften");
        }
        return new SuppressionFile(kind, table.FileName, washes, optOuts);
    }

    // A vendor's file may carry fødselsnumre; Tomte never stores them, so a row holding one is refused whole.
    private static string? IdentityNumberIn(CsvTable.Row row) =>
        row.Fields.FirstOrDefault(f => OwnerCsvReader.HoldsIdentityNumber(f.Value)) is { Key: { } column }
            ? $"{column}: inneholder et 11-sifret nummer (fødselsnummer?); Tomte lagrer aldri fødselsnumre – fjern det"
            : null;

    private static WashRow? ParseWash(CsvTable.Row row, DateOnly? vaskedato, DateOnly today, out string? error)
    {
        // The owner's id, or (a list washed from elsewhere, or the demo's sample) the person's name and address.
        var eierId = ParseOwnerId(row, required: row.Optional("navn") is null, out error);
        if (error is not null)
        {
            return null;
        }
        var mergeKey = eierId is null ? OwnerKeys.MergeKey(OwnerKind.Person, null, row.Get("navn"), row.Optional("adresse"), row.Optional("postnummer")) : null;
        bool reserved;
        switch (row.Get("reservert").ToLowerInvariant())
        {
            case "ja" or "j" or "x" or "1" or "true" or "sann":
                reserved = true;
                break;
            case "nei" or "n" or "0" or "false" or "usann":
                reserved = false;
                break;
            case "":
                error = "reservert: mangler; skriv ja eller nei";
                return null;
            default:
                error = $"reservert: {CsvTable.Shown(row.Get("reservert"))} må være ja eller nei";
                return null;
        }
        var date = vaskedato;
        if (row.Optional("vaskedato") is { } rawDate)
        {
            if (!DateOnly.TryParseExact(rawDate, ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                error = $"vaskedato: {CsvTable.Shown(rawDate)} er ikke en dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)";
                return null;
            }
            date = parsed;
        }
        if (date is not { } washed)
        {
            error = "vaskedato: mangler (fyll den inn eller bruk --vaskedato)";
            return null;
        }
        if (washed > today)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"vaskedato: {washed:yyyy-MM-dd} er fram i tid");
            return null;
        }
        return new WashRow(row.Number, eierId, mergeKey, reserved, washed);
    }

    private static OptOut? ParseOptOut(CsvTable.Row row, string fileName, out string? error)
    {
        var eierId = ParseOwnerId(row, required: false, out error);
        if (error is not null)
        {
            return null;
        }
        var epost = row.Optional("epost");
        if (epost is not null && !OwnerCsvReader.IsEmail(epost))
        {
            error = "epost: er ikke en e-postadresse (navn@domene.no)";
            return null;
        }
        var telefon = row.Optional("telefon");
        if (telefon is not null && !OwnerCsvReader.IsPhone(telefon))
        {
            error = "telefon: er ikke et telefonnummer (minst 8 siffer, gjerne med +47)";
            return null;
        }
        if (eierId is null && epost is null && telefon is null)
        {
            error = "eier_id: raden har verken eier_id, epost eller telefon; fyll inn minst én";
            return null;
        }
        return new OptOut(eierId, epost, telefon, row.Optional("kilde") ?? $"avmeldingsfil {fileName}");
    }

    private static string? ParseOwnerId(CsvTable.Row row, bool required, out string? error)
    {
        error = null;
        var raw = row.Get("eier_id");
        if (raw.Length == 0)
        {
            error = required ? "eier_id: mangler" : null;
            return null;
        }
        if (!OwnerId().IsMatch(raw))
        {
            error = $"eier_id: {CsvTable.Shown(raw)} er ikke en Eier-ID (G og sifre, f.eks. G000123)";
            return null;
        }
        return raw.ToUpperInvariant();
    }

    [GeneratedRegex("^[Gg][0-9]{1,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerId();
}

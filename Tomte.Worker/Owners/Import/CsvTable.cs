using System.Text;
using CsvHelper;

namespace Tomte.Worker.Owners.Import;

/// <summary>
/// A file as the team's spreadsheets write it, read whole: a header row, then rows; semicolons or commas (whichever the
/// header uses); UTF-8 with or without a byte-order mark, refused when not UTF-8. Rows are numbered as Excel numbers
/// them (the header is row 1); blank rows are skipped. Shared by <c>owners import</c> and <c>suppression import</c>, so
/// both read files the same way and word the same problems the same way. Every problem is raised through the caller's
/// <c>fail</c>, so each verb keeps its own exception type.
/// </summary>
public sealed class CsvTable
{
    /// <summary>
    /// A cell value as a bad-row message may show it: echoed only when it cannot be a name or an address (columns
    /// shifted by a stray separator put those anywhere), because the message reaches the log.
    /// </summary>
    public static string Shown(string? value) =>
        value is not null && value.Length <= 12 && !value.Any(char.IsWhiteSpace) && value.Count(char.IsLetter) <= 2 ? $"'{value}'" : "verdien";

    private CsvTable(string fileName, IReadOnlyList<string> header, IReadOnlyList<Row> rows)
    {
        FileName = fileName;
        Header = header;
        Rows = rows;
    }

    public string FileName { get; }

    /// <summary>Column names, trimmed and lower-cased.</summary>
    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<Row> Rows { get; }

    /// <summary>
    /// One row: every header column's trimmed value ("" when empty or absent). <paramref name="Error"/> is set ("rad 7: …")
    /// when the row could not be read into the columns; the caller reports it among its own, in row order.
    /// </summary>
    public sealed record Row(long Number, IReadOnlyDictionary<string, string> Fields, string? Error = null)
    {
        public string Get(string column) => Fields.GetValueOrDefault(column, "");

        public string? Optional(string column) => Get(column) is { Length: > 0 } value ? value : null;
    }

    public static async Task<CsvTable> ReadAsync(string path, Func<string, Exception> fail, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        string text;
        try
        {
            // Strict UTF-8: a file saved as Windows-1252 fails here instead of importing mangled names.
            text = await File.ReadAllTextAsync(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw fail($"{name}: filen er ikke UTF-8; lagre den som «CSV UTF-8» i Excel");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw fail($"{path}: filen finnes ikke");
        }
        text = text.TrimStart('\uFEFF');
        var firstLine = text.Split('\n', 2)[0];
        var csvOptions = CsvReaderOptions.Default with
        {
            Separator = firstLine.Contains(';', StringComparison.Ordinal) ? ';' : ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
        };
        using var csv = CsvReader.FromText(text, csvOptions);
        await csv.ReadHeaderAsync(cancellationToken);
        var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var rows = new List<Row>();
        while (await csv.ReadAsync(cancellationToken))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                fields[header[i]] = i < csv.FieldCount ? csv.GetString(i).Trim() : "";
            }
            if (fields.Values.All(v => v.Length == 0))
            {
                continue;
            }
            if (csv.FieldCount > header.Length && Enumerable.Range(header.Length, csv.FieldCount - header.Length).Any(i => csv.GetString(i).Trim().Length > 0))
            {
                rows.Add(new Row(csv.LineNumber, fields, $"rad {csv.LineNumber}: {csv.FieldCount} felt, men overskriften har {header.Length} kolonner (skilletegn i en verdi uten anførselstegn?)"));
                continue;
            }
            rows.Add(new Row(csv.LineNumber, fields));
        }
        return new CsvTable(name, header, rows);
    }

    public bool HasHeader => Header.Any(h => h.Length > 0);

    /// <summary>Fails unless the header is non-empty, names only <paramref name="known"/> columns, each once, and all of <paramref name="required"/>.</summary>
    public void RequireColumns(IReadOnlyList<string> known, IReadOnlyList<string> required, Func<string, Exception> fail)
    {
        if (!HasHeader)
        {
            throw fail($"{FileName}: filen er tom; første rad skal være kolonnenavnene ({string.Join(", ", known)})");
        }
        var unknown = Header.Where(h => !known.Contains(h)).ToArray();
        if (unknown.Length > 0)
        {
            throw fail($"{FileName}: rad 1: ukjent kolonne {string.Join(", ", unknown.Select(u => $"'{u}'"))}; kjente kolonner er {string.Join(", ", known)}");
        }
        var duplicate = Header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw fail($"{FileName}: rad 1: kolonnen '{duplicate.Key}' står to ganger");
        }
        var missing = required.Where(r => !Header.Contains(r)).ToArray();
        if (missing.Length > 0)
        {
            throw fail($"{FileName}: rad 1: kolonnen {string.Join(", ", missing.Select(m => $"'{m}'"))} mangler");
        }
    }

    /// <summary>The message for a file with bad rows: their count and the first <paramref name="listed"/> of them.</summary>
    public static string RowErrorsMessage(string fileName, IReadOnlyList<string> errors, int listed) =>
        $"{fileName}: {errors.Count} ugyldige rader, ingenting er importert: {string.Join("; ", errors.Take(listed))}"
        + (errors.Count > listed ? $"; og {errors.Count - listed} til" : "");
}

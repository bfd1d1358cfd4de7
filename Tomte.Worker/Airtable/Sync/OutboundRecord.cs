using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Tomte.Worker.Airtable.Schema;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>Keys of the records a link field points at; turned into record ids only when sent.</summary>
public sealed record LinkKeys(IReadOnlyList<string> Keys);

/// <summary>
/// A record the sync would send, keyed by its table's key field. It can only be built through
/// <see cref="Builder"/>, which refuses every field the worker does not own: this is the one place
/// field ownership is enforced for everything that leaves Tomte (the sync and the CSV export).
/// </summary>
public sealed class OutboundRecord
{
    private readonly SortedDictionary<string, object?> _fields;

    private OutboundRecord(TableSpec table, string key, SortedDictionary<string, object?> fields)
    {
        Table = table;
        Key = key;
        _fields = fields;
        ContentHash = Hash(fields);
    }

    public TableSpec Table { get; }

    public string Key { get; }

    /// <summary>Field name → value: string, decimal, long, bool, DateOnly, <see cref="LinkKeys"/> or null (empty).</summary>
    public IReadOnlyDictionary<string, object?> Fields => _fields;

    /// <summary>SHA-256 of the canonical JSON of the worker's fields (link targets by key), in hex.</summary>
    public string ContentHash { get; }

    /// <summary>The site's map, uploaded separately as an attachment.</summary>
    public byte[]? Attachment { get; init; }

    /// <summary>The attachment's file name (its extension gives the content type); the key + ".png" when null.</summary>
    public string? AttachmentFileName { get; init; }

    public static Builder For(TableSpec table, string key) => new(table, key);

    public sealed class Builder
    {
        private readonly TableSpec _table;
        private readonly string _key;
        private readonly SortedDictionary<string, object?> _fields = new(StringComparer.Ordinal);

        internal Builder(TableSpec table, string key)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException($"An Airtable record for {table.Name} needs a {table.Key.Name}.", nameof(key));
            }
            _table = table;
            _key = key;
            _fields[table.Key.Name] = key;
        }

        public Builder Set(string field, object? value)
        {
            var spec = _table.Field(field)
                ?? throw new InvalidOperationException($"Airtable table {_table.Name} has no field '{field}' in Tomte's schema.");
            if (!spec.WorkerWrites)
            {
                throw new InvalidOperationException(
                    $"Airtable field {_table.Name}.{field} is {(spec.Owner == FieldOwner.Team ? "owned by the team" : "not writable")}; the worker never writes it.");
            }
            if (spec == _table.Key)
            {
                throw new InvalidOperationException($"{_table.Name}.{field} is the key; it is set from the record's key.");
            }
            _fields[field] = value switch
            {
                null or string or decimal or long or bool or DateOnly or LinkKeys => value,
                int i => (long)i,
                double d => (decimal)d,
                _ => throw new ArgumentException($"{_table.Name}.{field}: values of type {value.GetType().Name} are not supported.", nameof(value)),
            };
            return this;
        }

        public OutboundRecord Build(byte[]? attachment = null, string? attachmentFileName = null) =>
            new(_table, _key, _fields) { Attachment = attachment, AttachmentFileName = attachmentFileName };
    }

    private static string Hash(SortedDictionary<string, object?> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                json.WritePropertyName(name);
                WriteCanonical(json, value);
            }
            json.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case decimal d: json.WriteStringValue(d.ToString("G29", CultureInfo.InvariantCulture)); break;
            case long l: json.WriteNumberValue(l); break;
            case bool b: json.WriteBooleanValue(b); break;
            case DateOnly date: json.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case LinkKeys links:
                json.WriteStartArray();
                foreach (var key in links.Keys.Order(StringComparer.Ordinal))
                {
                    json.WriteStringValue(key);
                }
                json.WriteEndArray();
                break;
            default: throw new InvalidOperationException($"Unsupported value {value.GetType().Name}.");
        }
    }

    /// <summary>The value as Airtable shows it in a CSV import: links as comma-joined keys.</summary>
    public static string CsvText(object? value) => value switch
    {
        null => "",
        string s => s,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "checked" : "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        LinkKeys links => string.Join(",", links.Keys),
        _ => throw new InvalidOperationException($"Unsupported value {value.GetType().Name}."),
    };
}

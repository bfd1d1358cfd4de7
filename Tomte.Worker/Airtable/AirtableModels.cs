using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tomte.Worker.Airtable;

/// <summary>
/// A record as Airtable returns it. Empty values (null, "", [], false) are absent from <see cref="Fields"/>,
/// exactly as Airtable omits them; values of field types this code does not know stay raw JSON.
/// </summary>
public sealed record AirtableRecord(string Id, DateTimeOffset CreatedTime, IReadOnlyDictionary<string, JsonElement> Fields)
{
    public bool Has(string field) => Fields.ContainsKey(field);

    /// <summary>Text of a text, select, date or similar field; null when absent.</summary>
    public string? GetString(string field) => Fields.TryGetValue(field, out var value) ? value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    } : null;

    public double? GetNumber(string field) =>
        Fields.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>A checkbox: Airtable leaves an unticked box out of the response, so absent means false.</summary>
    public bool GetCheckbox(string field) =>
        Fields.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.True;

    public DateTimeOffset? GetDateTime(string field) =>
        Fields.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed : null;

    /// <summary>Strings of a multiple select, a link field (record ids) or a lookup; empty when absent.</summary>
    public IReadOnlyList<string> GetStrings(string field) =>
        Fields.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}

/// <summary>A write to an existing record: only the given fields change (PATCH semantics).</summary>
public sealed record AirtableRecordUpdate(string Id, JsonObject Fields);

/// <summary>The outcome of an upsert: records in request order, and which ids were created or updated.</summary>
public sealed record AirtableUpsertResult(IReadOnlyList<AirtableRecord> Records, IReadOnlyList<string> CreatedRecordIds, IReadOnlyList<string> UpdatedRecordIds);

public enum AirtableSortDirection { Ascending, Descending }

public sealed record AirtableSort(string Field, AirtableSortDirection Direction = AirtableSortDirection.Ascending);

/// <summary>Parameters of a record listing; all optional.</summary>
public sealed record ListOptions
{
    /// <summary>Only these fields are returned (by name or id).</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    public string? FilterByFormula { get; init; }

    public string? View { get; init; }

    public IReadOnlyList<AirtableSort>? Sort { get; init; }

    /// <summary>Records per page, 1–100 (Airtable's maximum, and the default here).</summary>
    public int PageSize { get; init; } = AirtableClient.MaxPageSize;

    /// <summary>Stop after this many records in all.</summary>
    public int? MaxRecords { get; init; }

    /// <summary>Key <see cref="AirtableRecord.Fields"/> by field id instead of name (survives renames).</summary>
    public bool ReturnFieldsByFieldId { get; init; }
}

public sealed record AirtableBaseSchema(IReadOnlyList<AirtableTable> Tables)
{
    public AirtableTable? FindTable(string idOrName) =>
        Tables.FirstOrDefault(t => t.Id == idOrName) ?? Tables.FirstOrDefault(t => t.Name == idOrName);
}

public sealed record AirtableTable(string Id, string Name, string PrimaryFieldId, string? Description, IReadOnlyList<AirtableField> Fields, IReadOnlyList<AirtableView> Views)
{
    public AirtableField? FindField(string idOrName) =>
        Fields.FirstOrDefault(f => f.Id == idOrName) ?? Fields.FirstOrDefault(f => f.Name == idOrName);
}

/// <summary>A field of the schema; <see cref="Options"/> stays raw JSON because its shape depends on <see cref="Type"/>.</summary>
public sealed record AirtableField(string Id, string Name, string Type, string? Description, JsonElement? Options);

public sealed record AirtableView(string Id, string Name, string Type);

/// <summary>A field to create through the Metadata API; <paramref name="Options"/> as Airtable's field model documents it.</summary>
public sealed record NewAirtableField(string Name, string Type, string? Description = null, JsonObject? Options = null);

/// <summary>A table to create; its first field becomes the primary field.</summary>
public sealed record NewAirtableTable(string Name, IReadOnlyList<NewAirtableField> Fields, string? Description = null);

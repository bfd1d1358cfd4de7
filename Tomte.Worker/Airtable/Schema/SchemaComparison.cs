using System.Text.Json;

namespace Tomte.Worker.Airtable.Schema;

/// <summary>
/// How the base differs from <see cref="TomteSchema"/>: what is missing (set-up creates it) and what the team
/// changed (drift: reported, never undone, because the worker does not delete or rename the team's work).
/// </summary>
public sealed record SchemaComparison(
    IReadOnlyList<TableSpec> MissingTables,
    IReadOnlyList<(TableSpec Table, FieldSpec Field)> MissingFields,
    IReadOnlyList<SchemaDrift> Drift)
{
    public bool IsComplete => MissingTables.Count == 0 && MissingFields.Count == 0;

    /// <summary>Marker in a table's description, so a table the team renamed is recognised.</summary>
    public static string TableMarker(TableSpec table) => $"[tomte:{table.Name}]".ToLowerInvariant();

    public static SchemaComparison Compare(AirtableBaseSchema schema)
    {
        var missingTables = new List<TableSpec>();
        var missingFields = new List<(TableSpec, FieldSpec)>();
        var drift = new List<SchemaDrift>();
        foreach (var spec in TomteSchema.Tables)
        {
            var table = schema.Tables.FirstOrDefault(t => t.Name == spec.Name);
            if (table is null)
            {
                var renamed = schema.Tables.FirstOrDefault(t => t.Description?.Contains(TableMarker(spec), StringComparison.Ordinal) == true);
                if (renamed is null)
                {
                    missingTables.Add(spec);
                }
                else
                {
                    drift.Add(new SchemaDrift(spec.Name, null, $"tabellen er omdøpt til «{renamed.Name}»; gi den navnet «{spec.Name}» igjen, ellers kan ikke Tomte synkronisere den"));
                }
                continue;
            }
            CompareFields(spec, table, schema, missingFields, drift);
        }
        return new SchemaComparison(missingTables, missingFields, drift);
    }

    private static void CompareFields(TableSpec spec, AirtableTable table, AirtableBaseSchema schema, List<(TableSpec, FieldSpec)> missing, List<SchemaDrift> drift)
    {
        foreach (var field in spec.Fields)
        {
            var actual = table.Fields.FirstOrDefault(f => f.Name == field.Name);
            if (actual is null)
            {
                var renamed = table.Fields.FirstOrDefault(f => f.Description?.Contains(field.Marker(spec.Name), StringComparison.Ordinal) == true);
                if (renamed is not null)
                {
                    drift.Add(new SchemaDrift(spec.Name, field.Name, $"feltet er omdøpt til «{renamed.Name}»; gi det navnet «{field.Name}» igjen"));
                }
                else
                {
                    missing.Add((spec, field));
                }
                continue;
            }
            if (actual.Type != field.Type)
            {
                drift.Add(new SchemaDrift(spec.Name, field.Name, $"feltet har typen {actual.Type}, Tomte venter {field.Type}; endre typen tilbake eller gi feltet et annet navn, så oppretter 'tomte airtable setup' det på nytt"));
                continue;
            }
            if (field.Type == "multipleRecordLinks" && field.LinkedTable is not null)
            {
                var linked = LinkedTableId(actual);
                var expected = schema.Tables.FirstOrDefault(t => t.Name == field.LinkedTable)?.Id;
                if (linked is not null && expected is not null && linked != expected)
                {
                    drift.Add(new SchemaDrift(spec.Name, field.Name, $"feltet lenker til en annen tabell enn {field.LinkedTable}"));
                }
            }
            if (field.Type == "singleSelect")
            {
                var choices = Choices(actual);
                var absent = Choices(field).Where(c => !choices.Contains(c)).ToArray();
                if (absent.Length > 0)
                {
                    drift.Add(new SchemaDrift(spec.Name, field.Name, $"valgene {string.Join(", ", absent.Select(c => $"«{c}»"))} mangler; legg dem til igjen i Airtable"));
                }
            }
        }
    }

    public static string? LinkedTableId(AirtableField field) =>
        field.Options is { ValueKind: JsonValueKind.Object } options && options.TryGetProperty("linkedTableId", out var id) ? id.GetString() : null;

    private static HashSet<string> Choices(AirtableField field)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (field.Options is { ValueKind: JsonValueKind.Object } options && options.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.TryGetProperty("name", out var name) && name.GetString() is { } text)
                {
                    result.Add(text);
                }
            }
        }
        return result;
    }

    private static IEnumerable<string> Choices(FieldSpec field) =>
        field.Options?["choices"]?.AsArray().Select(c => c!["name"]!.GetValue<string>()) ?? [];
}

/// <summary>A difference the team made; <see cref="Field"/> is null when it is about the whole table.</summary>
public sealed record SchemaDrift(string Table, string? Field, string Description)
{
    public override string ToString() => Field is null ? $"{Table}: {Description}" : $"{Table}.{Field}: {Description}";
}

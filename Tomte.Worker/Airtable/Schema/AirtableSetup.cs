using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Worker.Airtable.Schema;

/// <summary>
/// <c>tomte airtable setup</c>: creates the tables and fields of <see cref="TomteSchema"/> that the base lacks
/// (plain fields first, then links once every table exists, then the last-modified-time fields that need the
/// ids of the fields they watch), and reports drift. It never deletes, renames or retypes anything.
/// </summary>
public sealed class AirtableSetup(AirtableClient client, ILogger<AirtableSetup> logger)
{
    public sealed record Report(IReadOnlyList<string> CreatedTables, IReadOnlyList<string> CreatedFields, IReadOnlyList<SchemaDrift> Drift)
    {
        public bool NoChanges => CreatedTables.Count == 0 && CreatedFields.Count == 0;
    }

    public async Task<Report> RunAsync(CancellationToken cancellationToken)
    {
        var createdTables = new List<string>();
        var createdFields = new List<string>();
        var problems = new List<SchemaDrift>();

        var schema = await client.GetBaseSchemaAsync(cancellationToken);
        foreach (var spec in SchemaComparison.Compare(schema).MissingTables)
        {
            var fields = spec.Fields.Where(IsPlain).Select(f => NewField(spec, f, f.Options)).ToArray();
            await client.CreateTableAsync(new NewAirtableTable(spec.Name, fields, $"{spec.Description} {SchemaComparison.TableMarker(spec)}"), cancellationToken);
            createdTables.Add(spec.Name);
            logger.TableCreated(spec.Name);
        }

        // Links need every table to exist; an inverse link appears with the link it belongs to.
        schema = createdTables.Count > 0 ? await client.GetBaseSchemaAsync(cancellationToken) : schema;
        foreach (var (spec, field) in SchemaComparison.Compare(schema).MissingFields.Where(m => m.Field.Type != "lastModifiedTime" && m.Field.InverseOf is null))
        {
            var table = schema.FindTable(spec.Name)!;
            var options = field.Options;
            if (field.Type == "multipleRecordLinks")
            {
                options = new JsonObject { ["linkedTableId"] = schema.FindTable(field.LinkedTable!)!.Id };
            }
            await client.CreateFieldAsync(table.Id, NewField(spec, field, options), cancellationToken);
            createdFields.Add($"{spec.Name}.{field.Name}");
            logger.FieldCreated(spec.Name, field.Name, field.Type);
        }

        schema = createdFields.Count > 0 || createdTables.Count > 0 ? await client.GetBaseSchemaAsync(cancellationToken) : schema;
        foreach (var (spec, field) in SchemaComparison.Compare(schema).MissingFields)
        {
            var table = schema.FindTable(spec.Name)!;
            if (field.InverseOf is { } inverse)
            {
                problems.Add(new SchemaDrift(spec.Name, field.Name,
                    $"lenkefeltet mangler; Airtable lager det sammen med {inverse.Table}.{inverse.Field} – har teamet slettet eller omdøpt det?"));
                continue;
            }
            var watched = field.Watches.Select(name => table.FindField(name)).ToArray();
            if (watched.Any(w => w is null))
            {
                problems.Add(new SchemaDrift(spec.Name, field.Name, "kan ikke opprettes før feltene det skal se på finnes"));
                continue;
            }
            var options = new JsonObject
            {
                ["referencedFieldIds"] = new JsonArray(watched.Select(w => (JsonNode)JsonValue.Create(w!.Id)).ToArray()),
            };
            await client.CreateFieldAsync(table.Id, NewField(spec, field, options), cancellationToken);
            createdFields.Add($"{spec.Name}.{field.Name}");
            logger.FieldCreated(spec.Name, field.Name, field.Type);
        }

        if (createdFields.Count > 0 || createdTables.Count > 0)
        {
            schema = await client.GetBaseSchemaAsync(cancellationToken);
        }
        var drift = SchemaComparison.Compare(schema).Drift.Concat(problems).ToArray();
        foreach (var item in drift)
        {
            logger.Drift(item.Table, item.Field ?? "(tabell)", item.Description);
        }
        return new Report(createdTables, createdFields, drift);
    }

    private static bool IsPlain(FieldSpec field) => field.Type is not ("multipleRecordLinks" or "lastModifiedTime");

    private static NewAirtableField NewField(TableSpec table, FieldSpec field, JsonObject? options)
    {
        var owner = field.Owner switch
        {
            FieldOwner.Team => "Teamets felt: Tomte leser det, men skriver det aldri.",
            FieldOwner.Worker => "Fylles av Tomte; endringer her blir overskrevet ved neste synkronisering.",
            _ => "Beregnes av Airtable.",
        };
        return new NewAirtableField(field.Name, field.Type, $"{owner} {field.Marker(table.Name)}", options?.DeepClone().AsObject());
    }
}

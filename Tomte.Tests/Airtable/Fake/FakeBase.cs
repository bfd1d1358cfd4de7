using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tomte.Tests.Airtable.Fake;

/// <summary>An error the fake answers with, in Airtable's shapes.</summary>
internal sealed class FakeError(int status, string type, string? message, bool typeAsString = false) : Exception(message ?? type)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? ErrorMessage { get; } = message;

    /// <summary>Airtable's quirk on unknown bases: {"error":"NOT_FOUND"} with a string instead of an object.</summary>
    public bool TypeAsString { get; } = typeAsString;

    public JsonObject Body() => TypeAsString
        ? new JsonObject { ["error"] = Type }
        : new JsonObject { ["error"] = ErrorMessage is null ? new JsonObject { ["type"] = Type } : new JsonObject { ["type"] = Type, ["message"] = ErrorMessage } };

    public static FakeError Invalid(string type, string message) => new(422, type, message);
}

internal static class FakeIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(string prefix) =>
        prefix + new string(Enumerable.Range(0, 14).Select(_ => Alphabet[Random.Shared.Next(Alphabet.Length)]).ToArray());

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}

/// <summary>One base of the fake: tables with fields and records, held in memory.</summary>
public sealed class FakeBase
{
    internal FakeBase(FakeAirtable server, string id, string name)
    {
        Server = server;
        Id = id;
        Name = name;
    }

    public string Id { get; }

    public string Name { get; }

    internal FakeAirtable Server { get; }

    internal List<FakeTable> TableList { get; } = [];

    public IReadOnlyList<FakeTable> Tables
    {
        get
        {
            lock (Server.Gate)
            {
                return [.. TableList];
            }
        }
    }

    /// <summary>The table with this id or name; throws when there is none.</summary>
    public FakeTable Table(string idOrName)
    {
        lock (Server.Gate)
        {
            return FindTable(idOrName) ?? throw new KeyNotFoundException($"The fake base {Id} has no table '{idOrName}'.");
        }
    }

    internal FakeTable? FindTable(string idOrName) =>
        TableList.FirstOrDefault(t => t.Id == idOrName) ?? TableList.FirstOrDefault(t => t.Name == idOrName);

    /// <summary>
    /// Adds a table the way the team would in the Airtable UI: any field type, computed ones included
    /// (formula, autoNumber, createdTime, lastModifiedTime, ...), unlike the Metadata API. Fields are
    /// Metadata-API field objects, e.g. from <see cref="FakeFields"/>; the first is the primary field.
    /// </summary>
    public FakeTable AddTable(string name, params JsonObject[] fields)
    {
        lock (Server.Gate)
        {
            return CreateTable(name, null, fields, asTeam: true);
        }
    }

    internal FakeTable CreateTable(string name, string? description, IReadOnlyList<JsonObject> fields, bool asTeam)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: a table needs a name.");
        }
        if (FindTable(name) is not null)
        {
            throw FakeError.Invalid("DUPLICATE_TABLE_NAME", $"A table named \"{name}\" already exists in this base.");
        }
        if (fields.Count == 0)
        {
            throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: a table needs at least one field.");
        }
        var primaryType = (string?)fields[0]["type"];
        if (primaryType is "multipleRecordLinks" or "multipleAttachments" or "checkbox" or "multipleSelects" or "multipleCollaborators" or "button")
        {
            throw FakeError.Invalid("INVALID_FIELD_TYPE_FOR_PRIMARY", $"A field of type {primaryType} cannot be the primary field.");
        }
        var table = new FakeTable(this, FakeIds.New("tbl"), name, description);
        TableList.Add(table);
        try
        {
            foreach (var field in fields)
            {
                table.CreateField(field, asTeam);
            }
        }
        catch
        {
            TableList.Remove(table);
            throw;
        }
        table.PrimaryFieldId = table.FieldList[0].Id;
        return table;
    }

    internal JsonObject RenderSchema() => new()
    {
        ["tables"] = new JsonArray([.. TableList.Select(t => (JsonNode)t.RenderSchema())]),
    };
}

/// <summary>A field as the Metadata API describes it.</summary>
public sealed class FakeField
{
    internal FakeField(string id, string name, string type, string? description, JsonObject? options)
    {
        Id = id;
        Name = name;
        Type = type;
        Description = description;
        Options = options;
    }

    public string Id { get; }

    public string Name { get; internal set; }

    public string Type { get; internal set; }

    public string? Description { get; internal set; }

    public JsonObject? Options { get; internal set; }

    internal static readonly HashSet<string> ComputedTypes = new(StringComparer.Ordinal)
    {
        "formula", "rollup", "count", "lookup", "multipleLookupValues", "autoNumber", "createdTime",
        "lastModifiedTime", "createdBy", "lastModifiedBy", "button", "externalSyncSource", "aiText",
    };

    /// <summary>Types the Metadata API refuses to create (the team can still add them in the UI).</summary>
    internal static readonly HashSet<string> NotCreatableTypes = new(StringComparer.Ordinal)
    {
        "formula", "rollup", "count", "lookup", "multipleLookupValues", "autoNumber", "createdBy",
        "lastModifiedBy", "button", "externalSyncSource", "aiText",
    };

    internal static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "singleLineText", "email", "url", "multilineText", "number", "percent", "currency", "singleSelect",
        "multipleSelects", "singleCollaborator", "multipleCollaborators", "multipleRecordLinks", "date", "dateTime",
        "phoneNumber", "multipleAttachments", "checkbox", "formula", "createdTime", "rollup", "count", "lookup",
        "multipleLookupValues", "autoNumber", "barcode", "rating", "richText", "duration", "lastModifiedTime",
        "button", "createdBy", "lastModifiedBy", "externalSyncSource", "aiText",
    };

    public bool IsComputed => ComputedTypes.Contains(Type);

    internal JsonObject Render()
    {
        var field = new JsonObject { ["type"] = Type, ["id"] = Id, ["name"] = Name };
        if (Description is not null)
        {
            field["description"] = Description;
        }
        if (Options is not null)
        {
            field["options"] = Options.DeepClone();
        }
        return field;
    }
}

/// <summary>What tests see of a record: values by field name, empty ones absent, as the API returns them.</summary>
public sealed record FakeRecordSnapshot(string Id, DateTimeOffset CreatedTime, IReadOnlyDictionary<string, JsonNode> Fields)
{
    public string? Text(string field) => Fields.TryGetValue(field, out var value) ? value.ToString() : null;
}

internal sealed class FakeRecord(string id, DateTimeOffset createdTime)
{
    public string Id { get; } = id;
    public DateTimeOffset CreatedTime { get; } = createdTime;

    /// <summary>Values by field id; an empty value is never stored.</summary>
    public Dictionary<string, JsonNode> Values { get; } = new(StringComparer.Ordinal);
}

/// <summary>Helpers that build Metadata-API field objects for <see cref="FakeBase.AddTable"/>.</summary>
public static class FakeFields
{
    public static JsonObject Field(string name, string type, JsonObject? options = null, string? description = null)
    {
        var field = new JsonObject { ["name"] = name, ["type"] = type };
        if (options is not null)
        {
            field["options"] = options;
        }
        if (description is not null)
        {
            field["description"] = description;
        }
        return field;
    }

    public static JsonObject Text(string name) => Field(name, "singleLineText");

    public static JsonObject LongText(string name) => Field(name, "multilineText");

    public static JsonObject Number(string name, int precision = 0) => Field(name, "number", new JsonObject { ["precision"] = precision });

    public static JsonObject Checkbox(string name) => Field(name, "checkbox", new JsonObject { ["icon"] = "check", ["color"] = "greenBright" });

    public static JsonObject Date(string name) => Field(name, "date", new JsonObject { ["dateFormat"] = new JsonObject { ["name"] = "iso" } });

    public static JsonObject DateTime(string name) => Field(name, "dateTime", new JsonObject
    {
        ["dateFormat"] = new JsonObject { ["name"] = "iso" },
        ["timeFormat"] = new JsonObject { ["name"] = "24hour" },
        ["timeZone"] = "Europe/Oslo",
    });

    public static JsonObject SingleSelect(string name, params string[] choices) =>
        Field(name, "singleSelect", new JsonObject { ["choices"] = new JsonArray([.. choices.Select(c => (JsonNode)new JsonObject { ["name"] = c })]) });

    public static JsonObject MultipleSelects(string name, params string[] choices) =>
        Field(name, "multipleSelects", new JsonObject { ["choices"] = new JsonArray([.. choices.Select(c => (JsonNode)new JsonObject { ["name"] = c })]) });

    public static JsonObject Link(string name, string linkedTableId) =>
        Field(name, "multipleRecordLinks", new JsonObject { ["linkedTableId"] = linkedTableId });

    public static JsonObject Attachments(string name) => Field(name, "multipleAttachments");

    /// <summary>A last-modified-time field that changes only when one of <paramref name="watchedFields"/> changes (all editable fields when none are named).</summary>
    public static JsonObject LastModifiedTime(string name, params string[] watchedFields) =>
        Field(name, "lastModifiedTime", watchedFields.Length == 0 ? null : new JsonObject { ["fieldIdsOrNames"] = new JsonArray([.. watchedFields.Select(f => (JsonNode)f)]) });

    /// <summary>A computed field the fake does not evaluate (formula, autoNumber, createdTime, ...): writing it is refused.</summary>
    public static JsonObject Computed(string name, string type) => Field(name, type);
}

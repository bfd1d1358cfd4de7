using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tomte.Tests.Airtable.Fake;

/// <summary>One table of the fake: schema, records, and Airtable's rules for values written to them.</summary>
public sealed class FakeTable
{
    private readonly Dictionary<string, FakeRecord> _byId = new(StringComparer.Ordinal);
    private int _autoNumber;

    internal FakeTable(FakeBase owner, string id, string name, string? description)
    {
        Base = owner;
        Id = id;
        Name = name;
        Description = description;
        Views.Add(new JsonObject { ["id"] = FakeIds.New("viw"), ["name"] = "Grid view", ["type"] = "grid" });
    }

    public string Id { get; }

    public string Name { get; internal set; }

    public string? Description { get; }

    public string PrimaryFieldId { get; internal set; } = "";

    internal FakeBase Base { get; }

    internal List<FakeField> FieldList { get; } = [];

    internal List<FakeRecord> RecordList { get; } = [];

    internal List<JsonObject> Views { get; } = [];

    private object Gate => Base.Server.Gate;

    private TimeProvider Time => Base.Server.Options.TimeProvider;

    public IReadOnlyList<FakeField> Fields
    {
        get
        {
            lock (Gate)
            {
                return [.. FieldList];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (Gate)
            {
                return RecordList.Count;
            }
        }
    }

    /// <summary>A copy of every record, values keyed by field name, in creation order.</summary>
    public IReadOnlyList<FakeRecordSnapshot> Records
    {
        get
        {
            lock (Gate)
            {
                return [.. RecordList.Select(Snapshot)];
            }
        }
    }

    public FakeRecordSnapshot Record(string recordId)
    {
        lock (Gate)
        {
            return Snapshot(_byId.GetValueOrDefault(recordId) ?? throw new KeyNotFoundException($"No record {recordId} in the fake table {Name}."));
        }
    }

    public FakeField Field(string idOrName)
    {
        lock (Gate)
        {
            return FindField(idOrName) ?? throw new KeyNotFoundException($"No field '{idOrName}' in the fake table {Name}.");
        }
    }

    /// <summary>A person edits a record in the Airtable UI: the same validation as the API, and last-modified-time fields move.</summary>
    public void EditAsTeam(string recordId, JsonObject fields)
    {
        lock (Gate)
        {
            var record = _byId.GetValueOrDefault(recordId) ?? throw new KeyNotFoundException($"No record {recordId} in the fake table {Name}.");
            var pending = new List<(FakeField, string)>();
            var values = PrepareFields(fields, typecast: true, pending);
            AddChoices(pending);
            Apply(record, values, replace: false);
        }
    }

    /// <summary>A person adds a record in the UI; returns its id.</summary>
    public string AddAsTeam(JsonObject fields)
    {
        lock (Gate)
        {
            var pending = new List<(FakeField, string)>();
            var values = PrepareFields(fields, typecast: true, pending);
            AddChoices(pending);
            return Create(values).Id;
        }
    }

    /// <summary>A person deletes a record in the UI.</summary>
    public void DeleteAsTeam(string recordId)
    {
        lock (Gate)
        {
            Delete(_byId.GetValueOrDefault(recordId) ?? throw new KeyNotFoundException($"No record {recordId} in the fake table {Name}."));
        }
    }

    /// <summary>A person renames a field in the UI (drift the worker must report, never undo).</summary>
    public void RenameField(string idOrName, string newName)
    {
        lock (Gate)
        {
            (FindField(idOrName) ?? throw new KeyNotFoundException($"No field '{idOrName}' in {Name}.")).Name = newName;
        }
    }

    /// <summary>A person changes a field's type in the UI; existing values are kept as they are.</summary>
    public void RetypeField(string idOrName, string newType, JsonObject? options = null)
    {
        lock (Gate)
        {
            var field = FindField(idOrName) ?? throw new KeyNotFoundException($"No field '{idOrName}' in {Name}.");
            field.Type = newType;
            field.Options = options;
        }
    }

    internal FakeField? FindField(string idOrName) =>
        FieldList.FirstOrDefault(f => f.Id == idOrName) ?? FieldList.FirstOrDefault(f => f.Name == idOrName);

    internal FakeRecord? FindRecord(string id) => _byId.GetValueOrDefault(id);

    // ---- schema -------------------------------------------------------------------------------------

    internal FakeField CreateField(JsonObject spec, bool asTeam)
    {
        var name = (string?)spec["name"];
        var type = (string?)spec["type"];
        var description = (string?)spec["description"];
        if (string.IsNullOrWhiteSpace(name))
        {
            throw FakeError.Invalid("INVALID_REQUEST_UNKNOWN", "Invalid request: a field needs a name.");
        }
        if (FieldList.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw FakeError.Invalid("DUPLICATE_OR_EMPTY_FIELD_NAME", $"Field name \"{name}\" is already used in table {Name}.");
        }
        if (type is null || !FakeField.KnownTypes.Contains(type))
        {
            throw FakeError.Invalid("INVALID_FIELD_TYPE", $"Unknown field type \"{type}\".");
        }
        if (!asTeam && FakeField.NotCreatableTypes.Contains(type))
        {
            throw FakeError.Invalid("UNSUPPORTED_FIELD_TYPE_FOR_CREATE", $"Creating fields of type {type} is not supported through the API.");
        }
        var options = spec["options"] as JsonObject;
        var stored = NormalizeOptions(name, type, options?.DeepClone().AsObject(), asTeam);
        var field = new FakeField(FakeIds.New("fld"), name, type, description, stored);
        FieldList.Add(field);
        if (type == "multipleRecordLinks")
        {
            AddInverseLink(field);
        }
        return field;
    }

    private JsonObject? NormalizeOptions(string name, string type, JsonObject? options, bool asTeam)
    {
        JsonObject Require()
        {
            if (options is null)
            {
                throw FakeError.Invalid("INVALID_FIELD_TYPE_OPTIONS", $"Field \"{name}\" of type {type} needs options.");
            }
            return options;
        }
        switch (type)
        {
            case "singleSelect" or "multipleSelects":
                var choices = Require()["choices"] as JsonArray ?? throw FakeError.Invalid("INVALID_FIELD_TYPE_OPTIONS", $"Field \"{name}\" needs options.choices.");
                var normalized = new JsonArray();
                foreach (var choice in choices)
                {
                    var choiceName = (string?)choice?["name"] ?? throw FakeError.Invalid("INVALID_FIELD_TYPE_OPTIONS", $"A choice of field \"{name}\" has no name.");
                    normalized.Add(new JsonObject { ["id"] = FakeIds.New("sel"), ["name"] = choiceName, ["color"] = (string?)choice?["color"] ?? "blueLight2" });
                }
                return new JsonObject { ["choices"] = normalized };
            case "number" or "currency" or "percent":
                if (!asTeam && Require()["precision"] is null)
                {
                    throw FakeError.Invalid("INVALID_FIELD_TYPE_OPTIONS", $"Field \"{name}\" of type {type} needs options.precision.");
                }
                return options ?? new JsonObject { ["precision"] = 0 };
            case "date":
                if (!asTeam && Require()["dateFormat"] is null)
                {
                    throw FakeError.Invalid("INVALID_FIELD_TYPE_OPTIONS", $"Field \"{name}\" of type date needs options.dateFormat.");
                }
                return options;
            case "dateTime":
                if (!asTeam && (Require()["dateFormat"] is null || options!["timeFormat"] is null || options["timeZone"] is null))
                {
                    throw FakeError.Invalid("INVALID_FIELD_TYPE_OPTIONS", $"Field \"{name}\" of type dateTime needs options.dateFormat, timeFormat and timeZone.");
                }
                return options;
            case "multipleRecordLinks":
                var linked = (string?)Require()["linkedTableId"];
                if (linked is null || Base.FindTable(linked) is null)
                {
                    throw FakeError.Invalid("INVALID_FIELD_TYPE_OPTIONS", $"Field \"{name}\" links to table \"{linked}\", which does not exist in this base.");
                }
                return new JsonObject
                {
                    ["linkedTableId"] = Base.FindTable(linked)!.Id,
                    ["isReversed"] = false,
                    ["prefersSingleRecordLink"] = (bool?)options!["prefersSingleRecordLink"] ?? false,
                };
            case "lastModifiedTime":
                var watched = (options?["referencedFieldIds"] ?? options?["fieldIdsOrNames"]) as JsonArray;
                JsonNode? ids = null;
                if (watched is not null)
                {
                    var resolved = new JsonArray();
                    foreach (var entry in watched)
                    {
                        var key = (string?)entry ?? "";
                        var target = FindField(key) ?? throw FakeError.Invalid("INVALID_FIELD_TYPE_OPTIONS", $"Field \"{name}\" watches \"{key}\", which is not a field of {Name}.");
                        resolved.Add(target.Id);
                    }
                    ids = resolved;
                }
                return new JsonObject
                {
                    ["isValid"] = true,
                    ["referencedFieldIds"] = ids,
                    ["result"] = new JsonObject
                    {
                        ["type"] = "dateTime",
                        ["options"] = new JsonObject
                        {
                            ["dateFormat"] = new JsonObject { ["name"] = "iso", ["format"] = "YYYY-MM-DD" },
                            ["timeFormat"] = new JsonObject { ["name"] = "24hour", ["format"] = "HH:mm" },
                            ["timeZone"] = "utc",
                        },
                    },
                };
            default:
                return options;
        }
    }

    private void AddInverseLink(FakeField field)
    {
        var other = Base.FindTable((string)field.Options!["linkedTableId"]!)!;
        var inverseName = Name;
        for (var i = 2; other.FieldList.Any(f => string.Equals(f.Name, inverseName, StringComparison.OrdinalIgnoreCase)); i++)
        {
            inverseName = $"{Name} {i}";
        }
        if (ReferenceEquals(other, this))
        {
            return;
        }
        var inverse = new FakeField(FakeIds.New("fld"), inverseName, "multipleRecordLinks", null, new JsonObject
        {
            ["linkedTableId"] = Id,
            ["isReversed"] = false,
            ["prefersSingleRecordLink"] = false,
            ["inverseLinkFieldId"] = field.Id,
        });
        other.FieldList.Add(inverse);
        field.Options["inverseLinkFieldId"] = inverse.Id;
    }

    internal JsonObject RenderSchema()
    {
        var table = new JsonObject
        {
            ["id"] = Id,
            ["name"] = Name,
            ["primaryFieldId"] = PrimaryFieldId,
        };
        if (Description is not null)
        {
            table["description"] = Description;
        }
        table["fields"] = new JsonArray([.. FieldList.Select(f => (JsonNode)RenderField(f))]);
        table["views"] = new JsonArray([.. Views.Select(v => v.DeepClone())]);
        return table;
    }

    internal JsonObject RenderField(FakeField field)
    {
        var rendered = field.Render();
        if (field.Type == "lastModifiedTime" && rendered["options"] is JsonObject options && options["referencedFieldIds"] is null)
        {
            options["referencedFieldIds"] = new JsonArray([.. FieldList.Where(f => !f.IsComputed).Select(f => (JsonNode)f.Id)]);
        }
        return rendered;
    }

    // ---- values -------------------------------------------------------------------------------------

    /// <summary>Checks and normalises the fields of one write; null marks a value that empties the cell.</summary>
    internal Dictionary<string, JsonNode?> PrepareFields(JsonObject fields, bool typecast, List<(FakeField Field, string Choice)> newChoices)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            var field = FindField(key) ?? throw FakeError.Invalid("UNKNOWN_FIELD_NAME", $"Unknown field name: \"{key}\"");
            if (field.IsComputed)
            {
                throw FakeError.Invalid("INVALID_VALUE_FOR_COLUMN", $"Field \"{field.Name}\" cannot accept a value because the field is computed");
            }
            values[field.Id] = Normalize(field, value, typecast, newChoices);
        }
        return values;
    }

    private JsonNode? Normalize(FakeField field, JsonNode? value, bool typecast, List<(FakeField Field, string Choice)> newChoices)
    {
        if (value is null || value.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }
        var kind = value.GetValueKind();
        FakeError Wrong() => FakeError.Invalid("INVALID_VALUE_FOR_COLUMN", $"Field \"{field.Name}\" cannot accept the provided value");
        switch (field.Type)
        {
            case "singleLineText" or "multilineText" or "richText" or "email" or "url" or "phoneNumber":
                var text = kind switch
                {
                    JsonValueKind.String => (string)value!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when typecast => value.ToJsonString(),
                    _ => throw Wrong(),
                };
                if (field.Type == "singleLineText" && text.Contains('\n', StringComparison.Ordinal) && !typecast)
                {
                    throw Wrong();
                }
                return text.Length == 0 ? null : JsonValue.Create(text);
            case "number" or "currency" or "percent" or "duration" or "rating":
                if (kind == JsonValueKind.Number)
                {
                    return JsonValue.Create(value.Deserialize<double>());
                }
                if (kind == JsonValueKind.String && typecast)
                {
                    var s = (string)value!;
                    return s.Length == 0 ? null
                        : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : throw Wrong();
                }
                throw Wrong();
            case "checkbox":
                return kind switch
                {
                    JsonValueKind.True => JsonValue.Create(true),
                    JsonValueKind.False => null,
                    JsonValueKind.String when typecast => (string)value! is "true" or "1" or "checked" ? JsonValue.Create(true) : null,
                    _ => throw Wrong(),
                };
            case "date":
                if (kind != JsonValueKind.String)
                {
                    throw Wrong();
                }
                var dateText = (string)value!;
                if (dateText.Length == 0)
                {
                    return null;
                }
                return DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                    ? JsonValue.Create(date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                    : throw Wrong();
            case "dateTime":
                if (kind == JsonValueKind.Number)
                {
                    return JsonValue.Create(FakeIds.Iso(DateTimeOffset.FromUnixTimeMilliseconds(value.Deserialize<long>())));
                }
                if (kind != JsonValueKind.String)
                {
                    throw Wrong();
                }
                var timeText = (string)value!;
                if (timeText.Length == 0)
                {
                    return null;
                }
                return DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    ? JsonValue.Create(FakeIds.Iso(time))
                    : throw Wrong();
            case "singleSelect":
                if (kind != JsonValueKind.String)
                {
                    throw Wrong();
                }
                var choice = (string)value!;
                if (choice.Length == 0)
                {
                    return null;
                }
                CheckChoice(field, choice, typecast, newChoices);
                return JsonValue.Create(choice);
            case "multipleSelects":
                if (kind == JsonValueKind.String && typecast)
                {
                    value = new JsonArray([.. ((string)value!).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => (JsonNode)c)]);
                }
                else if (kind != JsonValueKind.Array)
                {
                    throw Wrong();
                }
                var selected = new JsonArray();
                foreach (var item in value.AsArray())
                {
                    if (item?.GetValueKind() != JsonValueKind.String)
                    {
                        throw Wrong();
                    }
                    var name = (string)item!;
                    CheckChoice(field, name, typecast, newChoices);
                    if (!selected.Any(s => (string)s! == name))
                    {
                        selected.Add(name);
                    }
                }
                return selected.Count == 0 ? null : selected;
            case "multipleRecordLinks":
                if (kind != JsonValueKind.Array)
                {
                    throw Wrong();
                }
                var linkedTable = Base.FindTable((string)field.Options!["linkedTableId"]!)!;
                var links = new JsonArray();
                foreach (var item in value.AsArray())
                {
                    var id = item?.GetValueKind() switch
                    {
                        JsonValueKind.String => (string)item!,
                        JsonValueKind.Object => (string?)item!["id"],
                        _ => null,
                    } ?? throw Wrong();
                    if (linkedTable.FindRecord(id) is null)
                    {
                        throw FakeError.Invalid("ROW_DOES_NOT_EXIST", $"Record ID {id} does not exist in table {linkedTable.Name} (field \"{field.Name}\")");
                    }
                    if (!links.Any(l => (string)l! == id))
                    {
                        links.Add(id);
                    }
                }
                if (links.Count > 1 && (bool?)field.Options["prefersSingleRecordLink"] == true && !typecast)
                {
                    throw Wrong();
                }
                return links.Count == 0 ? null : links;
            case "multipleAttachments":
                if (kind != JsonValueKind.Array)
                {
                    throw Wrong();
                }
                var attachments = new JsonArray();
                foreach (var item in value.AsArray())
                {
                    if (item is not JsonObject attachment)
                    {
                        throw Wrong();
                    }
                    if ((string?)attachment["id"] is { } existing)
                    {
                        attachments.Add(attachment.DeepClone());
                        continue;
                    }
                    var url = (string?)attachment["url"];
                    if (!Uri.TryCreate(url, UriKind.Absolute, out _))
                    {
                        throw FakeError.Invalid("INVALID_ATTACHMENT_OBJECT", $"Field \"{field.Name}\": an attachment needs an absolute url.");
                    }
                    attachments.Add(new JsonObject
                    {
                        ["id"] = FakeIds.New("att"),
                        ["url"] = url,
                        ["filename"] = (string?)attachment["filename"] ?? url![(url!.LastIndexOf('/') + 1)..],
                    });
                }
                return attachments.Count == 0 ? null : attachments;
            default:
                // Types the fake does not model (collaborators, barcode, ...) keep what was sent.
                return kind is JsonValueKind.Array && value.AsArray().Count == 0 || kind is JsonValueKind.String && ((string)value!).Length == 0 ? null : value.DeepClone();
        }
    }

    private static void CheckChoice(FakeField field, string choice, bool typecast, List<(FakeField Field, string Choice)> newChoices)
    {
        var known = field.Options?["choices"] is JsonArray choices && choices.Any(c => (string?)c?["name"] == choice);
        if (known)
        {
            return;
        }
        if (!typecast)
        {
            throw FakeError.Invalid("INVALID_MULTIPLE_CHOICE_OPTIONS", $"Insufficient permissions to create new select option \"\"{choice}\"\"");
        }
        if (!newChoices.Contains((field, choice)))
        {
            newChoices.Add((field, choice));
        }
    }

    internal static void AddChoices(List<(FakeField Field, string Choice)> newChoices)
    {
        foreach (var (field, choice) in newChoices)
        {
            field.Options ??= new JsonObject { ["choices"] = new JsonArray() };
            var choices = field.Options["choices"] as JsonArray ?? [];
            field.Options["choices"] = choices;
            if (!choices.Any(c => (string?)c?["name"] == choice))
            {
                choices.Add(new JsonObject { ["id"] = FakeIds.New("sel"), ["name"] = choice, ["color"] = "grayLight2" });
            }
        }
    }

    // ---- writes -------------------------------------------------------------------------------------

    internal FakeRecord Create(Dictionary<string, JsonNode?> values)
    {
        var now = Time.GetUtcNow();
        var record = new FakeRecord(FakeIds.New("rec"), now);
        RecordList.Add(record);
        _byId[record.Id] = record;
        foreach (var field in FieldList)
        {
            if (field.Type == "autoNumber")
            {
                record.Values[field.Id] = ++_autoNumber;
            }
            else if (field.Type == "createdTime")
            {
                record.Values[field.Id] = FakeIds.Iso(now);
            }
        }
        Apply(record, values, replace: false, creating: true);
        return record;
    }

    /// <summary>Writes values (PATCH merges, PUT replaces every editable field) and keeps links and last-modified times right.</summary>
    internal void Apply(FakeRecord record, Dictionary<string, JsonNode?> values, bool replace, bool creating = false)
    {
        if (replace)
        {
            foreach (var field in FieldList.Where(f => !f.IsComputed && !values.ContainsKey(f.Id)))
            {
                values[field.Id] = null;
            }
        }
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (fieldId, value) in values)
        {
            var field = FieldList.First(f => f.Id == fieldId);
            record.Values.TryGetValue(fieldId, out var old);
            if (JsonNode.DeepEquals(old, value))
            {
                continue;
            }
            if (field.Type == "multipleRecordLinks")
            {
                UpdateInverse(record, field, old as JsonArray, value as JsonArray);
            }
            if (value is null)
            {
                record.Values.Remove(fieldId);
            }
            else
            {
                record.Values[fieldId] = value.DeepClone();
            }
            changed.Add(fieldId);
        }
        Touch(record, changed, creating);
    }

    private void Touch(FakeRecord record, HashSet<string> changed, bool creating)
    {
        if (changed.Count == 0 && !creating)
        {
            return;
        }
        var now = FakeIds.Iso(Time.GetUtcNow());
        foreach (var field in FieldList.Where(f => f.Type == "lastModifiedTime"))
        {
            var watched = field.Options?["referencedFieldIds"] as JsonArray;
            var hit = watched is null
                ? changed.Count > 0 || creating
                : watched.Any(w => changed.Contains((string)w!));
            if (hit)
            {
                record.Values[field.Id] = now;
            }
        }
    }

    private void UpdateInverse(FakeRecord record, FakeField field, JsonArray? oldLinks, JsonArray? newLinks)
    {
        var inverseId = (string?)field.Options?["inverseLinkFieldId"];
        var other = Base.FindTable((string)field.Options!["linkedTableId"]!);
        if (inverseId is null || other is null)
        {
            return;
        }
        var before = oldLinks?.Select(l => (string)l!).ToHashSet(StringComparer.Ordinal) ?? [];
        var after = newLinks?.Select(l => (string)l!).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var removed in before.Except(after))
        {
            if (other.FindRecord(removed) is { } target && target.Values.GetValueOrDefault(inverseId) is JsonArray list)
            {
                var kept = new JsonArray([.. list.Where(l => (string)l! != record.Id).Select(l => l!.DeepClone())]);
                if (kept.Count == 0)
                {
                    target.Values.Remove(inverseId);
                }
                else
                {
                    target.Values[inverseId] = kept;
                }
                other.Touch(target, [inverseId], creating: false);
            }
        }
        foreach (var added in after.Except(before))
        {
            if (other.FindRecord(added) is { } target)
            {
                var list = target.Values.GetValueOrDefault(inverseId) as JsonArray ?? [];
                list.Add(record.Id);
                target.Values[inverseId] = list;
                other.Touch(target, [inverseId], creating: false);
            }
        }
    }

    internal void Delete(FakeRecord record)
    {
        foreach (var field in FieldList.Where(f => f.Type == "multipleRecordLinks"))
        {
            if (record.Values.GetValueOrDefault(field.Id) is JsonArray links)
            {
                UpdateInverse(record, field, links, null);
            }
        }
        RecordList.Remove(record);
        _byId.Remove(record.Id);
    }

    // ---- reads --------------------------------------------------------------------------------------

    internal JsonObject Render(FakeRecord record, IReadOnlySet<string>? onlyFieldIds, bool byFieldId)
    {
        var fields = new JsonObject();
        foreach (var field in FieldList)
        {
            if (onlyFieldIds is not null && !onlyFieldIds.Contains(field.Id))
            {
                continue;
            }
            if (record.Values.TryGetValue(field.Id, out var value))
            {
                fields[byFieldId ? field.Id : field.Name] = value.DeepClone();
            }
        }
        return new JsonObject
        {
            ["id"] = record.Id,
            ["createdTime"] = FakeIds.Iso(record.CreatedTime),
            ["fields"] = fields,
        };
    }

    /// <summary>A cell as a formula sees it: text, number, true, or a list joined by ", ".</summary>
    internal object? FormulaValue(FakeRecord record, string fieldName)
    {
        var field = FindField(fieldName);
        if (field is null || !record.Values.TryGetValue(field.Id, out var value))
        {
            return null;
        }
        return value.GetValueKind() switch
        {
            JsonValueKind.String => (string)value!,
            JsonValueKind.Number => value.Deserialize<double>(),
            JsonValueKind.True => true,
            JsonValueKind.Array => string.Join(", ", value.AsArray().Select(v => v is JsonObject o ? (string?)o["filename"] ?? (string?)o["name"] ?? "" : v?.ToString() ?? "")),
            _ => value.ToJsonString(),
        };
    }

    private FakeRecordSnapshot Snapshot(FakeRecord record) => new(
        record.Id,
        record.CreatedTime,
        FieldList.Where(f => record.Values.ContainsKey(f.Id)).ToDictionary(f => f.Name, f => record.Values[f.Id].DeepClone(), StringComparer.Ordinal));
}

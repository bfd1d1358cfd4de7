using System.Text.Json.Nodes;

namespace Tomte.Worker.Airtable.Schema;

/// <summary>Who writes a field. The worker never writes a team field; computed fields are written by nobody.</summary>
public enum FieldOwner
{
    Worker,
    Team,
    Computed,
}

/// <summary>
/// One field Tomte expects in the base. <see cref="Options"/> is the Metadata API's create-field options
/// (link fields get <c>linkedTableId</c> filled in at set-up time). <see cref="InverseOf"/> names the link
/// field on the other table whose inverse this one is: Airtable creates it, and the sync never writes it.
/// </summary>
public sealed record FieldSpec(string Name, string Type, FieldOwner Owner, JsonObject? Options = null)
{
    public string? LinkedTable { get; init; }

    public (string Table, string Field)? InverseOf { get; init; }

    /// <summary>For a last-modified-time field: the fields it watches.</summary>
    public IReadOnlyList<string> Watches { get; init; } = [];

    /// <summary>Whether the sync puts this field in the records it sends.</summary>
    public bool WorkerWrites => Owner == FieldOwner.Worker && InverseOf is null;

    /// <summary>Marker in the field description, so set-up can recognise a field the team renamed.</summary>
    public string Marker(string table) => $"[tomte:{table}.{Name}]".ToLowerInvariant().Replace(' ', '_');
}

public sealed record TableSpec(string Name, string Description, IReadOnlyList<FieldSpec> Fields)
{
    /// <summary>The primary field, which is also the key the sync upserts on.</summary>
    public FieldSpec Key => Fields[0];

    public FieldSpec? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    public FieldSpec? LastModified => Fields.FirstOrDefault(f => f.Type == "lastModifiedTime");

    public IEnumerable<FieldSpec> TeamFields => Fields.Where(f => f.Owner == FieldOwner.Team);

    public IEnumerable<FieldSpec> WorkerWritten => Fields.Where(f => f.WorkerWrites);
}

/// <summary>
/// The Airtable base as Tomte expects it: tables, Norwegian field names, types, and who owns each field
/// (docs/DESIGN.md, "Airtable is the user interface"). Set-up creates what is missing from this; the sync and
/// the CSV export build their records from it; the read-back reads exactly its team fields.
/// </summary>
public static class TomteSchema
{
    public const string Tomter = "Tomter";
    public const string Eiendommer = "Eiendommer";
    public const string Grunneiere = "Grunneiere";
    public const string Aktiviteter = "Aktiviteter";
    public const string Kommuner = "Kommuner";
    public const string Systemstatus = "Systemstatus";
    public const string Meglere = "Meglere";
    public const string Innspill = "Innspill";

    /// <summary>Name of the last-modified-time field that watches only the team's fields.</summary>
    public const string TeamModifiedField = "Sist endret av teamet";

    public static readonly IReadOnlyList<string> TomtStatus = ["ny", "vurderes", "prioritert", "i dialog", "sikret", "forkastet"];

    /// <summary>Grunneier pipeline; outreach stops when an owner moves past "brev sendt".</summary>
    public static readonly IReadOnlyList<string> GrunneierStatus =
        ["ny", "klar", "brev sendt", "svar", "dialog", "møte", "LOI", "ikke interessert", "reservert"];

    public static readonly IReadOnlyList<string> Endring = ["ny", "endret", "uendret", "regulert", "borte"];

    /// <summary>A tip's assessment outcome: "feil" carries only Melding, the reason in Norwegian.</summary>
    public static readonly IReadOnlyList<string> InnspillStatus = ["vurdert", "feil"];

    public static readonly IReadOnlyList<TableSpec> Tables =
    [
        new(Tomter, "Tomter: kommuneplanens boligformål minus vedtatte reguleringsplaner, med score. Fylles av Tomte.",
        [
            Text("Tomte-ID", FieldOwner.Worker),
            Text("Kommune", FieldOwner.Worker),
            Number("Areal (daa)", 1),
            Number("Est. boliger", 0),
            Number("Score", 1),
            new("Scoreforklaring", "multilineText", FieldOwner.Worker),
            new("Konflikter", "multilineText", FieldOwner.Worker),
            new("Kart", "multipleAttachments", FieldOwner.Worker),
            new("Kartlenke", "url", FieldOwner.Worker),
            Text("Planstatus", FieldOwner.Worker),
            new("Plansignal", "multilineText", FieldOwner.Worker),
            Select("Endring", FieldOwner.Worker, Endring),
            Date("Sist sett", FieldOwner.Worker),
            new("Eiendommer", "multipleRecordLinks", FieldOwner.Worker) { LinkedTable = Eiendommer, InverseOf = (Eiendommer, "Tomter") },
            Select("Status", FieldOwner.Team, TomtStatus),
            Text("Ansvarlig", FieldOwner.Team),
            new("Notater", "multilineText", FieldOwner.Team),
            TeamModified("Status", "Ansvarlig", "Notater"),
            new("Innspill", "multipleRecordLinks", FieldOwner.Worker) { LinkedTable = Innspill, InverseOf = (Innspill, "Tomter") },
        ]),
        new(Eiendommer, "Eiendommer (matrikkelenheter) som dekker tomtene. Fylles av Tomte.",
        [
            Text("Matrikkelnummer", FieldOwner.Worker),
            new("Tomter", "multipleRecordLinks", FieldOwner.Worker) { LinkedTable = Tomter },
            new("Andel av tomt", "percent", FieldOwner.Worker, new JsonObject { ["precision"] = 1 }),
            new("Eiere", "multipleRecordLinks", FieldOwner.Worker) { LinkedTable = Grunneiere },
        ]),
        new(Grunneiere, "Grunneiere med kontaktdata og salgsløp. Tomte fyller kontaktdata; teamet eier status og godkjenning.",
        [
            Text("Eier-ID", FieldOwner.Worker),
            Text("Navn", FieldOwner.Worker),
            Select("Type", FieldOwner.Worker, ["person", "organisasjon"]),
            new("Adresse", "multilineText", FieldOwner.Worker),
            new("Eiendommer", "multipleRecordLinks", FieldOwner.Worker) { LinkedTable = Eiendommer, InverseOf = (Eiendommer, "Eiere") },
            Text("Kilde", FieldOwner.Worker),
            Date("Hentet dato", FieldOwner.Worker),
            Select("Status", FieldOwner.Team, GrunneierStatus),
            Checkbox("Samtykke e-post", FieldOwner.Team),
            Checkbox("Godkjent for utsending", FieldOwner.Team),
            Text("Neste handling", FieldOwner.Team),
            Text("Ansvarlig", FieldOwner.Team),
            new("Notater", "multilineText", FieldOwner.Team),
            TeamModified("Status", "Samtykke e-post", "Godkjent for utsending", "Neste handling", "Ansvarlig", "Notater"),
            Checkbox("E-post ugyldig", FieldOwner.Worker),
        ]),
        new(Aktiviteter, "Brev, e-post og telefonoppgaver per grunneier. Fylles av Tomte; teamet krysser av for utført.",
        [
            Text("Aktivitet-ID", FieldOwner.Worker),
            new("Grunneier", "multipleRecordLinks", FieldOwner.Worker) { LinkedTable = Grunneiere },
            Text("Steg", FieldOwner.Worker),
            Select("Kanal", FieldOwner.Worker, ["post", "epost", "telefon"]),
            Date("Dato", FieldOwner.Worker),
            Select("Status", FieldOwner.Worker, ["planlagt", "sendes", "sendt", "hoppet over", "feilet"]),
            new("Dokument", "multipleAttachments", FieldOwner.Worker),
            Text("Melding-ID", FieldOwner.Worker),
            Checkbox("Utført", FieldOwner.Team),
            TeamModified("Utført"),
            new("Årsak", "multilineText", FieldOwner.Worker),
            new("Manus", "multilineText", FieldOwner.Worker),
            Text("Ansvarlig", FieldOwner.Worker),
        ]),
        new(Kommuner, "Kommuner med nøkkeltall fra SSB. Teamet vurderer kommunal vilje (1–5), som går inn i scoren.",
        [
            Text("Kommunenummer", FieldOwner.Worker),
            Text("Navn", FieldOwner.Worker),
            new("SSB indikatorer", "multilineText", FieldOwner.Worker),
            Number("Folketall", 0),
            Number("Vekst 5 år (%)", 1),
            Number("Framskrevet 2030", 0),
            Number("Framskrevet 2040", 0),
            Number("Boligstart", 0),
            Number("Medianinntekt", 0),
            Number("Sentralitet", 0),
            Number("Kommunal vilje", 0, FieldOwner.Team),
            new("Notater", "multilineText", FieldOwner.Team),
            TeamModified("Kommunal vilje", "Notater"),
        ]),
        new(Systemstatus, "Jobbstatus, ferskhet per datakilde og salgstrakten. Fylles av Tomte.",
        [
            Text("Nøkkel", FieldOwner.Worker),
            Select("Kategori", FieldOwner.Worker, ["jobb", "datakilde", "trakt", "tjeneste"]),
            Text("Verdi", FieldOwner.Worker),
            Number("Tall", 1),
            DateTime("Sist kjørt", FieldOwner.Worker),
            Text("Utfall", FieldOwner.Worker),
            DateTime("Neste kjøring", FieldOwner.Worker),
            DateTime("Oppdatert", FieldOwner.Worker),
        ]),
        new(Meglere, "Meglere og andre som bringer tomter. Teamet legger inn navn, firma og kontakt; Tomte teller innspill og utfall.",
        [
            Text("Megler-ID", FieldOwner.Worker),
            Text("Navn", FieldOwner.Team),
            Text("Firma", FieldOwner.Team),
            Text("Kontakt", FieldOwner.Team),
            new("Innspill", "multipleRecordLinks", FieldOwner.Computed) { LinkedTable = Innspill, InverseOf = (Innspill, "Megler") },
            Number("Antall innspill", 0),
            Number("Kvalifiserte", 0),
            Number("Dialog eller LOI", 0),
            DateTime("Oppdatert", FieldOwner.Worker),
            TeamModified("Navn", "Firma", "Kontakt"),
        ]),
        new(Innspill, "Tomter meglere og teamet bringer. Teamet fyller matrikkelnummer, adresse eller polygon og megler; Tomte vurderer og skriver svaret.",
        [
            Text("Innspill-ID", FieldOwner.Worker),
            new("Matrikkelnummer", "multilineText", FieldOwner.Team),
            Text("Adresse", FieldOwner.Team),
            new("Polygon", "multilineText", FieldOwner.Team),
            new("Megler", "multipleRecordLinks", FieldOwner.Team) { LinkedTable = Meglere },
            new("Notater", "multilineText", FieldOwner.Team),
            Select("Status", FieldOwner.Worker, InnspillStatus),
            new("Melding", "multilineText", FieldOwner.Worker),
            Text("Kommune", FieldOwner.Worker),
            Number("Areal (daa)", 1),
            new("Sonert andel", "percent", FieldOwner.Worker, new JsonObject { ["precision"] = 0 }),
            Text("Formål", FieldOwner.Worker),
            new("Regulert andel", "percent", FieldOwner.Worker, new JsonObject { ["precision"] = 0 }),
            new("Planer under arbeid", "multilineText", FieldOwner.Worker),
            new("Konflikter", "multilineText", FieldOwner.Worker),
            Number("Score", 1),
            new("Scoreforklaring", "multilineText", FieldOwner.Worker),
            new("Kart", "multipleAttachments", FieldOwner.Worker),
            new("Eiere", "multilineText", FieldOwner.Worker),
            new("Tomter", "multipleRecordLinks", FieldOwner.Worker) { LinkedTable = Tomter },
            DateTime("Vurdert", FieldOwner.Worker),
            TeamModified("Matrikkelnummer", "Adresse", "Polygon", "Megler", "Notater"),
        ]),
    ];

    public static TableSpec Table(string name) =>
        Tables.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"No Airtable table '{name}' in Tomte's schema.", nameof(name));

    private static FieldSpec Text(string name, FieldOwner owner) => new(name, "singleLineText", owner);

    private static FieldSpec Number(string name, int precision, FieldOwner owner = FieldOwner.Worker) =>
        new(name, "number", owner, new JsonObject { ["precision"] = precision });

    private static FieldSpec Select(string name, FieldOwner owner, IEnumerable<string> choices) =>
        new(name, "singleSelect", owner, new JsonObject
        {
            ["choices"] = new JsonArray(choices.Select(c => (JsonNode)new JsonObject { ["name"] = c }).ToArray()),
        });

    private static FieldSpec Checkbox(string name, FieldOwner owner) =>
        new(name, "checkbox", owner, new JsonObject { ["icon"] = "check", ["color"] = "greenBright" });

    private static FieldSpec Date(string name, FieldOwner owner) =>
        new(name, "date", owner, new JsonObject { ["dateFormat"] = new JsonObject { ["name"] = "iso" } });

    private static FieldSpec DateTime(string name, FieldOwner owner) =>
        new(name, "dateTime", owner, new JsonObject
        {
            ["dateFormat"] = new JsonObject { ["name"] = "iso" },
            ["timeFormat"] = new JsonObject { ["name"] = "24hour" },
            ["timeZone"] = "Europe/Oslo",
        });

    private static FieldSpec TeamModified(params string[] watched) =>
        new(TeamModifiedField, "lastModifiedTime", FieldOwner.Computed) { Watches = watched };
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Outreach;

/// <summary>
/// A migrated database with one site in Ås, four owners on it (fictional), the team's Airtable fields as the read-back
/// stores them, and the worker's host on a <see cref="FakeTimeProvider"/> starting Monday 7 December 2026 10:00 in Oslo.
/// </summary>
internal sealed class OutreachTestBed : IAsyncDisposable
{
    /// <summary>A Monday inside the send window (Europe/Oslo is UTC+1 in December).</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private OutreachTestBed(PostgisDatabase database, IHost host, FakeTimeProvider time)
    {
        Database = database;
        Host = host;
        Time = time;
    }

    public PostgisDatabase Database { get; }

    public IHost Host { get; }

    public FakeTimeProvider Time { get; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public static IDictionary<string, string?> LetterSettings() => new Dictionary<string, string?>
    {
        ["Tomte:Letters:CompanyName"] = "Fjordbolig Utvikling AS",
        ["Tomte:Letters:OrganisationNumber"] = "999999999",
        ["Tomte:Letters:StreetAddress"] = "Brygga 3",
        ["Tomte:Letters:PostalCode"] = "1440",
        ["Tomte:Letters:PostalTown"] = "Drøbak",
        ["Tomte:Letters:Email"] = "post@fjordbolig.example",
        ["Tomte:Letters:Phone"] = "64 00 00 00",
        ["Tomte:Letters:OptOutAddress"] = "stopp@fjordbolig.example",
        ["Tomte:Letters:RetentionText"] = "Vi sletter opplysningene senest 12 måneder etter siste kontakt.",
        ["Tomte:Letters:ContactName"] = "Kari Nordmann",
        ["Tomte:Letters:ContactTitle"] = "Tomtesjef",
        ["Tomte:Letters:ContactEmail"] = "kari@fjordbolig.example",
        ["Tomte:Letters:ContactPhone"] = "400 00 000",
    };

    public static async Task<OutreachTestBed> StartAsync(PostgisDatabase database, IDictionary<string, string?>? settings = null, DateTimeOffset? start = null)
    {
        await database.MigrateAsync();
        var time = new FakeTimeProvider(start ?? Start);
        var values = LetterSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var host = TestHost.Build(database, values, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        var bed = new OutreachTestBed(database, host, time);
        await bed.ExecuteAsync(Seed);
        return bed;
    }

    /// <summary>
    /// G1 Åse Bjørnstad, person who consented to e-mail; G2 Fjordtomter AS, organisation; G3 Per Ødegård, person without
    /// consent; G4 Lise Ås, person with consent whose status will move on. All washed against Reservasjonsregisteret today.
    /// </summary>
    private const string Seed = """
        INSERT INTO ref.kommune (kommunenummer, navn) VALUES ('3218', 'Ås');
        INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, est_boliger, score, planstatus, endring, first_seen, last_seen)
        VALUES ('3218-0001', '3218', ST_Multi(ST_MakeEnvelope(260000, 6620000, 260150, 6620150, 25833)), 22.5, 45, 78, NULL, 'ny',
                timestamptz '2026-11-01 08:00+00', timestamptz '2026-11-20 08:00+00');
        INSERT INTO owners.eiendom (matrikkelnummer, kommunenummer, gnr, bnr) VALUES ('3218-55/7', '3218', 55, 7);
        INSERT INTO owners.tomt_eiendom (tomte_id, matrikkelnummer, andel_av_tomt) VALUES ('3218-0001', '3218-55/7', 1);
        INSERT INTO owners.grunneier (eier_id, navn, type, organisasjonsnummer, adresse, postnummer, poststed, epost, telefon, kilde, rettslig_grunnlag, hentet_dato)
        VALUES ('G1', 'Åse Bjørnstad', 'person', NULL, 'Kirkeveien 12', '1430', 'Ås', 'aase@example.no', '900 00 001', 'Matrikkelen (Kartverket)', 'berettiget interesse', date '2026-11-02'),
               ('G2', 'Fjordtomter AS', 'organisasjon', '999999998', 'Postboks 7', '1431', 'Ås', 'post@fjordtomter.example', '900 00 002', 'Matrikkelen (Kartverket)', 'berettiget interesse', date '2026-11-02'),
               ('G3', 'Per Ødegård', 'person', NULL, 'Moerveien 3', '1430', 'Ås', 'per@example.no', '900 00 003', 'Matrikkelen (Kartverket)', 'berettiget interesse', date '2026-11-02'),
               ('G4', 'Lise Ås', 'person', NULL, 'Drøbakveien 1', '1430', 'Ås', 'lise@example.no', '900 00 004', 'Matrikkelen (Kartverket)', 'berettiget interesse', date '2026-11-02');
        INSERT INTO owners.eierskap (eier_id, matrikkelnummer, andel) SELECT e, '3218-55/7', '1/4' FROM unnest(ARRAY['G1', 'G2', 'G3', 'G4']) e;
        INSERT INTO owners.vask (fil, vaskedato, importert, antall, reserverte) VALUES ('vask.csv', date '2026-12-07', now(), 4, 0);
        INSERT INTO owners.vask_eier (vask_id, eier_id, vaskedato, reservert) SELECT 1, e, date '2026-12-07', false FROM unnest(ARRAY['G1', 'G3', 'G4']) e;
        """;

    /// <summary>A team field as the Airtable read-back stores it (airtable.team_field_history).</summary>
    public Task TeamFieldAsync(string table, string key, string field, string? json) => ExecuteAsync("""
        INSERT INTO airtable.team_field_history (table_name, record_key, field_name, value, valid_from, read_at)
        VALUES (@table, @key, @field, @value::jsonb, @now, @now)
        """, ("table", table), ("key", key), ("field", field), ("value", json), ("now", Time.GetUtcNow()));

    public async Task ApproveAsync(params string[] owners)
    {
        foreach (var owner in owners)
        {
            await TeamFieldAsync("Grunneiere", owner, "Godkjent for utsending", "true");
        }
    }

    public async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Database.DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }
        await command.ExecuteNonQueryAsync();
    }

    public sealed record Row(string EierId, string Step, string Status, string? Reason, string? MessageId, bool HasPdf, bool HasScript);

    public async Task<IReadOnlyList<Row>> OutboxAsync()
    {
        await using var command = Database.DataSource.CreateCommand(
            "SELECT eier_id, step, status, reason, message_id, document_pdf IS NOT NULL, script IS NOT NULL FROM outreach.outbox ORDER BY eier_id, due_at, step");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5), reader.GetBoolean(6)));
        }
        return rows;
    }

    public Row Single(IReadOnlyList<Row> rows, string eierId, string step) => rows.Single(r => r.EierId == eierId && r.Step == step);

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Task.CompletedTask;
    }
}

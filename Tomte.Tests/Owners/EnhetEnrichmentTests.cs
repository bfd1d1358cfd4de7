using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Owners.Brreg;

namespace Tomte.Tests.Owners;

/// <summary>
/// Enhetsregisteret enrichment over real HTTP against a loopback server replaying recorded bodies (Fixtures/brreg):
/// an active unit, 410 deleted, 404 unknown, bankrupt and under liquidation flagged, the cache and its age.
/// </summary>
public sealed class EnhetEnrichmentTests : IAsyncLifetime
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Owners", "Fixtures", "brreg");

    private readonly PostgisDatabase _database = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication _server = null!;
    private string _baseUrl = "";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        var active = await File.ReadAllTextAsync(Path.Combine(Fixtures, "enhet-991825827.navikt-mulighetsrommet.json"));
        string Flagged(string orgnr, string flag)
        {
            var body = JsonNode.Parse(active)!;
            body["organisasjonsnummer"] = orgnr;
            body[flag] = true;
            return body.ToJsonString();
        }
        var answers = new Dictionary<string, (int, string)>
        {
            ["991825827"] = (200, active),
            ["821227062"] = (410, await File.ReadAllTextAsync(Path.Combine(Fixtures, "enhet-821227062-slettet.navikt-mulighetsrommet.json"))),
            ["433695968"] = (410, await File.ReadAllTextAsync(Path.Combine(Fixtures, "enhet-433695968-fjernet.navikt-mulighetsrommet.json"))),
            ["914778271"] = (200, Flagged("914778271", "konkurs")),
            ["920000002"] = (200, Flagged("920000002", "underAvvikling")),
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.Urls.Add("http://127.0.0.1:0");
        _server.Run(async context =>
        {
            var orgnr = context.Request.Path.Value!.Split('/').Last();
            _requests.Enqueue(context.Request.Path.Value!);
            if (!answers.TryGetValue(orgnr, out var answer))
            {
                context.Response.StatusCode = 404;
                return;
            }
            context.Response.StatusCode = answer.Item1;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Item2);
        });
        await _server.StartAsync();
        _baseUrl = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/enhetsregisteret/api";
        await _database.ScalarAsync<int>("""
            INSERT INTO owners.grunneier (eier_id, navn, type, organisasjonsnummer, kilde, rettslig_grunnlag, hentet_dato, merge_key)
            SELECT 'G' || n, 'Org ' || n, 'organisasjon', nr, 'test', 'test', '2026-11-01', 'org:' || nr
            FROM unnest(ARRAY['991825827', '821227062', '433695968', '123456785', '914778271', '920000002']) WITH ORDINALITY AS t(nr, n)
            RETURNING 1
            """);
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    private IHost Host() => TestHost.Build(_database, new Dictionary<string, string?> { ["Tomte:Owners:Brreg:BaseUrl"] = _baseUrl },
        s => s.AddSingleton<TimeProvider>(Time));

    [Fact]
    public async Task Every_organisation_is_looked_up_once_cached_with_its_date_and_flagged_when_it_must_not_be_written_to()
    {
        using var host = Host();

        var result = await TestHost.Get<EnhetEnrichment>(host).RunAsync(CancellationToken.None);

        Assert.Equal(new EnhetEnrichment.Result(6, 6, 0, 1, 1, 2, 1), result);
        Assert.Equal(6, _requests.Count);
        Assert.All(_requests, r => Assert.StartsWith("/enhetsregisteret/api/enheter/", r));
        Assert.Equal("DIGITALISERINGSDIREKTORATET|ORGL|Organisasjonsledd|Postboks 1382 Vika|0114|OSLO|Lørenfaret 1C, 0585 OSLO|2026-11-02 09:00:00+00",
            await _database.ScalarAsync<string>("""
                SELECT concat_ws('|', navn, organisasjonsform, organisasjonsform_navn, postadresse, postnummer, poststed, forretningsadresse, to_char(hentet AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00')
                FROM owners.enhet WHERE organisasjonsnummer = '991825827'
                """));
        // The owner had no address: it takes the register's postal address.
        Assert.Equal("Postboks 1382 Vika, 0114 OSLO", await _database.ScalarAsync<string>("SELECT adresse || ', ' || postnummer || ' ' || poststed FROM owners.grunneier WHERE organisasjonsnummer = '991825827'"));
        Assert.Equal(
            "123456785:ukjent 433695968:slettet 821227062:slettet 914778271:konkurs 920000002:under_avvikling 991825827:ok",
            await _database.ScalarAsync<string>("""
                SELECT string_agg(organisasjonsnummer || ':' || CASE WHEN ukjent THEN 'ukjent' WHEN slettet THEN 'slettet' WHEN konkurs THEN 'konkurs'
                                                                   WHEN under_avvikling THEN 'under_avvikling' ELSE 'ok' END, ' ' ORDER BY organisasjonsnummer)
                FROM owners.grunneier_flagg
                """));
        Assert.Equal(5L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.grunneier_flagg WHERE skal_ikke_kontaktes"));
        Assert.Equal(new DateOnly(2024, 11, 26), await _database.ScalarAsync<DateOnly>("SELECT slettedato FROM owners.enhet WHERE organisasjonsnummer = '821227062'"));
    }

    [Fact]
    public async Task A_cached_answer_is_used_until_it_is_older_than_the_cache_days()
    {
        using var host = Host();
        var enrichment = TestHost.Get<EnhetEnrichment>(host);
        await enrichment.RunAsync(CancellationToken.None);

        Time.Advance(TimeSpan.FromDays(29));
        var cached = await enrichment.RunAsync(CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(2));
        var stale = await enrichment.RunAsync(CancellationToken.None);

        Assert.Equal((0, 6), (cached.Fetched, cached.Cached));
        Assert.Equal(6, stale.Fetched);
        Assert.Equal(12, _requests.Count);
    }

    [Fact]
    public void A_body_without_addresses_or_flags_reads_as_a_deleted_unit_without_address()
    {
        var body = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "enhet-433695968-fjernet.navikt-mulighetsrommet.json")));

        var enhet = BrregClient.Read("433695968", body.RootElement);

        Assert.Equal((true, (string?)null, (string?)null, new DateOnly(2025, 5, 24), true), (enhet.Finnes, enhet.Navn, enhet.Postadresse, enhet.Slettedato, enhet.SkalIkkeKontaktes));
    }
}

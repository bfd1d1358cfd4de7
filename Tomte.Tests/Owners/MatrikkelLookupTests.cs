using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest;
using Tomte.Worker.Owners;
using Tomte.Worker.Owners.Matrikkel;

namespace Tomte.Tests.Owners;

/// <summary>
/// The Matrikkel provider over real HTTP against a loopback server answering with envelopes in the real namespaces
/// (Tomte.Tests/Owners/Fixtures/matrikkel-soap, see its README): parsing, batching, merging, faults, a refused login and a timeout.
/// </summary>
public sealed class MatrikkelLookupTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly CapturedLogs _logs = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private IHost Host(Dictionary<string, string?> settings) =>
        TestHost.Build(_database, settings, s => s.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)));

    private static readonly Matrikkelnummer[] Parcels =
        [new("3218", 12, 34), new("3218", 12, 35), new("3218", 12, 36, 1), new("3218", 99, 99)];

    private async Task<(OwnerLookupResult Result, OwnerStore.Result Stored)> LookupAndStoreAsync(IHost host)
    {
        var result = await TestHost.Get<MatrikkelOwnerProvider>(host).LookupAsync(Parcels, CancellationToken.None);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var stored = await TestHost.Get<OwnerStore>(host).SaveAsync(connection, transaction, result.Owners, OwnerSourceKind.Matrikkel,
            result.Covered.Select(c => c.ToString()).ToList(), CancellationToken.None);
        await transaction.CommitAsync();
        return (result, stored);
    }

    [Fact]
    public async Task Owners_are_found_in_four_batched_calls_merged_across_parcels_with_shares_and_without_identity_numbers()
    {
        await using var server = await MatrikkelServer.StartAsync();
        using var host = Host(server.Settings());

        var (result, stored) = await LookupAndStoreAsync(host);

        // idents → ids, matrikkelenheter, persons, postnummerområder: one call each for four parcels.
        Assert.Equal(
            [("/matrikkelapi/wsapi/v1/MatrikkelenhetServiceWS", "findMatrikkelenhetIdsForIdents", 4), ("/matrikkelapi/wsapi/v1/StoreServiceWS", "getObjects", 3),
             ("/matrikkelapi/wsapi/v1/StoreServiceWS", "getObjects", 3), ("/matrikkelapi/wsapi/v1/StoreServiceWS", "getObjects", 2)],
            server.Calls.Select(c => (c.Path, c.Operation, c.Items)));
        Assert.Equal(["", "MatrikkelenhetId", "PersonId", "PostnummeromradeId"], server.Calls.Select(c => c.IdType));
        Assert.Equal(4, result.Requests);
        Assert.Equal(["3218-12/34", "3218-12/35", "3218-12/36/1"], result.Covered.Select(c => c.ToString()).Order());

        // The person on 12/35 and the fester of 12/36/1 is one owner; Per holds two quarter shares of 12/35, i.e. 1/2.
        Assert.Equal((3, 3, 3), (stored.Owners, stored.NewOwners, stored.Parcels));
        var rows = await RowsAsync("""
            SELECT g.navn || '|' || g.type || '|' || coalesce(g.organisasjonsnummer, '') || '|' || coalesce(g.adresse, '') || '|' || coalesce(g.postnummer, '') || ' ' || coalesce(g.poststed, '')
                   || '|' || e.matrikkelnummer || '|' || coalesce(e.andel, '') || '|' || g.kilde || '|' || g.kilde_type
            FROM owners.grunneier g JOIN owners.eierskap e USING (eier_id) ORDER BY 1
            """);
        Assert.Equal(
        [
            "FIKTIV GÅRDSDRIFT AS|organisasjon|123456785|Postboks 1|1430 ÅS|3218-12/34|1/1|Matrikkelen (Kartverket)|matrikkel",
            "OPPDIKTET ODA|person||Prøvestien 3|1430 ÅS|3218-12/35|1/2|Matrikkelen (Kartverket)|matrikkel",
            "OPPDIKTET ODA|person||Prøvestien 3|1430 ÅS|3218-12/36/1|1/1|Matrikkelen (Kartverket)|matrikkel",
            "PRØVESEN PER|person||Fiktivgata 2, leil. H0301|1400 SKI|3218-12/35|1/2|Matrikkelen (Kartverket)|matrikkel",
        ], rows);

        // The fixture's FysiskPerson carries a national identity number in <nummer>; nothing stored holds it.
        var everything = string.Join("\n", await RowsAsync(
            "SELECT row_to_json(g)::text FROM owners.grunneier g UNION ALL SELECT row_to_json(e)::text FROM owners.eierskap e"));
        Assert.DoesNotContain("01017012345", everything);
        Assert.DoesNotContain("02028012345", everything);
        var logged = string.Join("\n", _logs.Entries.Select(e => e.Message));
        Assert.Contains("Matrikkel lookup: 4 parcels asked, 3 found", logged);
        Assert.Contains("Matrikkel has no matrikkelenhet for 1 of 4 parcels", logged);
        Assert.DoesNotContain("ODA", logged);
    }

    [Fact]
    public async Task A_second_lookup_replaces_owners_the_register_no_longer_lists_but_keeps_imported_ones()
    {
        await using var server = await MatrikkelServer.StartAsync();
        using var host = Host(server.Settings());
        await LookupAndStoreAsync(host);
        await _database.ScalarAsync<int>("""
            WITH g AS (INSERT INTO owners.grunneier (eier_id, navn, type, kilde, rettslig_grunnlag, hentet_dato, kilde_type, merge_key)
                       VALUES ('G999999', 'Gammel Eier', 'person', 'Matrikkelen (Kartverket)', 'x', '2020-01-01', 'matrikkel', 'navn:eier gammel||') RETURNING eier_id)
            INSERT INTO owners.eierskap (eier_id, matrikkelnummer, andel, kilde_type) SELECT eier_id, '3218-12/34', '1/1', 'matrikkel' FROM g RETURNING 1
            """);

        var (_, stored) = await LookupAndStoreAsync(host);

        Assert.Equal(1, stored.Removed);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.eierskap WHERE eier_id = 'G999999'"));
    }

    [Fact]
    public async Task A_soap_fault_becomes_one_error_naming_the_operation_and_the_category()
    {
        var fault = await File.ReadAllTextAsync(Path.Combine(MatrikkelServer.FixtureDirectory, "fault-FinderException.response.xml"));
        await using var server = await MatrikkelServer.StartAsync((_, _) => Task.FromResult<(int, string)?>((500, fault)));
        using var host = Host(server.Settings());

        var error = await Assert.ThrowsAsync<MatrikkelException>(() => TestHost.Get<MatrikkelOwnerProvider>(host).LookupAsync(Parcels, CancellationToken.None));

        Assert.StartsWith("Matrikkel API svarte med SOAP-feil på findMatrikkelenhetIdsForIdents: S:Server :ServiceException:ApplicationException: FinderException: [KommuneId{value=3218", error.Message);
        Assert.Equal(":ServiceException:ApplicationException: FinderException:", error.Category);
    }

    [Fact]
    public async Task A_refused_login_says_which_settings_to_check()
    {
        await using var server = await MatrikkelServer.StartAsync();
        using var host = Host(server.Settings(password: "feil-passord"));

        var error = await Assert.ThrowsAsync<MatrikkelException>(() => TestHost.Get<MatrikkelOwnerProvider>(host).LookupAsync(Parcels, CancellationToken.None));

        Assert.StartsWith("Matrikkel API avviste innloggingen (HTTP 401) på findMatrikkelenhetIdsForIdents", error.Message);
        Assert.Contains("Tomte:Owners:Matrikkel:Username og Password", error.Message);
        Assert.DoesNotContain("feil-passord", error.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_with_the_setting_named()
    {
        var release = new TaskCompletionSource();
        await using var server = await MatrikkelServer.StartAsync(async (_, context) =>
        {
            // Holds the call until the client gives up and aborts it.
            await Task.WhenAny(release.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
            return (200, "");
        });
        using var host = Host(server.Settings(timeout: TimeSpan.FromMilliseconds(300)));

        var error = await Assert.ThrowsAsync<MatrikkelException>(() => TestHost.Get<MatrikkelOwnerProvider>(host).LookupAsync(Parcels, CancellationToken.None));
        release.SetResult();

        Assert.StartsWith("Matrikkel API svarte ikke på findMatrikkelenhetIdsForIdents innen 0.3 s", error.Message);
        Assert.EndsWith("Tomte:Owners:Matrikkel:Timeout", error.Message);
    }

    [Fact]
    public async Task Batches_follow_the_batch_size()
    {
        await using var server = await MatrikkelServer.StartAsync();
        using var host = Host(server.Settings(batchSize: 2));

        await TestHost.Get<MatrikkelOwnerProvider>(host).LookupAsync(Parcels, CancellationToken.None);

        Assert.Equal([2, 2], server.Calls.Where(c => c.Operation == "findMatrikkelenhetIdsForIdents").Select(c => c.Items).Order());
        Assert.Equal([1, 2], server.Calls.Where(c => c.IdType == "MatrikkelenhetId").Select(c => c.Items).Order());
    }

    [Fact]
    public void Kartverkets_own_StoreService_answer_is_read_by_namespace_and_its_items_of_other_kinds_are_passed_over()
    {
        var response = XDocument.Load(Path.Combine(MatrikkelServer.FixtureDirectory, "StoreService-getObjects-Bruker.response.kartverket-testdata.xml"));

        var items = MatrikkelResponses.Items(response).ToList();

        Assert.Equal(
            ["{http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/domain/bruker}Bruker", "{http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/domain/bruker}BrukerRettighetListe"],
            items.Select(i => i.Type.ToString()));
        Assert.All(items, i => Assert.Null(MatrikkelResponses.ReadUnit(i.Type, i.Item)));
        Assert.All(items, i => Assert.Null(MatrikkelResponses.ReadPerson(i.Type, i.Item)));
    }

    [Fact]
    public void The_requests_use_the_real_namespaces_and_type_every_id()
    {
        var options = new MatrikkelOptions();
        var find = MatrikkelSoap.FindMatrikkelenhetIdsForIdents([new Matrikkelnummer("3218", 12, 36, 1)], options);
        var get = MatrikkelSoap.GetObjects(MatrikkelSoap.IdKind.Person, [20002], options);

        var item = find.Descendants(MatrikkelSoap.MatrikkelenhetDomain + "item").Single();
        Assert.Equal("3218", item.Element(MatrikkelSoap.MatrikkelenhetDomain + "kommuneIdent")!.Element(MatrikkelSoap.KommuneDomain + "kommunenummer")!.Value);
        Assert.Equal("1", item.Element(MatrikkelSoap.MatrikkelenhetDomain + "festenummer")!.Value);
        var id = get.Descendants(MatrikkelSoap.StoreService + "ids").Single().Elements().Single();
        Assert.Equal(MatrikkelSoap.Domain + "item", id.Name);
        var type = id.Attribute(MatrikkelSoap.Xsi + "type")!.Value;
        Assert.Equal(MatrikkelSoap.PersonDomain, id.GetNamespaceOfPrefix(type.Split(':')[0]));
        Assert.Equal("PersonId", type.Split(':')[1]);
        Assert.Equal("tomte", get.Descendants(MatrikkelSoap.Domain + "klientIdentifikasjon").Single().Value);
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        var rows = new List<string>();
        await using var command = _database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}

using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest;
using Tomte.Worker.Owners.Import;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Tests.Owners;

/// <summary>
/// The contact-permission check outreach asks at the moment of sending, and the opt-out it records, on a real PostGIS
/// with owners imported through the real importer. One test per rule.
/// </summary>
public sealed class ContactPermissionTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly CapturedLogs _logs = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("tomte-permission-").FullName;
    private IHost _host = null!;

    // 2026-11-30 10:00 in Oslo.
    private FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    private string _oda = "", _per = "", _org = "", _konkurs = "";

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _host = TestHost.Build(_database, new Dictionary<string, string?> { ["Tomte:Owners:LegalBasis"] = "Testgrunnlag § 4" }, services: s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            s.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        });
        var path = Path.Combine(_folder, "eiere.csv");
        await System.IO.File.WriteAllTextAsync(path, string.Join("\n",
            "matrikkelnummer;navn;type;organisasjonsnummer;adresse;postnummer;poststed;epost;telefon",
            "3218-1/1;Oda Oppdiktet;person;;Prøvestien 3;1430;Ås;oda@fiktiv.example;+47 400 00 001",
            "3218-1/2;Per Påfunn;person;;Diktervegen 9;1430;Ås;per@fiktiv.example;400 00 002",
            "3218-1/3;Fiktiv Gårdsdrift AS;organisasjon;123456785;Oppdiktet vei 1;1430;Ås;post@fiktiv.example;",
            "3218-1/4;Konkursbo Fiktiv AS;organisasjon;987654325;Oppdiktet vei 2;1430;Ås;konkurs@fiktiv.example;"), new UTF8Encoding(false));
        await TestHost.Get<OwnerImporter>(_host).ImportAsync(path, CancellationToken.None);
        _oda = (await _database.ScalarAsync<string>("SELECT eier_id FROM owners.grunneier WHERE navn = 'Oda Oppdiktet'"))!;
        _per = (await _database.ScalarAsync<string>("SELECT eier_id FROM owners.grunneier WHERE navn = 'Per Påfunn'"))!;
        _org = (await _database.ScalarAsync<string>("SELECT eier_id FROM owners.grunneier WHERE organisasjonsnummer = '123456785'"))!;
        _konkurs = (await _database.ScalarAsync<string>("SELECT eier_id FROM owners.grunneier WHERE organisasjonsnummer = '987654325'"))!;
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private ContactPermissions Permissions => TestHost.Get<ContactPermissions>(_host);

    private async Task<ContactPermission> CheckAsync(string eierId, ContactChannel channel, string? recipient = null)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await Permissions.CheckAsync(connection, null, eierId, channel, recipient);
    }

    private async Task<int> OptOutAsync(OptOut optOut)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await Permissions.AddOptOutAsync(connection, null, optOut);
    }

    private async Task WashAsync(DateOnly date, params (string EierId, bool Reserved)[] owners)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await TestHost.Get<WashStore>(_host).SaveAsync(connection, transaction, "vask.csv",
            owners.Select(o => new WashRow(2, o.EierId, o.Reserved, date)).ToList(), CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static void AssertBlocked(ContactBlock reason, ContactPermission permission)
    {
        Assert.False(permission.IsAllowed);
        Assert.Equal(reason, permission.Reason);
        Assert.False(string.IsNullOrWhiteSpace(permission.Text));
    }

    [Fact]
    public async Task A_person_never_washed_waits_for_post_but_may_get_email_and_a_call()
    {
        AssertBlocked(ContactBlock.VenterPaVask, await CheckAsync(_oda, ContactChannel.Post));
        Assert.Contains("aldri vasket", (await CheckAsync(_oda, ContactChannel.Post)).Text, StringComparison.Ordinal);
        Assert.True((await CheckAsync(_oda, ContactChannel.Epost)).IsAllowed);
        Assert.True((await CheckAsync(_oda, ContactChannel.Telefon)).IsAllowed);
    }

    [Fact]
    public async Task A_wash_allows_post_to_a_person_for_exactly_the_max_age_and_a_stale_one_blocks_it()
    {
        await WashAsync(new DateOnly(2026, 11, 1), (_oda, false));
        Assert.True((await CheckAsync(_oda, ContactChannel.Post)).IsAllowed); // 29 days
        Time.Advance(TimeSpan.FromDays(1));
        Assert.True((await CheckAsync(_oda, ContactChannel.Post)).IsAllowed); // 30 days: still fresh

        Time.Advance(TimeSpan.FromDays(1));
        var stale = await CheckAsync(_oda, ContactChannel.Post); // 31 days
        AssertBlocked(ContactBlock.VenterPaVask, stale);
        Assert.Equal("brev til en person venter på ny vask mot Reservasjonsregisteret (siste vask 2026-11-01 er eldre enn 30 dager)", stale.Text);

        // A person left out of the newer wash is still on their own (old) wash.
        await WashAsync(new DateOnly(2026, 12, 1), (_per, false));
        AssertBlocked(ContactBlock.VenterPaVask, await CheckAsync(_oda, ContactChannel.Post));
        Assert.True((await CheckAsync(_per, ContactChannel.Post)).IsAllowed);
    }

    [Fact]
    public async Task A_stale_wash_blocks_post_to_persons_but_not_email_or_post_to_an_organisation()
    {
        await WashAsync(new DateOnly(2026, 9, 1), (_oda, false), (_per, false));

        AssertBlocked(ContactBlock.VenterPaVask, await CheckAsync(_oda, ContactChannel.Post));
        AssertBlocked(ContactBlock.VenterPaVask, await CheckAsync(_per, ContactChannel.Post));
        Assert.True((await CheckAsync(_org, ContactChannel.Epost)).IsAllowed);
        Assert.True((await CheckAsync(_org, ContactChannel.Post)).IsAllowed); // organisations are not in Reservasjonsregisteret
        Assert.True((await CheckAsync(_oda, ContactChannel.Epost)).IsAllowed);
    }

    [Fact]
    public async Task WashMaxAgeDays_is_read_from_the_configuration()
    {
        using var host = TestHost.Build(_database, new Dictionary<string, string?>
        {
            ["Tomte:Owners:LegalBasis"] = "Testgrunnlag § 4",
            ["Tomte:Owners:Privacy:WashMaxAgeDays"] = "7",
        }, services: s => s.AddSingleton<TimeProvider>(Time));
        await WashAsync(new DateOnly(2026, 11, 20), (_oda, false));
        await using var connection = await _database.DataSource.OpenConnectionAsync();

        var permission = await TestHost.Get<ContactPermissions>(host).CheckAsync(connection, null, _oda, ContactChannel.Post);

        AssertBlocked(ContactBlock.VenterPaVask, permission);
        Assert.Contains("eldre enn 7 dager", permission.Text, StringComparison.Ordinal);
        Assert.True((await CheckAsync(_oda, ContactChannel.Post)).IsAllowed);
    }

    [Fact]
    public async Task A_person_found_reserved_is_blocked_on_every_channel_until_a_newer_wash_clears_them()
    {
        await WashAsync(new DateOnly(2026, 11, 25), (_oda, true), (_per, false));

        foreach (var channel in Enum.GetValues<ContactChannel>())
        {
            AssertBlocked(ContactBlock.Reservert, await CheckAsync(_oda, channel));
        }
        Assert.True((await CheckAsync(_per, ContactChannel.Post)).IsAllowed);

        await WashAsync(new DateOnly(2026, 11, 28), (_oda, false));
        Assert.True((await CheckAsync(_oda, ContactChannel.Post)).IsAllowed);
    }

    [Fact]
    public async Task An_opt_out_by_email_blocks_that_address_only_however_it_is_written()
    {
        await WashAsync(new DateOnly(2026, 11, 25), (_oda, false));

        Assert.Equal(1, await OptOutAsync(new OptOut(null, " ODA@Fiktiv.example ", null, "svar på e-post: «stopp»")));

        var blocked = await CheckAsync(_oda, ContactChannel.Epost);
        AssertBlocked(ContactBlock.EpostSperret, blocked);
        AssertBlocked(ContactBlock.EpostSperret, await CheckAsync(_per, ContactChannel.Epost, recipient: "oda@fiktiv.example"));
        Assert.True((await CheckAsync(_oda, ContactChannel.Epost, recipient: "oda.ny@fiktiv.example")).IsAllowed);
        Assert.True((await CheckAsync(_oda, ContactChannel.Post)).IsAllowed);
        Assert.True((await CheckAsync(_oda, ContactChannel.Telefon)).IsAllowed);
        Assert.True((await CheckAsync(_per, ContactChannel.Epost)).IsAllowed);
    }

    [Fact]
    public async Task An_opt_out_by_phone_blocks_that_number_only_with_or_without_the_country_code()
    {
        Assert.Equal(1, await OptOutAsync(new OptOut(null, null, "0047 40000002", "telefonsamtale")));

        AssertBlocked(ContactBlock.TelefonSperret, await CheckAsync(_per, ContactChannel.Telefon));
        AssertBlocked(ContactBlock.TelefonSperret, await CheckAsync(_oda, ContactChannel.Telefon, recipient: "+47 400 00 002"));
        Assert.True((await CheckAsync(_per, ContactChannel.Epost)).IsAllowed);
        Assert.True((await CheckAsync(_oda, ContactChannel.Telefon)).IsAllowed);
    }

    [Fact]
    public async Task An_opt_out_of_the_owner_blocks_every_channel_and_recording_it_again_adds_nothing()
    {
        await WashAsync(new DateOnly(2026, 11, 25), (_oda, false));
        var optOut = new OptOut(_oda, "oda@fiktiv.example", "+4740000001", "svar på brev: «ikke interessert»");

        Assert.Equal(3, await OptOutAsync(optOut));
        Assert.Equal(0, await OptOutAsync(optOut));
        Assert.Equal(0, await OptOutAsync(optOut with { Source = "svar på e-post: «avmeld»", Epost = "Oda@Fiktiv.Example" }));

        Assert.Equal(3L, await _database.ScalarAsync<long>("SELECT count(*) FROM outreach.suppression WHERE reason = 'opt_out'"));
        foreach (var channel in Enum.GetValues<ContactChannel>())
        {
            AssertBlocked(ContactBlock.Avmeldt, await CheckAsync(_oda, channel));
        }
        Assert.True((await CheckAsync(_per, ContactChannel.Epost)).IsAllowed);
        var logged = string.Join("\n", _logs.Entries.Select(e => e.Message));
        Assert.Contains(_logs.Entries, e => e.EventId == 6062);
        Assert.DoesNotContain("fiktiv.example", logged, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("40000001", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_opt_out_without_an_owner_address_or_number_or_source_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => OptOutAsync(new OptOut(null, " ", null, "svar")));
        await Assert.ThrowsAsync<ArgumentException>(() => OptOutAsync(new OptOut(_oda, null, null, " ")));
    }

    [Fact]
    public async Task The_check_sees_the_callers_transaction_and_an_opt_out_rolled_back_is_gone()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Permissions.AddOptOutAsync(connection, transaction, new OptOut(_per, null, null, "svar på e-post: «stopp»"));
            AssertBlocked(ContactBlock.Avmeldt, await Permissions.CheckAsync(connection, transaction, _per, ContactChannel.Epost));
            await transaction.RollbackAsync();
        }
        Assert.True((await Permissions.CheckAsync(connection, null, _per, ContactChannel.Epost)).IsAllowed);
    }

    [Fact]
    public async Task An_owner_whose_salted_key_is_on_the_erasure_list_or_who_is_gone_is_blocked()
    {
        await using (var command = _database.DataSource.CreateCommand("""
            INSERT INTO outreach.suppression (eier_hash, reason, source, created_at)
            SELECT encode(sha256(s.salt || convert_to(g.merge_key, 'UTF8')), 'hex'), 'gdpr_sletting', 'test', now()
            FROM owners.grunneier g, owners.hash_salt s WHERE g.eier_id = @id
            """))
        {
            command.Parameters.AddWithValue("id", _per);
            await command.ExecuteNonQueryAsync();
        }

        AssertBlocked(ContactBlock.Slettet, await CheckAsync(_per, ContactChannel.Epost));
        AssertBlocked(ContactBlock.UkjentEier, await CheckAsync("G999999", ContactChannel.Epost));
    }

    [Fact]
    public async Task An_organisation_enhetsregisteret_flags_is_blocked()
    {
        await using (var command = _database.DataSource.CreateCommand("""
            INSERT INTO owners.enhet (organisasjonsnummer, finnes, navn, konkurs, hentet) VALUES ('987654325', true, 'KONKURSBO FIKTIV AS', true, now())
            """))
        {
            await command.ExecuteNonQueryAsync();
        }

        AssertBlocked(ContactBlock.OrganisasjonFlagget, await CheckAsync(_konkurs, ContactChannel.Epost));
        Assert.True((await CheckAsync(_org, ContactChannel.Epost)).IsAllowed);
    }

    [Fact]
    public void Channels_have_their_outbox_text()
    {
        Assert.Equal(["post", "epost", "telefon"], Enum.GetValues<ContactChannel>().Select(c => c.Text()));
        Assert.All(Enum.GetValues<ContactChannel>(), c => Assert.Equal(c, ContactVocabulary.ParseChannel(c.Text())));
    }
}

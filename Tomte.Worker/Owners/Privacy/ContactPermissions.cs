using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>
/// The one answer to "may owner X be contacted on channel C now?", asked by outreach at the moment of sending, inside
/// its own transaction (so a claim and its check see the same rows), and the one way to record an opt-out.
/// Rules, in order: unknown owner; erased (salted hash); opted out (every channel); reserved in Reservasjonsregisteret
/// by their newest wash (every channel); an organisation Enhetsregisteret flags; the e-mail address or phone number on
/// the list (that channel only); post to a person without a wash of at most <see cref="PrivacyOptions.WashMaxAgeDays"/>
/// days. Organisations are not in Reservasjonsregisteret, so the wash rules do not apply to them.
/// </summary>
public sealed class ContactPermissions(IOptions<OwnersOptions> options, TimeProvider time, ILogger<ContactPermissions> logger)
{
    private const string CheckSql = """
        SELECT g.type,
               EXISTS (SELECT 1 FROM outreach.suppression s, owners.hash_salt h
                       WHERE g.merge_key IS NOT NULL AND s.eier_hash = encode(sha256(h.salt || convert_to(g.merge_key, 'UTF8')), 'hex')) AS slettet,
               EXISTS (SELECT 1 FROM outreach.suppression s
                       WHERE s.eier_id = g.eier_id AND s.reason = 'opt_out' AND s.epost IS NULL AND s.telefon IS NULL) AS avmeldt,
               EXISTS (SELECT 1 FROM outreach.suppression s WHERE s.eier_id = g.eier_id AND s.reason = 'reservert') AS reservert,
               coalesce((SELECT f.skal_ikke_kontaktes FROM owners.grunneier_flagg f WHERE f.eier_id = g.eier_id), false) AS flagget,
               EXISTS (SELECT 1 FROM outreach.suppression s
                       WHERE s.epost = outreach.normalise_email(coalesce(@epost, g.epost))) AS epost_sperret,
               EXISTS (SELECT 1 FROM outreach.suppression s
                       WHERE s.telefon = outreach.normalise_phone(coalesce(@telefon, g.telefon))) AS telefon_sperret,
               (SELECT max(v.vaskedato) FROM owners.vask_eier v WHERE v.eier_id = g.eier_id) AS vasket
        FROM owners.grunneier g
        WHERE g.eier_id = @id
        """;

    /// <summary>Whether <paramref name="eierId"/> may be contacted on <paramref name="channel"/> now.</summary>
    /// <param name="transaction">The caller's transaction on <paramref name="connection"/>, if any.</param>
    /// <param name="recipient">The e-mail address or phone number about to be used when it is not the owner's stored one.</param>
    public async Task<ContactPermission> CheckAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string eierId, ContactChannel channel,
        string? recipient = null, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(CheckSql, connection, transaction);
        command.Parameters.AddWithValue("id", eierId);
        command.Parameters.AddWithValue("epost", channel == ContactChannel.Epost && recipient is not null ? recipient : DBNull.Value);
        command.Parameters.AddWithValue("telefon", channel == ContactChannel.Telefon && recipient is not null ? recipient : DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return ContactPermission.Blocked(ContactBlock.UkjentEier, "grunneieren finnes ikke (aldri lagret, eller slettet siden)");
        }
        var person = reader.GetString(0) == OwnerKind.Person.Text();
        if (reader.GetBoolean(1))
        {
            return ContactPermission.Blocked(ContactBlock.Slettet, "grunneieren er slettet etter krav om sletting (GDPR) og skal aldri kontaktes");
        }
        if (reader.GetBoolean(2))
        {
            return ContactPermission.Blocked(ContactBlock.Avmeldt, "grunneieren har bedt om å ikke bli kontaktet (avmeldt)");
        }
        if (reader.GetBoolean(3))
        {
            return ContactPermission.Blocked(ContactBlock.Reservert, "grunneieren er reservert i Reservasjonsregisteret");
        }
        if (reader.GetBoolean(4))
        {
            return ContactPermission.Blocked(ContactBlock.OrganisasjonFlagget,
                "Enhetsregisteret melder organisasjonen konkurs, under avvikling, slettet eller ukjent; den skal ikke kontaktes");
        }
        if (channel == ContactChannel.Epost && reader.GetBoolean(5))
        {
            return ContactPermission.Blocked(ContactBlock.EpostSperret, "e-postadressen står på sperrelisten (avmeldt)");
        }
        if (channel == ContactChannel.Telefon && reader.GetBoolean(6))
        {
            return ContactPermission.Blocked(ContactBlock.TelefonSperret, "telefonnummeret står på sperrelisten (avmeldt)");
        }
        if (channel == ContactChannel.Post && person)
        {
            var maxAge = options.Value.Privacy.WashMaxAgeDays;
            if (reader.IsDBNull(7))
            {
                return ContactPermission.Blocked(ContactBlock.VenterPaVask,
                    "brev til en person venter på vask mot Reservasjonsregisteret (personen er aldri vasket)");
            }
            var washed = reader.GetFieldValue<DateOnly>(7);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Import.OwnerImporter.Oslo).DateTime);
            if (today.DayNumber - washed.DayNumber > maxAge)
            {
                return ContactPermission.Blocked(ContactBlock.VenterPaVask, string.Create(CultureInfo.InvariantCulture,
                    $"brev til en person venter på ny vask mot Reservasjonsregisteret (siste vask {washed:yyyy-MM-dd} er eldre enn {maxAge} dager)"));
            }
        }
        return ContactPermission.Allowed;
    }

    private const string OptOutSql = """
        INSERT INTO outreach.suppression (eier_id, reason, source, created_at)
        SELECT @id, 'opt_out', @source, @now WHERE @id IS NOT NULL
        ON CONFLICT (eier_id) WHERE reason = 'opt_out' AND epost IS NULL AND telefon IS NULL DO NOTHING;

        INSERT INTO outreach.suppression (eier_id, epost, reason, source, created_at)
        SELECT @id, outreach.normalise_email(@epost), 'opt_out', @source, @now WHERE outreach.normalise_email(@epost) IS NOT NULL
        ON CONFLICT (epost) WHERE reason = 'opt_out' AND epost IS NOT NULL DO NOTHING;

        INSERT INTO outreach.suppression (eier_id, telefon, reason, source, created_at)
        SELECT @id, outreach.normalise_phone(@telefon), 'opt_out', @source, @now WHERE outreach.normalise_phone(@telefon) IS NOT NULL
        ON CONFLICT (telefon) WHERE reason = 'opt_out' AND telefon IS NOT NULL DO NOTHING;
        """;

    /// <summary>
    /// Records an opt-out ("stopp", "ikke interessert", "avmeld"): the owner on every channel, and the e-mail address
    /// and phone number on theirs. Idempotent: what is already recorded is left as it is. Returns the rows added.
    /// </summary>
    public async Task<int> AddOptOutAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, OptOut optOut, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(optOut);
        if (string.IsNullOrWhiteSpace(optOut.EierId) && string.IsNullOrWhiteSpace(optOut.Epost) && string.IsNullOrWhiteSpace(optOut.Telefon))
        {
            throw new ArgumentException("an opt-out needs an owner id, an e-mail address or a phone number", nameof(optOut));
        }
        if (string.IsNullOrWhiteSpace(optOut.Source))
        {
            throw new ArgumentException("an opt-out needs a source (where it came from)", nameof(optOut));
        }
        await using var command = new NpgsqlCommand(OptOutSql, connection, transaction);
        command.Parameters.AddWithValue("id", NpgsqlTypes.NpgsqlDbType.Text, string.IsNullOrWhiteSpace(optOut.EierId) ? DBNull.Value : optOut.EierId.Trim());
        command.Parameters.AddWithValue("epost", NpgsqlTypes.NpgsqlDbType.Text, (object?)optOut.Epost ?? DBNull.Value);
        command.Parameters.AddWithValue("telefon", NpgsqlTypes.NpgsqlDbType.Text, (object?)optOut.Telefon ?? DBNull.Value);
        command.Parameters.AddWithValue("source", optOut.Source.Trim());
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        var added = await command.ExecuteNonQueryAsync(cancellationToken);
        logger.OptOutRecorded(added, optOut.EierId is not null, optOut.Epost is not null, optOut.Telefon is not null);
        return added;
    }
}

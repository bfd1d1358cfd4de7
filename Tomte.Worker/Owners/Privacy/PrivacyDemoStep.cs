using System.Globalization;
using System.Text;
using Npgsql;
using Tomte.Worker.Demo;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>
/// The demo's privacy step: the wash list for the vendor (<c>suppression export</c>), the bundled FICTIONAL wash result
/// and opt-outs (<c>suppression import</c>), what the contact check then allows, and retention as a dry run. Counts
/// only: no name, address or e-mail on the console or in the report.
/// </summary>
public sealed class PrivacyDemoStep(WashListExporter exporter, SuppressionImporter importer, ContactPermissions permissions, OwnerRetention retention,
    NpgsqlDataSource dataSource, TimeProvider time) : IDemoStep
{
    public const string SampleWashFile = "reservasjonsvask-eksempel.csv";

    public const string SampleOptOutFile = "avmeldinger-eksempel.csv";

    public string Title => "Vasker mot Reservasjonsregisteret (oppdiktet svar), registrerer avmeldinger og prøvekjører sletting";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(context.OutputDirectory, "reservasjonsregisteret");
        var exported = await exporter.WriteAsync(Path.Combine(folder, "til-vask.csv"), cancellationToken);
        context.Progress.Report(new DemoCount(1, 4));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Import.OwnerImporter.Oslo).DateTime);
        var wash = await importer.ImportAsync(Path.Combine(SampleDataImport.SampleDirectory, SampleWashFile), today, cancellationToken);
        var optOuts = await importer.ImportAsync(Path.Combine(SampleDataImport.SampleDirectory, SampleOptOutFile), null, cancellationToken);
        context.Progress.Report(new DemoCount(2, 4));
        var (post, email) = await PermissionCountsAsync(cancellationToken);
        context.Progress.Report(new DemoCount(3, 4));
        var due = await retention.RunAsync(dryRun: true, cancellationToken);
        context.Progress.Report(new DemoCount(4, 4));

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{exported} personer til vask; oppdiktet svar: {wash.Rows} vasket {wash.Vaskedato:yyyy-MM-dd}, {wash.Reserved} reservert; " +
            $"{optOuts.Rows} avmeldinger; retention (prøvekjøring): {due.Due.Count} ville blitt slettet.");
        var details = new StringBuilder();
        details.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  Brev kan sendes nå til {post.Allowed} av {post.Total} grunneiere ({Blocks(post.Blocked)})."));
        details.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  E-post kan sendes nå til {email.Allowed} av {email.Total} grunneiere med e-postadresse ({Blocks(email.Blocked)})."));
        details.Append(string.Create(CultureInfo.InvariantCulture,
            $"  Sletting etter {due.Cutoff:yyyy-MM-dd} (prøvekjøring): {due.Due.Count} grunneiere ville blitt slettet, {due.TooRecent} har bare tomter som ble borte " +
            $"eller regulert for nylig, {due.InDialogue} er i dialog med teamet og beholdes."));
        var section = new StringBuilder();
        section.AppendLine("## Reservasjonsregisteret, avmeldinger og sletting");
        section.AppendLine();
        section.AppendLine(summary);
        section.AppendLine();
        section.AppendLine("Vaskeresultatet og avmeldingene er oppdiktede eksempeldata; ingen register er spurt. Bare antall her, aldri navn eller adresser.");
        section.AppendLine();
        section.AppendLine("```");
        section.AppendLine(details.ToString().Replace("  ", "", StringComparison.Ordinal));
        section.AppendLine("```");
        section.AppendLine();
        return new DemoStepResult(summary, section.ToString(),
            [new DemoArtifact("reservasjonsregisteret/til-vask.csv", "personene som skal vaskes mot Reservasjonsregisteret (til leverandøren)")],
            details.ToString());
    }

    private sealed record Counts(int Total, int Allowed, Dictionary<ContactBlock, int> Blocked);

    // Asks the same check outreach asks at sending time, for every owner: post to all, e-mail to those with an address.
    private async Task<(Counts Post, Counts Email)> PermissionCountsAsync(CancellationToken cancellationToken)
    {
        var owners = new List<(string EierId, bool HasEmail)>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT eier_id, epost IS NOT NULL FROM owners.grunneier ORDER BY eier_id", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                owners.Add((reader.GetString(0), reader.GetBoolean(1)));
            }
        }
        var post = new Counts(0, 0, []);
        var email = new Counts(0, 0, []);
        foreach (var (eierId, hasEmail) in owners)
        {
            post = Add(post, await permissions.CheckAsync(connection, null, eierId, ContactChannel.Post, cancellationToken: cancellationToken));
            if (hasEmail)
            {
                email = Add(email, await permissions.CheckAsync(connection, null, eierId, ContactChannel.Epost, cancellationToken: cancellationToken));
            }
        }
        return (post, email);
    }

    private static Counts Add(Counts counts, ContactPermission permission)
    {
        if (permission.Reason is { } reason)
        {
            counts.Blocked[reason] = counts.Blocked.GetValueOrDefault(reason) + 1;
        }
        return counts with { Total = counts.Total + 1, Allowed = counts.Allowed + (permission.IsAllowed ? 1 : 0) };
    }

    private static string Blocks(Dictionary<ContactBlock, int> blocked) =>
        blocked.Count == 0 ? "ingen sperret" : "sperret: " + string.Join(", ", blocked.OrderBy(b => b.Key).Select(b => $"{b.Value} {Label(b.Key)}"));

    private static string Label(ContactBlock reason) => reason switch
    {
        ContactBlock.UkjentEier => "ukjent",
        ContactBlock.Slettet => "slettet",
        ContactBlock.Avmeldt => "avmeldt",
        ContactBlock.Reservert => "reservert",
        ContactBlock.OrganisasjonFlagget => "flagget i Enhetsregisteret",
        ContactBlock.EpostSperret => "e-postadresse avmeldt",
        ContactBlock.TelefonSperret => "telefonnummer avmeldt",
        ContactBlock.VenterPaVask => "venter på vask",
        _ => reason.ToString(),
    };
}

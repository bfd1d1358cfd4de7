using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Demo;
using Tomte.Worker.Letters;
using Tomte.Worker.Owners;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Worker.Outreach;

/// <summary>
/// The demo's outreach step: a dry run of the sequence over 30 days for the owners of the top sites, as if the team
/// approved them all this coming Monday and nobody answered. It uses the real rules (<see cref="SequencePlanner"/>, the
/// send window with its holidays, the privacy step's permission check) and sends, writes and stores nothing.
/// </summary>
public sealed class OutreachDemoStep(OwnerReport report, LetterModelStore letters, OutreachStateReader reader, SendWindow window,
    ContactPermissions permissions, NpgsqlDataSource dataSource, IOptions<OutreachOptions> options, TimeProvider time) : IDemoStep
{
    private static readonly CultureInfo Norsk = CultureInfo.GetCultureInfo("nb-NO");

    public string Title => "Prøvekjører utsendingssekvensen over 30 dager for eierne av de beste tomtene";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var top = await report.TopSitesAsync(OwnersDemoStep.TopSites, [], cancellationToken);
        var owners = (await letters.OwnersOfSitesAsync(top.Select(s => s.TomteId).ToList(), cancellationToken)).Take(LettersDemoStep.MaxOwners + 2).ToList();
        var facts = (await ReadFactsAsync(owners, cancellationToken)).ToDictionary(o => o.EierId);
        // The team never ticks "Utført" in a dry run, so day 0 of the later steps is the print batch.
        var rules = new OutreachOptions
        {
            Brev1Dag = options.Value.Brev1Dag,
            OppfolgingDag = options.Value.OppfolgingDag,
            TelefonDag = options.Value.TelefonDag,
            Brev2Dag = options.Value.Brev2Dag,
            PostSendtFra = PostSentFrom.Batch,
            TimeZone = options.Value.TimeZone,
            SendevinduStart = options.Value.SendevinduStart,
            SendevinduSlutt = options.Value.SendevinduSlutt,
            TelefonvinduStart = options.Value.TelefonvinduStart,
            TelefonvinduSlutt = options.Value.TelefonvinduSlutt,
        };
        var start = NextMonday10(time.GetUtcNow());
        var text = new StringBuilder();
        var consentShown = false;
        foreach (var eierId in owners)
        {
            var owner = facts[eierId] with { Godkjent = true };
            // The first person with an address is walked as if they had ticked "Samtykke e-post", so the demo shows the
            // e-mail path (letter 1 with its PDF, the follow-up) next to the skips; the header line says so.
            var assumed = !consentShown && !owner.IsOrganisation && owner.Epost is not null && !owner.SamtykkeEpost;
            if (assumed)
            {
                owner = owner with { SamtykkeEpost = true };
                consentShown = true;
            }
            text.Append(CultureInfo.InvariantCulture, $"{eierId} ({(owner.IsOrganisation ? "organisasjon" : "person")}{(assumed ? ", samtykke til e-post antatt i prøvekjøringen" : "")}{(owner.Epost is null ? ", ingen e-post" : "")}{(owner.HasPhone ? "" : ", ingen telefon")}):\n");
            foreach (var line in await WalkAsync(owner, start, rules, cancellationToken))
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }
        var summary = string.Create(Norsk, $"Utsending (prøvekjøring): {owners.Count} grunneiere fulgt i 30 dager fra {Local(start, rules):dddd d. MMMM}; ingenting sendt eller lagret.");
        var section = $"## Utsending over 30 dager (prøvekjøring)\n\nSom om teamet godkjente eierne for utsending {Local(start, rules):dddd d. MMMM yyyy} og ingen svarte. " +
            "Brev og e-post går bare på hverdager kl. 09–16 (ikke helligdager), telefonoppgaver kl. 09–21; e-post (også grunneierbrev 1 med PDF-en " +
            "som vedlegg) bare til organisasjoner og personer som har samtykket.\n\n```\n" + text + "```\n";
        return new DemoStepResult(summary, section, Details: text.ToString().TrimEnd());
    }

    /// <summary>Day by day at 10:00 local time: what the sequence would do, applied in memory only.</summary>
    private async Task<IReadOnlyList<string>> WalkAsync(OwnerOutreach owner, DateTimeOffset start, OutreachOptions rules, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var rows = new List<OutboxRow>();
        for (var day = 0; day <= rules.Brev2Dag + 3; day++)
        {
            var now = start.AddDays(day);
            owner = owner with { Outbox = rows.ToArray() };
            foreach (var decision in SequencePlanner.Plan(owner, now, rules))
            {
                var when = string.Create(Norsk, $"dag {day,2} ({Local(now, rules):ddd d.M.})");
                switch (decision.Kind)
                {
                    case DecisionKind.Start:
                        owner = owner with { StartedAt = now };
                        rows = OutreachSteps.Sequence.Select((s, i) => new OutboxRow(i, s, OutboxStatus.Pending, now.AddDays(rules.Day(s) - rules.Brev1Dag), 0, null, null, null, null)).ToList();
                        lines.Add($"{when}: sekvensen starter – godkjent for utsending");
                        break;
                    case DecisionKind.Anchor:
                        owner = owner with { AnchorAt = decision.At };
                        break;
                    case DecisionKind.Skip:
                        Set(rows, decision.Step!.Value, OutboxStatus.Skipped, now);
                        lines.Add($"{when}: {decision.Step!.Value.DisplayName()} hoppes over – {decision.Reason}");
                        break;
                    case DecisionKind.Send:
                        var step = decision.Step!.Value;
                        var channel = step.Channel();
                        if (!window.IsOpen(now, channel))
                        {
                            var which = channel == ContactChannel.Telefon ? "telefonvinduet" : "sendevinduet";
                            lines.Add($"{when}: {step.DisplayName()} venter – utenfor {which} (helg eller helligdag)");
                            break;
                        }
                        ContactPermission permission;
                        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
                        {
                            permission = await permissions.CheckAsync(connection, null, owner.EierId, channel, cancellationToken: cancellationToken);
                        }
                        if (!permission.IsAllowed)
                        {
                            Set(rows, step, OutboxStatus.Skipped, now);
                            lines.Add($"{when}: {step.DisplayName()} hoppes over – {permission.Text}");
                            break;
                        }
                        Set(rows, step, OutboxStatus.Sent, now);
                        lines.Add($"{when}: {step.DisplayName()} – {decision.Reason}");
                        break;
                }
            }
        }
        return lines;
    }

    private static void Set(List<OutboxRow> rows, OutreachStep step, OutboxStatus status, DateTimeOffset now)
    {
        var i = rows.FindIndex(r => r.Step == step);
        rows[i] = rows[i] with { Status = status, SentAt = status == OutboxStatus.Sent ? now : null };
    }

    private async Task<IReadOnlyList<OwnerOutreach>> ReadFactsAsync(IReadOnlyList<string> owners, CancellationToken cancellationToken)
    {
        var result = new List<OwnerOutreach>();
        foreach (var eierId in owners)
        {
            // The reader only returns approved or started owners; the demo's owners are neither, so read their facts directly.
            var known = await reader.ReadAsync(cancellationToken, eierId);
            result.Add(known.Count > 0 ? known[0] with { StartedAt = null, AnchorAt = null, StoppedAt = null, Outbox = [] } : await FactsAsync(eierId, cancellationToken));
        }
        return result;
    }

    private async Task<OwnerOutreach> FactsAsync(string eierId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT type = 'organisasjon', nullif(trim(epost), ''), coalesce(trim(telefon), '') <> '',
                   coalesce(trim(adresse), '') <> '' AND coalesce(trim(postnummer), '') <> '' AND coalesce(trim(poststed), '') <> ''
            FROM owners.grunneier WHERE eier_id = $1
            """);
        command.Parameters.AddWithValue(eierId);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        return new OwnerOutreach(eierId, row.GetBoolean(0), row.IsDBNull(1) ? null : row.GetString(1), false, row.GetBoolean(2), row.GetBoolean(3),
            true, false, null, null, null, null, null, null, null, []);
    }

    private DateTimeOffset NextMonday10(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, options.Value.Zone());
        var day = DateOnly.FromDateTime(local.DateTime).AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }
        var moment = day.ToDateTime(new TimeOnly(10, 0));
        return new DateTimeOffset(moment, options.Value.Zone().GetUtcOffset(moment)).ToUniversalTime();
    }

    private static DateTime Local(DateTimeOffset moment, OutreachOptions rules) => TimeZoneInfo.ConvertTime(moment, rules.Zone()).DateTime;
}

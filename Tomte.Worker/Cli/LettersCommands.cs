using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tomte.Worker.Letters;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte letters check|preview</c>.</summary>
public static partial class TomteCommandLine
{
    private static Command LettersCommand()
    {
        var command = new Command("letters", "Grunneierbrev, e-poster og telefonmanus fra malene (Scriban).");
        command.Subcommands.Add(LettersCheckCommand());
        command.Subcommands.Add(LettersPreviewCommand());
        return command;
    }

    private static Command LettersCheckCommand()
    {
        var folder = new Option<string?>("--mappe", "-m")
        {
            Description = "Mappen med egne maler (*.sbn) som skal sjekkes. Standard: Tomte:Letters:TemplateFolder, ellers de innebygde malene.",
        };
        var command = new Command("check",
            "Sjekker malene: at hver fil er en mal Tomte kjenner, at den kan leses (syntaks), og at den kan fylles ut med et eksempelbrev " +
            "(ingen ukjente variabler). Skriver hver feil som fil:linje:kolonne.")
        {
            folder,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "letters check", async (services, output) =>
        {
            var options = services.GetRequiredService<IOptions<LettersOptions>>().Value;
            var chosen = parse.GetValue(folder) ?? (string.IsNullOrWhiteSpace(options.TemplateFolder) ? null : options.TemplateFolder);
            var result = LetterTemplateCheck.Run(chosen is null ? null : Path.GetFullPath(chosen), options);
            await output.WriteLineAsync(chosen is null
                ? "Sjekker de innebygde malene ..."
                : $"Sjekker malene i {Path.GetFullPath(chosen)} ({result.Overridden.Count} egne maler; resten innebygde) ...");
            foreach (var name in result.Overridden)
            {
                await output.WriteLineAsync($"  egen mal: {name}");
            }
            foreach (var error in result.Errors)
            {
                await output.WriteLineAsync($"  FEIL {error}");
            }
            if (result.Errors.Count > 0)
            {
                throw new LetterInputException($"{result.Errors.Count} feil i malene; først {result.Errors[0]}");
            }
            await output.WriteLineAsync("Malene er i orden: alle kan leses og fylles ut for alle fire steg.");
            return 0;
        }, validate: false));
        return command;
    }

    private static Command LettersPreviewCommand()
    {
        var owner = new Option<string>("--owner", "-o") { Description = "Eier-ID (f.eks. G17), som i Airtable og owners list.", Required = true };
        var folder = new Option<string>("--out") { Description = "Mappen filene skrives til (opprettes ved behov).", Required = true };
        var command = new Command("preview",
            "Skriver alt sekvensen ville sendt én grunneier, uten å sende noe: grunneierbrev 1 og 2 som PDF, e-postene som .eml og telefonmanuset som tekst.")
        {
            owner,
            folder,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "letters preview", async (services, output) =>
        {
            var target = Path.GetFullPath(parse.GetValue(folder)!);
            var result = await services.GetRequiredService<LetterPreview>().WriteAsync(parse.GetValue(owner)!.Trim(), target, null, cancellationToken);
            await output.WriteLineAsync($"Forhåndsvisning for {result.EierId} i {target}:");
            foreach (var file in result.Files)
            {
                await output.WriteLineAsync($"  {Path.GetFileName(file.Path)}  ({file.Step.DisplayName()}: {file.What})");
            }
            foreach (var skipped in result.Skipped)
            {
                await output.WriteLineAsync($"  hoppet over: {skipped}");
            }
            return 0;
        }, validate: true));
        return command;
    }
}

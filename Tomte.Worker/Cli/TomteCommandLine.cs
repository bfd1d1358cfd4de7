using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Tomte.Worker.Database;
using Tomte.Worker.Demo;
using Tomte.Worker.Doctor;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Cli;

/// <summary>The <c>tomte</c> command line. Help texts are Norwegian (the team reads them); errors name keys and files.</summary>
public static partial class TomteCommandLine
{
    /// <summary>Numbers and dates for the team, as they write them (1 234,5).</summary>
    private static readonly CultureInfo Norsk = CultureInfo.GetCultureInfo("nb-NO");

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand(
            "Tomte skal finne tomter som kommuneplanen avsetter til bolig, men som ingen vedtatt reguleringsplan dekker ennå " +
            "(KOMMUNEPLAN BOLIG − VEDTATT REGULERINGSPLAN), score dem, finne grunneierne og drive kontakten med dem. " +
            "Teamet jobber i Airtable; dette er arbeiderens kommandolinje. " +
            "I dag finnes innlasting av plan- og referansedata med kontroller (import, ingest), analysen som finner tomtene " +
            "(analyze), scoring med forklaring og kart per tomt (score), eksport til QGIS (export), eiendommene under tomtene og " +
            "grunneierne deres (owners), innsyn og sletting for grunneiere (gdpr), sperrelisten med vask mot Reservasjonsregisteret (suppression) " +
            "og Airtable-basen (airtable setup, sync). " +
            "Utsending er planlagt og har ingen kommandoer ennå.");
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(MigrateCommand());
        root.Subcommands.Add(DoctorCommand());
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(ImportCommand());
        root.Subcommands.Add(IngestCommand());
        root.Subcommands.Add(SsbCommand());
        root.Subcommands.Add(AnalyzeCommand());
        root.Subcommands.Add(ScoreCommand());
        root.Subcommands.Add(ExportCommand());
        root.Subcommands.Add(OwnersCommand());
        root.Subcommands.Add(GdprCommand());
        root.Subcommands.Add(SuppressionCommand());
        root.Subcommands.Add(LettersCommand());
        root.Subcommands.Add(AirtableCommand());
        root.Subcommands.Add(SyncCommand());
        root.Subcommands.Add(VurderCommand());
        root.Subcommands.Add(BrokersCommand());
        root.Subcommands.Add(OutreachCommand());
        root.Subcommands.Add(StatusCommand());
        root.Options.Add(Verbose);
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>Global: a person's verb logs only warnings to stderr unless asked for more.</summary>
    private static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Vis hele loggen (Information) på stderr, ikke bare advarsler og feil.",
        Recursive = true,
    };

    private static Command RunCommand()
    {
        var command = new Command("run", "Kjører tjenesten (det systemd starter): migrerer databasen og kjører de planlagte jobbene.");
        command.SetAction(async (_, cancellationToken) =>
        {
            try
            {
                using var host = TomteHost.CreateBuilder([], isService: true).Build();
                await host.RunAsync(cancellationToken);
                return 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Fail("run", ex);
            }
        });
        return command;
    }

    private static Command MigrateCommand()
    {
        var command = new Command("migrate", "Oppdaterer databaseskjemaet (versjonerte SQL-migreringer, hver i sin transaksjon).");
        command.SetAction((parse, cancellationToken) => WithHost(parse, "migrate", async (services, output) =>
        {
            var result = await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
            foreach (var script in result.Applied)
            {
                await output.WriteLineAsync($"  brukt: {script}");
            }
            await output.WriteLineAsync(result.Applied.Count == 0
                ? $"Databaseskjemaet er allerede oppdatert ({result.Total} migreringer)."
                : $"Databaseskjemaet er oppdatert: {result.Applied.Count} nye av {result.Total} migreringer.");
            return 0;
        }, validate: true));
        return command;
    }

    private static Command DoctorCommand()
    {
        var command = new Command("doctor", "Sjekker konfigurasjon, utdatamappe, database, PostGIS, databaseskjema og Airtable, og sier nøyaktig hva som må rettes.");
        command.SetAction((parse, cancellationToken) => WithHost(parse, "doctor", async (services, output) =>
        {
            var lines = await services.GetRequiredService<DoctorRunner>().RunAsync(cancellationToken);
            await output.WriteLineAsync("Tomte doctor");
            foreach (var line in lines)
            {
                var mark = line.Result.Status switch { DoctorStatus.Ok => "OK  ", DoctorStatus.Warning => "OBS ", _ => "FEIL" };
                await output.WriteLineAsync($"  [{mark}] {line.Label}: {line.Result.Detail}");
            }
            var failed = lines.Where(l => l.Result.Status == DoctorStatus.Failed).ToArray();
            if (failed.Length == 0)
            {
                await output.WriteLineAsync("Alt i orden.");
                return 0;
            }
            var first = failed[0];
            var key = first.Result.Key is null ? "" : $" (rett {first.Result.Key})";
            await Console.Error.WriteLineAsync($"tomte doctor: {failed.Length} sjekk(er) feilet; først {first.Label}{key}: {OneLine(first.Result.Detail)}");
            return 1;
        }, validate: false));
        return command;
    }

    private static Command DemoCommand()
    {
        var command = new Command("demo", "Kjører alle stegene som er bygget så langt på de medfølgende, syntetiske eksempeldataene mot den lokale databasen og skriver resultatet til utdatamappen.");
        command.SetAction((parse, cancellationToken) => WithHost(parse, "demo", async (services, output) =>
        {
            await output.WriteLineAsync("Tomte demo – syntetiske eksempeldata (ingen ekte planer, eiendommer eller personer).");
            var started = TimeProvider.System.GetTimestamp();
            var result = await services.GetRequiredService<DemoRunner>().RunAsync(output, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.GetCultureInfo("nb-NO"),
                $"Ferdig på {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s. Les rapporten først: {result.ReportPath}"));
            return 0;
        }, validate: true));
        return command;
    }

    /// <summary>
    /// Builds a host for a one-shot verb, turning every failure into one clear line on stderr and a non-zero exit;
    /// the log gets the exception whole first.
    /// </summary>
    private static async Task<int> WithHost(ParseResult parse, string verb, Func<IServiceProvider, TextWriter, Task<int>> body, bool validate,
        Action<IServiceCollection>? configure = null)
    {
        IHost? host = null;
        try
        {
            var builder = TomteHost.CreateBuilder([], isService: false, verbose: parse.GetValue(Verbose));
            configure?.Invoke(builder.Services);
            UseCliConsoleFormatter(builder);
            host = builder.Build();
            if (validate)
            {
                TomteHost.ValidateOptions(host.Services);
            }
            return await body(host.Services, Console.Out);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"tomte {verb}: avbrutt.");
            return 130;
        }
        catch (Exception ex)
        {
            // Bad settings and bad input are all in the verdict line (a failed load has logged its own exception).
            if (host is not null && !IsConfiguration(ex) && !CliConsoleFormatter.IsBadInput(ex))
            {
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TomteCommandLine)).CommandFailed(verb, ex);
            }
            // Disposing the host flushes the console log, so the verdict below is the last line.
            host?.Dispose();
            host = null;
            return Fail(verb, ex);
        }
        finally
        {
            host?.Dispose();
        }
    }

    // A person at a terminal reads the verdict line, not stack traces; a setting chosen in configuration wins.
    private static void UseCliConsoleFormatter(HostApplicationBuilder builder)
    {
        builder.Logging.AddConsoleFormatter<CliConsoleFormatter, ConsoleFormatterOptions>();
        if (builder.Configuration["Logging:Console:FormatterName"] is null)
        {
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = CliConsoleFormatter.FormatterName);
        }
    }

    private static bool IsConfiguration(Exception ex) =>
        ex is OptionsValidationException || (ex is AggregateException aggregate && aggregate.InnerExceptions.All(e => e is OptionsValidationException));

    private static int Fail(string verb, Exception ex)
    {
        var message = ex switch
        {
            OptionsValidationException validation => "ugyldig konfigurasjon: " + string.Join(" ", validation.Failures),
            AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
                "ugyldig konfigurasjon: " + string.Join(" ", aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
            _ => ex.Message,
        };
        Console.Error.WriteLine($"tomte {verb}: {OneLine(message)}");
        return 1;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

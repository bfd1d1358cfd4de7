using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tomte.Worker.Database;
using Tomte.Worker.Demo;
using Tomte.Worker.Doctor;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Cli;

/// <summary>The <c>tomte</c> command line. Help texts are Norwegian (the team reads them); errors name keys and files.</summary>
public static partial class TomteCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand(
            "Tomte finner tomter som kommuneplanen avsetter til bolig, men som ingen vedtatt reguleringsplan dekker ennå, " +
            "scorer dem, finner grunneierne og driver kontakten med dem. Teamet jobber i Airtable; dette er arbeiderens kommandolinje.");
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(MigrateCommand());
        root.Subcommands.Add(DoctorCommand());
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(ImportCommand());
        root.Subcommands.Add(IngestCommand());
        root.Subcommands.Add(AirtableCommand());
        root.Subcommands.Add(SyncCommand());
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
        var command = new Command("demo", "Kjører hele kjeden på de medfølgende, syntetiske eksempeldataene mot den lokale databasen og skriver resultatet til utdatamappen.");
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

    /// <summary>Builds a host for a one-shot verb, turning every failure into one clear line and a non-zero exit.</summary>
    private static async Task<int> WithHost(ParseResult parse, string verb, Func<IServiceProvider, TextWriter, Task<int>> body, bool validate)
    {
        try
        {
            using var host = TomteHost.CreateBuilder([], isService: false, verbose: parse.GetValue(Verbose)).Build();
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
            return Fail(verb, ex);
        }
    }

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

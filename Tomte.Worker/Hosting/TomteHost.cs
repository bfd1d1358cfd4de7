using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Analysis;
using Tomte.Worker.Analysis.Export;
using Tomte.Worker.Analysis.Maps;
using Tomte.Worker.Analysis.Scoring;
using Tomte.Worker.Brokers;
using Tomte.Worker.Database;
using Tomte.Worker.Demo;
using Tomte.Worker.Doctor;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;
using Tomte.Worker.Ingest.Ssb;
using Tomte.Worker.Jobs;
using Tomte.Worker.Letters;
using Tomte.Worker.Outreach;
using Tomte.Worker.Owners;
using Tomte.Worker.Status;

namespace Tomte.Worker.Hosting;

/// <summary>Builds the generic host every verb runs in; only <c>run</c> starts its hosted services.</summary>
public static class TomteHost
{
    /// <summary>Environment variable naming an extra settings file, for operators and tests.</summary>
    public const string ConfigFileVariable = "TOMTE_CONFIG";

    /// <param name="overrides">Settings that win over every other source (tests use them).</param>
    /// <param name="verbose">
    /// A person's verb logs only warnings and errors to stderr, so its own Norwegian lines on stdout stay readable;
    /// <c>--verbose</c> turns the configured levels (Information) back on. The service always logs at the configured levels.
    /// </param>
    public static HostApplicationBuilder CreateBuilder(string[] args, bool isService, IEnumerable<KeyValuePair<string, string?>>? overrides = null, bool verbose = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });

        // Later sources win: bundled defaults, /etc/tomte, an explicit file, then the environment.
        builder.Configuration.AddJsonFile("/etc/tomte/appsettings.json", optional: true, reloadOnChange: false);
        var extraFile = Environment.GetEnvironmentVariable(ConfigFileVariable);
        if (!string.IsNullOrWhiteSpace(extraFile))
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(extraFile), optional: false, reloadOnChange: false);
        }
        builder.Configuration.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options =>
        {
            // Verbs print their results on stdout; logs go to stderr so the two never mix.
            if (!isService)
            {
                options.LogToStandardErrorThreshold = LogLevel.Trace;
            }
        });
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        // Every Airtable request is otherwise logged four times at Information (HttpClient, Polly); Tomte's own events
        // 4001/4002 already say when one is retried, so only Polly's errors remain. Configuration can still lower these.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Error);
        // A failing job is logged once, by Tomte's event 2002 with the exception and its failure streak; Quartz would
        // log the same exception twice more (its job runner and its scheduler error listener).
        builder.Logging.AddFilter("Quartz.Core.JobRunShell", LogLevel.Critical);
        builder.Logging.AddFilter("Quartz.Core.ErrorLogger", LogLevel.Critical);
        if (!isService)
        {
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddFilter("Quartz", LogLevel.Warning);
            if (!verbose)
            {
                // A provider-specific rule outranks every Logging:LogLevel rule from configuration.
                builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
            }
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTomteOutput(builder.Configuration);
        builder.Services.AddTomteDatabase(builder.Configuration);
        builder.Services.AddTomteDoctor();
        builder.Services.AddTomteDemo();
        builder.Services.AddTomteIngest(builder.Configuration);
        builder.Services.AddTomteSources(builder.Configuration);
        builder.Services.AddTomteSsb(builder.Configuration);
        builder.Services.AddAnalysis(builder.Configuration);
        builder.Services.AddScoring(builder.Configuration);
        builder.Services.AddMaps(builder.Configuration);
        builder.Services.AddExport(builder.Configuration);
        builder.Services.AddTomteOwners(builder.Configuration);
        builder.Services.AddTomteAirtable(builder.Configuration);
        builder.Services.AddTomteAirtableSync(builder.Configuration);
        builder.Services.AddTomteBrokers(builder.Configuration);
        builder.Services.AddTomteJobHealth();
        builder.Services.AddTomteLetters(builder.Configuration);
        builder.Services.AddTomteOutreach(builder.Configuration);
        builder.Services.AddTomteStatus(builder.Configuration);
        if (isService)
        {
            builder.Services.AddSystemd();
            builder.Services.AddTomteJobs(builder.Configuration);
        }
        return builder;
    }

    /// <summary>Runs every options validator now, so a verb fails before doing any work.</summary>
    public static void ValidateOptions(IServiceProvider services) =>
        services.GetRequiredService<IStartupValidator>().Validate();
}

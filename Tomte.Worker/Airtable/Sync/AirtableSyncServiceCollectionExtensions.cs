using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Doctor;
using Tomte.Worker.Jobs;

namespace Tomte.Worker.Airtable.Sync;

public static class AirtableSyncServiceCollectionExtensions
{
    /// <summary>
    /// What Tomte does with the Airtable client (registered by AddTomteAirtable): set-up, two-way sync, the demo's CSV export,
    /// doctor checks and the scheduled sync job.
    /// </summary>
    public static IServiceCollection AddTomteAirtableSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<AirtableSyncOptions>()
            .Bind(configuration.GetSection(AirtableSyncOptions.Section));
        services.AddSingleton<IValidateOptions<AirtableSyncOptions>, AirtableSyncOptionsValidator>();
        services.AddSingleton<AirtableProjection>();
        services.AddSingleton<AirtableCsvExport>();
        services.AddTransient<AirtableSetup>();
        services.AddTransient<AirtableOutboundSync>();
        services.AddTransient<AirtableInboundSync>();
        services.AddTransient<AirtableSync>();
        services.AddTransient<AirtableDemoStep>();
        services.AddDoctorCheck<AirtableAccessCheck>();
        services.AddDoctorCheck<AirtableSchemaCheck>();

        // Without a token there is nothing to sync on schedule; the job stays registered for a manual trigger.
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var configured = !string.IsNullOrWhiteSpace(configuration[$"{AirtableOptions.Section}:Token"]);
        if (configured)
        {
            jobs.Schedules.TryAdd(AirtableSyncJob.Name, AirtableSyncJob.DefaultSchedule);
        }
        else
        {
            jobs.Schedules.Remove(AirtableSyncJob.Name);
        }
        services.AddQuartz(q => JobsServiceCollectionExtensions.AddScheduled<AirtableSyncJob>(q, AirtableSyncJob.Name, jobs, jobs.ResolveTimeZoneOrUtc()));
        return services;
    }
}

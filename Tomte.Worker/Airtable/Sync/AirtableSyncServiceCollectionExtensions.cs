using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Doctor;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Airtable.Sync;

public static class AirtableSyncServiceCollectionExtensions
{
    /// <summary>
    /// What Tomte does with the Airtable client (registered by AddTomteAirtable): set-up, two-way sync, the demo's CSV export
    /// and doctor checks. The scheduled sync job is registered with the other jobs (AddTomteJobs), for <c>tomte run</c> only.
    /// </summary>
    public static IServiceCollection AddTomteAirtableSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<AirtableSyncOptions, AirtableSyncOptionsValidator>(configuration, AirtableSyncOptions.Section);
        services.AddSingleton<AirtableProjection>();
        services.AddSingleton<AirtableCsvExport>();
        services.AddTransient<AirtableSetup>();
        services.AddTransient<AirtableOutboundSync>();
        services.AddTransient<AirtableInboundSync>();
        services.AddTransient<AirtableSync>();
        services.AddSingleton<AirtableSyncLock>();
        services.AddDoctorCheck<AirtableAccessCheck>();
        services.AddDoctorCheck<AirtableSchemaCheck>();
        services.AddDoctorCheck<AirtableRecordLimitCheck>();
        return services;
    }
}

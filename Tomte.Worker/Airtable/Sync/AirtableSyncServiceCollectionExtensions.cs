using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Airtable.Sync;

public static class AirtableSyncServiceCollectionExtensions
{
    /// <summary>Set-up, two-way sync, CSV export, doctor checks and the sync job on top of the Airtable client.</summary>
    public static IServiceCollection AddTomteAirtableSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<AirtableSyncOptions>()
            .Bind(configuration.GetSection(AirtableSyncOptions.Section));
        services.AddSingleton<IValidateOptions<AirtableSyncOptions>, AirtableSyncOptionsValidator>();
        services.AddSingleton<AirtableProjection>();
        services.AddSingleton<AirtableCsvExport>();
        services.AddSingleton<AirtableDemoStep>();
        return services;
    }
}

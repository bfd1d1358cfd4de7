using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Ingest;

public static class IngestServiceCollectionExtensions
{
    public static IServiceCollection AddTomteIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<IngestOptions, IngestOptionsValidator>(configuration, IngestOptions.Section);
        services.AddSingleton<DatasetLoader>();
        services.AddSingleton<FileImporter>();
        services.AddSingleton<IngestRunner>();
        services.AddSingleton<SampleDataImport>();
        return services;
    }
}

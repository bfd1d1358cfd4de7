using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Ingest;

public static class IngestServiceCollectionExtensions
{
    public static IServiceCollection AddTomteIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<IngestOptions>()
            .Bind(configuration.GetSection(IngestOptions.Section));
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();
        services.AddSingleton<DatasetLoader>();
        services.AddSingleton<FileImporter>();
        services.AddSingleton<IngestRunner>();
        services.AddSingleton<SampleDataImport>();
        return services;
    }
}

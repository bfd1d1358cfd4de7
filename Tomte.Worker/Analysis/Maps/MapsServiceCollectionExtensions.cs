using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Analysis.Maps;

public static class MapsServiceCollectionExtensions
{
    public static IServiceCollection AddMaps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<MapOptions>(configuration, MapOptions.Section);
        services.AddSingleton<MapInputs>();
        services.AddSingleton<MapRunner>();
        return services;
    }
}

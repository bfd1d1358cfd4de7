using Microsoft.Extensions.DependencyInjection;

namespace Tomte.Worker.Demo;

public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddTomteDemo(this IServiceCollection services)
    {
        services.AddSingleton<DemoRunner>();
        return services;
    }
}

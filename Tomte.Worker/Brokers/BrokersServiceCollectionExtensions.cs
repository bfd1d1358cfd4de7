using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Brokers;

public static class BrokersServiceCollectionExtensions
{
    /// <summary>Brokers' tips: the address lookup, the on-request assessment, the Airtable round trip and the follow-up per broker.</summary>
    public static IServiceCollection AddTomteBrokers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<BrokersOptions, BrokersOptionsValidator>(configuration, BrokersOptions.Section);
        services.AddHttpClient<AddressClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddTransient<TipGeometry>();
        services.AddTransient<TipAssessor>();
        services.AddSingleton<TipStore>();
        services.AddSingleton<BrokerFollowUp>();
        services.AddTransient<TipSync>();
        return services;
    }
}

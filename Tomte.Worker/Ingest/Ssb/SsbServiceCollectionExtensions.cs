using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Ingest.Ssb;

public static class SsbServiceCollectionExtensions
{
    public static IServiceCollection AddTomteSsb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<SsbOptions, SsbOptionsValidator>(configuration, SsbOptions.Section);
        // The client keeps its own timeout and retries (429 with Retry-After through the shared limiter), so no
        // resilience handler here: its retries would bypass the per-minute budget.
        services.AddHttpClient(SsbIndicators.HttpClientName, client =>
        {
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Tomte/1.0 (+ssb indicators)");
        });
        services.AddSingleton(sp => new SsbRateLimiter(
            sp.GetRequiredService<IOptions<SsbOptions>>().Value.RequestsPerMinute, TimeSpan.FromMinutes(1), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SsbCache>();
        services.AddSingleton<SsbIndicators>();
        return services;
    }
}

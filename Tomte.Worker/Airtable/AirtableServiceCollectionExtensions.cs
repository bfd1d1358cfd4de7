using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Airtable;

public static class AirtableServiceCollectionExtensions
{
    /// <summary>
    /// The typed <see cref="AirtableClient"/>. Its handler chain, outermost first: 429 retry (unbounded, at least
    /// the penalty; a 429 means nothing was written, so even creates are safe to resend), transient retry
    /// (idempotent calls only), the per-base rate limiter, then a per-attempt timeout.
    /// </summary>
    public static IServiceCollection AddTomteAirtable(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<AirtableOptions, AirtableOptionsValidator>(configuration, AirtableOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AirtableRateLimiter>();
        services.TryAddSingleton<AirtableSharedLimiter>();
        services.TryAddSingleton<AirtableCallBudget>();
        services.TryAddTransient<AirtableRateLimitHandler>();

        var client = services.AddHttpClient<AirtableClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<AirtableOptions>>().Value;
                // The attempt timeout below bounds each try; a whole call may legitimately wait out 429 penalties.
                http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
                if (!string.IsNullOrWhiteSpace(options.Token))
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
                }
                http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Tomte", "1.0"));
            });
        client.AddResilienceHandler("airtable-retry", ConfigureRetries);
        client.AddHttpMessageHandler<AirtableRateLimitHandler>();
        client.AddResilienceHandler("airtable-attempt", (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<AirtableOptions>>().Value;
                builder.AddTimeout(options.Timeout);
            });
        return services;
    }

    private static void ConfigureRetries(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<AirtableOptions>>().Value;
        var limiter = context.ServiceProvider.GetRequiredService<AirtableRateLimiter>();
        var shared = context.ServiceProvider.GetRequiredService<AirtableSharedLimiter>();
        var logger = context.ServiceProvider.GetRequiredService<ILogger<AirtableClient>>();

        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = "airtable-429",
            // Never drop a write: Airtable's 429 only ever means "later", so keep waiting.
            MaxRetryAttempts = int.MaxValue,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests),
            DelayGenerator = args =>
            {
                var retryAfter = args.Outcome.Result?.Headers.RetryAfter?.Delta;
                var delay = retryAfter > options.RateLimitPenalty ? retryAfter.Value : options.RateLimitPenalty;
                return ValueTask.FromResult<TimeSpan?>(delay);
            },
            OnRetry = async args =>
            {
                var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
                var baseKey = AirtableRateLimiter.KeyOf(request?.RequestUri);
                limiter.Penalize(baseKey, args.RetryDelay);
                await shared.PenalizeAsync(baseKey, args.RetryDelay);
                logger.RateLimited(request?.Method.Method ?? "?", TableOf(request), baseKey, args.RetryDelay.TotalSeconds, args.AttemptNumber + 1);
            },
        });

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "airtable-transient",
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                ShouldHandle = args => ValueTask.FromResult(IsIdempotent(args.Context.GetRequestMessage()) && IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    var reason = args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}";
                    logger.RetryingTransient(request?.Method.Method ?? "?", TableOf(request), reason, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.RequestTimeout } => true,
        { Result.StatusCode: >= HttpStatusCode.InternalServerError } => true,
        _ => false,
    };

    private static bool IsIdempotent(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(AirtableClient.IdempotentOption, out var idempotent) && idempotent;

    private static string TableOf(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(AirtableClient.TableOption, out var table) ? table : "?";
}

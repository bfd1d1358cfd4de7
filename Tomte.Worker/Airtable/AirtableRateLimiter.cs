using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Airtable;

/// <summary>
/// The process-wide request budget per Airtable base (Airtable counts per base, not per token), shared by
/// every HttpClient the factory hands out. Each HTTP attempt, retries included, takes one permit.
/// </summary>
public sealed class AirtableRateLimiter : IDisposable
{
    // Many short segments keep the sliding window close to exact: a permit is handed out again at the
    // earliest (Segments - 1) segments after it was taken, so the window is stretched by one segment.
    private const int Segments = 50;

    private readonly ConcurrentDictionary<string, SlidingWindowRateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _penaltyUntil = new(StringComparer.Ordinal);
    private readonly AirtableOptions _options;
    private readonly TimeProvider _timeProvider;

    public AirtableRateLimiter(IOptions<AirtableOptions> options, TimeProvider timeProvider)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
    }

    /// <summary>Waits for a permit for the base the request goes to, and for the end of any 429 penalty on it.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(string baseKey, CancellationToken cancellationToken)
    {
        await WaitOutPenaltyAsync(baseKey, cancellationToken).ConfigureAwait(false);
        var limiter = _limiters.GetOrAdd(baseKey, _ => Create());
        var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException($"The Airtable rate limiter for base {baseKey} refused a request although its queue is unbounded.");
        }
        try
        {
            // A penalty may have begun while this request queued for its permit; sending later only uses less of the window.
            await WaitOutPenaltyAsync(baseKey, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        return lease;
    }

    private async Task WaitOutPenaltyAsync(string baseKey, CancellationToken cancellationToken)
    {
        while (_penaltyUntil.TryGetValue(baseKey, out var until))
        {
            var wait = until - _timeProvider.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                _penaltyUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(baseKey, until));
                return;
            }
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After a 429 nobody may call the base until the penalty is over; more calls would only earn more 429s.</summary>
    public void Penalize(string baseKey, TimeSpan penalty)
    {
        var until = _timeProvider.GetUtcNow() + penalty;
        _penaltyUntil.AddOrUpdate(baseKey, until, (_, current) => current > until ? current : until);
    }

    /// <summary>The base a request counts against: /v0/{base}/..., /v0/meta/bases/{base}/... or the upload host's /v0/{base}/....</summary>
    public static string KeyOf(Uri? uri)
    {
        var segments = uri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (segments.Length >= 4 && segments[1] == "meta" && segments[2] == "bases")
        {
            return segments[3];
        }
        return segments.Length >= 2 ? segments[1] : "";
    }

    private SlidingWindowRateLimiter Create()
    {
        var spacing = _options.RateLimitWindow + _options.RateLimitSafetyMargin;
        return new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = _options.RequestsPerSecond,
            Window = spacing * Segments / (Segments - 1),
            SegmentsPerWindow = Segments,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
        _limiters.Clear();
    }
}

/// <summary>Sits between the retry strategies and the wire, so every attempt waits for its permit.</summary>
/// <remarks>
/// The process's own limiter first (cheap, keeps this process's requests in order), then the budget shared with every
/// other process on the database, held until the answer is back.
/// </remarks>
internal sealed class AirtableRateLimitHandler(AirtableRateLimiter limiter, AirtableSharedLimiter shared) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var baseKey = AirtableRateLimiter.KeyOf(request.RequestUri);
        using var lease = await limiter.AcquireAsync(baseKey, cancellationToken).ConfigureAwait(false);
        var slot = await shared.AcquireAsync(baseKey, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage? response = null;
        AirtableRequestTally.CountRequest();
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            if (slot is long requestId)
            {
                await shared.ReleaseAsync(requestId, response?.StatusCode == System.Net.HttpStatusCode.TooManyRequests).ConfigureAwait(false);
            }
        }
    }
}

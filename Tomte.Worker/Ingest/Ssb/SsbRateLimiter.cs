namespace Tomte.Worker.Ingest.Ssb;

/// <summary>
/// SSB's open APIs allow 30 requests a minute per client: a sliding window of the last requests' start times, and a
/// pause when SSB answered 429 with Retry-After. One per process (the SSB client is a singleton), so parallel callers
/// share the budget. Waits on the injected <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed class SsbRateLimiter(int requestsPerWindow, TimeSpan window, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    public int RequestsPerWindow => requestsPerWindow;

    /// <summary>Until when a 429 holds every request back (the past when none does).</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_sent)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>Returns when one more request may start, and counts it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                while (_sent.Count > 0 && _sent.Peek() <= now - window)
                {
                    _sent.Dequeue();
                }
                var paused = PausedUntil;
                var until = paused > now ? paused : _sent.Count >= requestsPerWindow ? _sent.Peek() + window : now;
                if (until <= now)
                {
                    _sent.Enqueue(now);
                    return;
                }
                await Task.Delay(until - now, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>SSB said 429: nobody starts a request before <paramref name="retryAfter"/> has passed.</summary>
    public void Pause(TimeSpan retryAfter)
    {
        var until = time.GetUtcNow() + retryAfter;
        lock (_sent)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }
}

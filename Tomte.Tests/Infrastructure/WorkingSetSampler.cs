namespace Tomte.Tests.Infrastructure;

/// <summary>Samples this process's working set every 20 ms from a clean start, for benchmarks that report peak memory.</summary>
public sealed class WorkingSetSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    private WorkingSetSampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Before = Environment.WorkingSet;
        _peak = Before;
        _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, Environment.WorkingSet);
                await Task.Delay(20, CancellationToken.None);
            }
        });
    }

    public long Before { get; }

    public long Peak => Interlocked.Read(ref _peak);

    public static WorkingSetSampler Start() => new();

    /// <summary>Stops sampling; <see cref="Peak"/> keeps the highest value seen.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

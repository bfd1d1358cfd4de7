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

    /// <summary>
    /// What "flat memory" means for a streaming reader: its working set grows by buffers, not with the file.
    /// Generous on purpose (a few tens of MB are typical), yet below what a 150–200 MB file's features would take if held.
    /// </summary>
    public const long FlatGrowthBound = 256L * 1024 * 1024;

    /// <summary>Fails when the peak grew more than <see cref="FlatGrowthBound"/> over the working set at the start.</summary>
    public void AssertFlat(string what)
    {
        var grown = Peak - Before;
        Assert.True(grown < FlatGrowthBound,
            $"{what}: working set grew {grown / 1048576.0:F0} MB while reading (from {Before / 1048576.0:F0} MB to {Peak / 1048576.0:F0} MB); a streaming reader stays under {FlatGrowthBound / 1048576} MB");
    }

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

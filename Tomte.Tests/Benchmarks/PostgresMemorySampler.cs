using System.Globalization;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// Samples the memory of a local PostgreSQL server's processes from /proc every 20 ms: the sum over the postmaster's
/// children (backends, parallel workers, background processes) of their private memory (RssAnon) and of their whole
/// resident set (VmRSS, which also counts the shared buffers each process touched, so it overstates the real total).
/// The private sum is the honest "what the server needed" figure; a query's working memory shows up there.
/// It also adds up the CPU time (user + system) those processes spent while sampling, which on a shared, noisy machine
/// says more about the work done than wall time does.
/// </summary>
public sealed class PostgresMemorySampler : IAsyncDisposable
{
    private readonly int _postmaster;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly Dictionary<int, (long First, long Last)> _cpuTicks = [];
    private long _peakPrivate;
    private long _peakResident;

    private PostgresMemorySampler(int postmaster)
    {
        _postmaster = postmaster;
        var initial = Children();
        (Before, _) = Sample(initial);
        foreach (var pid in initial)
        {
            if (CpuTicks(pid) is { } ticks)
            {
                _cpuTicks[pid] = (ticks, ticks);
            }
        }
        _peakPrivate = Before;
        _sampling = Task.Run(async () =>
        {
            var children = Children();
            var rescan = 0;
            while (!_stop.IsCancellationRequested)
            {
                if (++rescan % 10 == 0)
                {
                    children = Children();
                }
                var (privateBytes, residentBytes) = Sample(children);
                _peakPrivate = Math.Max(_peakPrivate, privateBytes);
                _peakResident = Math.Max(_peakResident, residentBytes);
                lock (_cpuTicks)
                {
                    foreach (var pid in children)
                    {
                        if (CpuTicks(pid) is { } ticks)
                        {
                            // A process that started while sampling spent all its CPU time in the sampled window.
                            _cpuTicks[pid] = (_cpuTicks.TryGetValue(pid, out var seen) ? seen.First : 0, ticks);
                        }
                    }
                }
                await Task.Delay(20, CancellationToken.None);
            }
        });
    }

    /// <summary>Private bytes of the server's processes when sampling started.</summary>
    public long Before { get; }

    public long PeakPrivate => Interlocked.Read(ref _peakPrivate);

    public long PeakResident => Interlocked.Read(ref _peakResident);

    /// <summary>CPU time the server's processes spent while sampling (to within one 20 ms sample per process that ended).</summary>
    public TimeSpan ServerCpu
    {
        get
        {
            lock (_cpuTicks)
            {
                // USER_HZ is 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
                return TimeSpan.FromSeconds(_cpuTicks.Values.Sum(t => t.Last - t.First) / 100.0);
            }
        }
    }

    /// <summary>Starts sampling the server that runs <paramref name="backendPid"/> (from <c>pg_backend_pid()</c>).</summary>
    public static PostgresMemorySampler Start(int backendPid) => new(ParentOf(backendPid));

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

    private List<int> Children()
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Parent(pid) == _postmaster)
            {
                children.Add(pid);
            }
        }
        return children;
    }

    private static (long Private, long Resident) Sample(List<int> pids)
    {
        long privateBytes = 0, residentBytes = 0;
        foreach (var pid in pids)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                    {
                        privateBytes += Kilobytes(line) * 1024;
                    }
                    else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        residentBytes += Kilobytes(line) * 1024;
                    }
                }
            }
            catch (IOException)
            {
                // The process ended between the scan and the read (a parallel worker finishing).
            }
        }
        return (privateBytes, residentBytes);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);

    private static int ParentOf(int pid) =>
        Parent(pid) is { } parent ? parent : throw new InvalidOperationException($"PostgreSQL backend {pid} is not a local process (/proc/{pid}/stat is missing).");

    private static int? Parent(int pid) => Stat(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    // utime + stime, in clock ticks.
    private static long? CpuTicks(int pid) =>
        Stat(pid) is { } fields ? long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture) : null;

    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace Tomte.Tests.Infrastructure;

/// <summary>
/// <c>tomte run</c> as a real, long-running process: its output collected, signals sent with kill(1) as systemd would.
/// With <see cref="StartUnderSystemdAsync"/> its parent process is named "systemd" (a symlink to /bin/bash), which is how
/// Microsoft.Extensions.Hosting.Systemd recognises a service, so READY=1 and STOPPING=1 go to NOTIFY_SOCKET.
/// </summary>
public sealed class TomteService : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _pid = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TomteService(Process process, bool pidOnFirstLine)
    {
        _process = process;
        if (!pidOnFirstLine)
        {
            _pid.SetResult(process.Id);
        }
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            if (!_pid.Task.IsCompleted && int.TryParse(e.Data, out var pid))
            {
                _pid.SetResult(pid);
                return;
            }
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The worker's own process id (under the systemd stand-in, its child's).</summary>
    public Task<int> PidAsync => _pid.Task;

    public static TomteService Start(IDictionary<string, string?> environment) =>
        new(Process.Start(StartInfo("dotnet", [TomteProcess.WorkerDll(), "run"], environment)) ?? throw new InvalidOperationException("could not start dotnet"), false);

    public static Task<TomteService> StartUnderSystemdAsync(IDictionary<string, string?> environment, string folder)
    {
        var systemd = Path.Combine(folder, "systemd");
        if (!File.Exists(systemd))
        {
            // bash, not sh: Debian's sh (dash) drops environment variables whose names are not shell identifiers, and
            // job schedules are set as Tomte__Jobs__Schedules__airtable-sync.
            File.CreateSymbolicLink(systemd, "/bin/bash");
        }
        // The stand-in forks the worker, prints its pid, passes SIGTERM on (as systemd signals the main process) and waits.
        var script = $"dotnet '{TomteProcess.WorkerDll()}' run & child=$!; echo $child; trap 'kill -TERM $child' TERM; wait $child; wait $child";
        var process = Process.Start(StartInfo(systemd, ["-c", script], environment)) ?? throw new InvalidOperationException("could not start the systemd stand-in");
        return Task.FromResult(new TomteService(process, true));
    }

    private static ProcessStartInfo StartInfo(string file, string[] arguments, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>Sends a signal (TERM, KILL) to the worker itself.</summary>
    public async Task SignalAsync(string signal)
    {
        var pid = await PidAsync;
        using var kill = Process.Start("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>True when the process ended within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>Settings as environment variables for a child process (Tomte:Airtable:Token → Tomte__Airtable__Token).</summary>
public static class ChildEnvironment
{
    public static Dictionary<string, string?> From(PostgisDatabase database, IDictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Tomte__Database__ConnectionString"] = database.ConnectionString,
            ["Tomte__Output__Directory"] = Path.Combine(Path.GetTempPath(), "tomte-tests", database.Name),
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        return environment;
    }
}

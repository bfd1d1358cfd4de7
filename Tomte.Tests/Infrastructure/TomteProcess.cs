using System.Diagnostics;

namespace Tomte.Tests.Infrastructure;

/// <summary>Runs the built <c>tomte</c> command line as a real process, as an operator would.</summary>
public static class TomteProcess
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Outcome> RunAsync(IDictionary<string, string?> environment, params string[] arguments)
    {
        var dll = WorkerDll();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    // The worker runs from its own build output: the test folder resolves some assemblies through the
    // ASP.NET Core shared framework (for the fakes), which tomte.runtimeconfig.json does not name.
    internal static string WorkerDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;                 // net10.0
        var configuration = testOutput.Parent!.Name;     // Debug / Release
        var root = testOutput.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "Tomte.Worker", "bin", configuration, framework, "tomte.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the worker first: {dll} is missing.", dll);
    }
}

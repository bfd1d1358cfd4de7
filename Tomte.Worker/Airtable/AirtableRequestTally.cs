using System.Collections.Concurrent;
using Quartz;

namespace Tomte.Worker.Airtable;

/// <summary>
/// The Airtable requests one job run sends, recorded in ops.job_run.airtable_calls, so the month's calls per job can be
/// measured rather than estimated. A job that talks to Airtable begins a tally; the request handler counts every attempt
/// it lets through into the tally of the job's async flow. Requests outside a job (the verbs) are not tallied here but
/// are still counted per base and day in ops.airtable_call.
/// </summary>
public sealed class AirtableRequestTally
{
    private static readonly AsyncLocal<AirtableRequestTally?> Current = new();

    // The tallies of the runs in progress in this process, by fire instance, until the run recorder takes them.
    private static readonly ConcurrentDictionary<string, AirtableRequestTally> Running = new(StringComparer.Ordinal);

    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts counting the requests sent from here on in this async flow (the job's Execute).</summary>
    public static AirtableRequestTally Begin(IJobExecutionContext context)
    {
        var tally = new AirtableRequestTally();
        Running[context.FireInstanceId] = tally;
        Current.Value = tally;
        return tally;
    }

    /// <summary>The requests of a finished run (and forgets it); null when the job began no tally (it never talks to Airtable).</summary>
    public static int? Take(IJobExecutionContext context) =>
        Running.TryRemove(context.FireInstanceId, out var tally) ? tally.Requests : null;

    internal static void CountRequest()
    {
        if (Current.Value is { } tally)
        {
            Interlocked.Increment(ref tally._requests);
        }
    }
}

using Npgsql;

namespace Tomte.Worker.Ingest.LoadChecks;

/// <summary>
/// The kommuner of one load that a staged check refused. A load for one kommune fails as a whole on the first refusal.
/// A load of many (a national file, no <c>--kommune</c>) fails only the refused kommuner: their staged rows go, their
/// previous rows stay, each is recorded as failed in ingest.load, and the other kommuner of the file still load.
/// </summary>
public sealed class KommuneFailures(bool perKommune)
{
    private readonly List<(string Kommune, SourceFormatException Error)> _failed = [];
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    /// <summary>The refused kommuner in the order the checks refused them, each with its first reason.</summary>
    public IReadOnlyList<(string Kommune, SourceFormatException Error)> Failed => _failed;

    public bool Contains(string kommune) => _failed.Exists(f => f.Kommune == kommune);

    /// <summary>Records a refusal (the first one per kommune counts); <see cref="SettleAsync"/> acts on it.</summary>
    public void Add(string kommune, SourceFormatException error)
    {
        if (!Contains(kommune))
        {
            _failed.Add((kommune, error));
            _pending.Add(kommune);
        }
    }

    /// <summary>
    /// After a check: a single-kommune load throws the refusal; a load of many removes the refused kommuner' staged
    /// rows, so later checks and the swap see only the kommuner still loading.
    /// </summary>
    public async Task SettleAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        if (!perKommune)
        {
            throw _failed.First(f => _pending.Contains(f.Kommune)).Error;
        }
        await using var command = new NpgsqlCommand("DELETE FROM pg_temp.ingest_stage WHERE kommunenummer = ANY($1)", connection);
        command.Parameters.AddWithValue(_pending.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        _pending.Clear();
    }
}

using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Ingest;

/// <summary>
/// Writes mapped features into <see cref="StagingTable"/> with one binary COPY, and remembers which feature each
/// recent row came from, so a row the server refuses can be named by its feature.
/// </summary>
internal sealed class StagingCopy : IAsyncDisposable
{
    /// <summary>How many rows back a server error on a COPY row can still be traced to its feature.</summary>
    private const int RecentRows = 65_536;

    private readonly Dataset _dataset;
    private readonly NpgsqlBinaryImporter _importer;
    private readonly double _minArea;
    private readonly double _minWidth;
    private readonly long[] _recent = new long[RecentRows];
    private long _rows;

    private StagingCopy(Dataset dataset, NpgsqlBinaryImporter importer, IngestOptions options)
    {
        _dataset = dataset;
        _importer = importer;
        (_minArea, _minWidth) = (options.SliverMinAreaSquareMetres, options.SliverMinWidthMetres);
    }

    public static async Task<StagingCopy> BeginAsync(NpgsqlConnection connection, Dataset dataset, IngestOptions options, CancellationToken cancellationToken)
    {
        var columns = string.Concat(dataset.Columns.Select(c => $"{c.Column}, "));
        var sql = $"COPY pg_temp.ingest_stage (ord, kommunenummer, source_id, {columns}srid, ewkb, repaired, geom) FROM STDIN (FORMAT BINARY)";
        return new StagingCopy(dataset, await connection.BeginBinaryImportAsync(sql, cancellationToken), options);
    }

    public async Task WriteAsync(SourceFeature feature, MappedFeature mapped, int srid, CancellationToken cancellationToken)
    {
        _recent[_rows++ % RecentRows] = mapped.Index;
        await _importer.StartRowAsync(cancellationToken);
        await _importer.WriteAsync(mapped.Index, NpgsqlDbType.Bigint, cancellationToken);
        await _importer.WriteAsync(mapped.Kommunenummer, NpgsqlDbType.Text, cancellationToken);
        await _importer.WriteAsync(mapped.SourceId, NpgsqlDbType.Text, cancellationToken);
        for (var i = 0; i < _dataset.Columns.Count; i++)
        {
            var value = mapped.Values[i];
            if (value is null)
            {
                await _importer.WriteNullAsync(cancellationToken);
                continue;
            }
            switch (_dataset.Columns[i].Type)
            {
                case ColumnType.Text:
                    await _importer.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken);
                    break;
                case ColumnType.Integer:
                    await _importer.WriteAsync((int)value, NpgsqlDbType.Integer, cancellationToken);
                    break;
                case ColumnType.Date:
                    await _importer.WriteAsync((DateOnly)value, NpgsqlDbType.Date, cancellationToken);
                    break;
            }
        }
        await _importer.WriteAsync(srid, NpgsqlDbType.Integer, cancellationToken);
        // A row arriving with its final geometry skips the server's cleaning trigger (see StagedGeometry).
        if (_dataset.Geometry == GeometryKind.Polygon && StagedGeometry.TryFinalGeometry(feature.Geometry!, mapped.Ewkb, _minArea, _minWidth) is { } final)
        {
            await _importer.WriteNullAsync(cancellationToken);
            await _importer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
            await _importer.WriteAsync(final, NpgsqlDbType.Bytea, cancellationToken);
        }
        else
        {
            await _importer.WriteAsync(mapped.Ewkb, NpgsqlDbType.Bytea, cancellationToken);
            await _importer.WriteNullAsync(cancellationToken);
            await _importer.WriteNullAsync(cancellationToken);
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken) => await _importer.CompleteAsync(cancellationToken);

    /// <summary>The server refused a row while cleaning it (e.g. coordinates the transform cannot take): name that feature.</summary>
    public SourceFormatException Refused(string source, long row, PostgresException error)
    {
        var feature = row <= _rows && _rows - row < RecentRows ? FeatureLabel.Of(_recent[(row - 1) % RecentRows], null) : $"row {row} of the load";
        return new SourceFormatException(source, feature, $"PostGIS refused the geometry: {error.MessageText}", error);
    }

    public ValueTask DisposeAsync() => _importer.DisposeAsync();
}

using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tomte.Worker.Ingest;

/// <summary>
/// One running SHA-256 per kommune over what a load writes, so that a source delivering the same rows again is
/// recorded as unchanged and swaps nothing.
/// </summary>
/// <remarks>
/// The canonical stream is what lands in the table: the mapped values and the geometry, in source order, plus
/// everything else that decides the rows (mapping, sliver limits), so changing those reloads.
/// </remarks>
internal sealed class LoadChecksums(Dataset dataset, IngestOptions options) : IDisposable
{
    private readonly Dictionary<string, IncrementalHash> _hashes = new(StringComparer.Ordinal);
    private readonly byte[] _scratch = new byte[8];

    /// <summary>The kommuner features were written for.</summary>
    public IEnumerable<string> Kommuner => _hashes.Keys;

    public void Add(MappedFeature feature)
    {
        if (!_hashes.TryGetValue(feature.Kommunenummer, out var hash))
        {
            hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            AppendText(hash, $"{dataset.Name}|{string.Join(',', dataset.Columns.Select(c => c.Column))}|{options.SliverMinAreaSquareMetres.ToString(CultureInfo.InvariantCulture)}|{options.SliverMinWidthMetres.ToString(CultureInfo.InvariantCulture)}");
            _hashes[feature.Kommunenummer] = hash;
        }
        AppendText(hash, feature.SourceId);
        foreach (var value in feature.Values)
        {
            AppendText(hash, value switch
            {
                null => "\u0000",
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            });
        }
        BinaryPrimitives.WriteInt32LittleEndian(_scratch, feature.Ewkb.Length);
        hash.AppendData(_scratch, 0, 4);
        hash.AppendData(feature.Ewkb);
    }

    public string Checksum(string kommune)
    {
        if (!_hashes.TryGetValue(kommune, out var hash))
        {
            hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            AppendText(hash, $"{dataset.Name}|empty");
            _hashes[kommune] = hash;
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    public void Dispose()
    {
        foreach (var hash in _hashes.Values)
        {
            hash.Dispose();
        }
    }

    private void AppendText(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteInt32LittleEndian(_scratch, bytes.Length);
        hash.AppendData(_scratch, 0, 4);
        hash.AppendData(bytes);
    }
}

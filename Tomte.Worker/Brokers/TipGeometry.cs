using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Brokers;

/// <summary>The land a tip is about, in EPSG:25833, and how it was found ("teig 3218-12/34", "adresse …").</summary>
public sealed record ResolvedTip(Geometry Geometry, string Beskrivelse, string? Kommunenummer);

/// <summary>
/// Turns what the team entered into a polygon: the teiger of the matrikkelnumre (ref.teig), the teig an address
/// lies on (Kartverket's address API, then ref.teig), or the pasted WKT/GeoJSON as it is. Every failure is a
/// <see cref="TipInputException"/> with the Norwegian message the tip shows.
/// </summary>
public sealed class TipGeometry(NpgsqlDataSource dataSource, AddressClient addresses)
{
    public async Task<ResolvedTip> ResolveAsync(TipInput input, CancellationToken cancellationToken) => input.Kind switch
    {
        TipInputKind.Matrikkelnummer => await ParcelsAsync(input.Matrikkelnumre, cancellationToken),
        TipInputKind.Adresse => await AddressAsync(input.Text, cancellationToken),
        _ => await PolygonAsync(input.Text, cancellationToken),
    };

    private async Task<ResolvedTip> ParcelsAsync(IReadOnlyList<Matrikkelnummer> numbers, CancellationToken cancellationToken)
    {
        // One row per asked number, in order; a NULL geometry names the first one the teig data does not have.
        const string sql = """
            SELECT n.i, ST_Multi(ST_UnaryUnion(ST_Collect(t.geom)))
            FROM unnest(@k::char(4)[], @gnr::int[], @bnr::int[], @fnr::int[], @snr::int[]) WITH ORDINALITY AS n(k, gnr, bnr, fnr, snr, i)
            LEFT JOIN ref.teig t ON t.kommunenummer = n.k AND t.gnr = n.gnr AND t.bnr = n.bnr AND t.fnr = n.fnr AND t.snr = n.snr
            GROUP BY n.i
            ORDER BY n.i
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Array | NpgsqlDbType.Char, numbers.Select(n => n.Kommunenummer).ToArray());
        command.Parameters.AddWithValue("gnr", numbers.Select(n => n.Gnr).ToArray());
        command.Parameters.AddWithValue("bnr", numbers.Select(n => n.Bnr).ToArray());
        command.Parameters.AddWithValue("fnr", numbers.Select(n => n.Fnr).ToArray());
        command.Parameters.AddWithValue("snr", numbers.Select(n => n.Snr).ToArray());
        var parts = new List<Geometry>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.IsDBNull(1))
                {
                    throw new TipInputException(TipProblem.UnknownMatrikkelnummer, $"Fant ikke {numbers[(int)reader.GetInt64(0) - 1]} i eiendomskartet");
                }
                parts.Add(reader.GetFieldValue<Geometry>(1));
            }
        }
        var geometry = parts.Count == 1 ? parts[0] : await UnionAsync(parts, cancellationToken);
        var label = numbers.Count == 1 ? $"teig {numbers[0]}" : $"teigene {string.Join(", ", numbers)}";
        return new ResolvedTip(geometry, label, numbers[0].Kommunenummer);
    }

    private async Task<Geometry> UnionAsync(List<Geometry> parts, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT ST_Multi(ST_UnaryUnion(ST_Collect(g))) FROM unnest(@parts::geometry[]) AS g");
        command.Parameters.AddWithValue("parts", parts.ToArray());
        return (Geometry)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<ResolvedTip> AddressAsync(string address, CancellationToken cancellationToken)
    {
        var hit = await addresses.FindAsync(address, cancellationToken)
            ?? throw new TipInputException(TipProblem.AddressNotFound, $"Fant ikke adressen «{address}» i Kartverkets adresseregister");
        // The address' own matrikkelenhet first; else the teig under its point (a renumbered parcel keeps its place).
        const string sql = """
            SELECT ST_Multi(ST_UnaryUnion(ST_Collect(t.geom))), min(t.kommunenummer)
            FROM ref.teig t
            WHERE t.kommunenummer = @k AND t.gnr = @gnr AND t.bnr = @bnr AND t.fnr = @fnr AND t.snr = @snr
            HAVING count(*) > 0
            UNION ALL
            SELECT * FROM (
                SELECT t.geom, t.kommunenummer FROM ref.teig t, ST_Transform(ST_SetSRID(ST_MakePoint(@x, @y), @srid), 25833) p
                WHERE t.geom && p AND ST_Intersects(t.geom, p)
                ORDER BY ST_Area(t.geom)
                LIMIT 1) under_point
            LIMIT 1
            """;
        var number = hit.Matrikkelnummer;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, number?.Kommunenummer ?? "");
        command.Parameters.AddWithValue("gnr", number?.Gnr ?? 0);
        command.Parameters.AddWithValue("bnr", number?.Bnr ?? 0);
        command.Parameters.AddWithValue("fnr", number?.Fnr ?? 0);
        command.Parameters.AddWithValue("snr", number?.Snr ?? 0);
        command.Parameters.AddWithValue("x", hit.X);
        command.Parameters.AddWithValue("y", hit.Y);
        command.Parameters.AddWithValue("srid", hit.Srid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new TipInputException(TipProblem.UnknownMatrikkelnummer,
                $"Fant adressen «{hit.Adressetekst}»{(number is null ? "" : $" ({number})")}, men ikke eiendommen i eiendomskartet");
        }
        var label = $"adressen {hit.Adressetekst}{(number is null ? "" : $" ({number})")}";
        return new ResolvedTip(reader.GetFieldValue<Geometry>(0), label, reader.GetString(1));
    }

    private async Task<ResolvedTip> PolygonAsync(string text, CancellationToken cancellationToken)
    {
        // Coordinates that fit longitude/latitude are WGS 84 (GeoJSON's own CRS, and what map tools copy); any other
        // numbers are taken as EPSG:25833, the team's map projection. Repaired, and only the polygon parts kept.
        const string sql = """
            WITH g AS (SELECT CASE WHEN ST_SRID(@g) > 0 THEN @g
                                   WHEN ST_XMin(@g) >= -180 AND ST_XMax(@g) <= 180 AND ST_YMin(@g) >= -90 AND ST_YMax(@g) <= 90 THEN ST_SetSRID(@g, 4326)
                                   ELSE ST_SetSRID(@g, 25833) END AS geom)
            SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Force2D(ST_Transform(g.geom, 25833))), 3)) FROM g
            """;
        var geometry = text.TrimStart().StartsWith('{') ? await FromGeoJsonAsync(text, cancellationToken) : FromWkt(text);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("g", geometry);
        var result = (Geometry)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (result.IsEmpty || result.Area < 1)
        {
            throw new TipInputException(TipProblem.NotAPolygon, $"Geometrien er ikke et polygon med areal ({geometry.GeometryType}); lim inn et POLYGON eller MULTIPOLYGON");
        }
        return new ResolvedTip(result, "innlimt polygon", null);
    }

    private static Geometry FromWkt(string text)
    {
        var wkt = text.Trim();
        var srid = 0;
        if (wkt.StartsWith("SRID=", StringComparison.OrdinalIgnoreCase))
        {
            var semicolon = wkt.IndexOf(';', StringComparison.Ordinal);
            if (semicolon < 0 || !int.TryParse(wkt.AsSpan(5, semicolon - 5), System.Globalization.CultureInfo.InvariantCulture, out srid))
            {
                throw new TipInputException(TipProblem.InvalidWkt, "Ugyldig WKT: SRID= må følges av et tall og semikolon (SRID=25833;POLYGON((…)))");
            }
            wkt = wkt[(semicolon + 1)..];
        }
        try
        {
            var geometry = new WKTReader().Read(wkt);
            geometry.SRID = srid;
            return geometry;
        }
        catch (Exception ex) when (ex is ParseException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new TipInputException(TipProblem.InvalidWkt, $"Ugyldig WKT: {ex.Message}", ex);
        }
    }

    /// <summary>A geometry, Feature or FeatureCollection (RFC 7946); read by PostGIS' own GeoJSON parser.</summary>
    private async Task<Geometry> FromGeoJsonAsync(string text, CancellationToken cancellationToken)
    {
        var geometries = new List<string>();
        try
        {
            using var json = JsonDocument.Parse(text);
            Collect(json.RootElement, geometries);
        }
        catch (JsonException ex)
        {
            throw new TipInputException(TipProblem.InvalidGeoJson, $"Ugyldig GeoJSON: {ex.Message}", ex);
        }
        if (geometries.Count == 0)
        {
            throw new TipInputException(TipProblem.InvalidGeoJson, "Ugyldig GeoJSON: fant ingen geometri (forventet Polygon, MultiPolygon, Feature eller FeatureCollection)");
        }
        try
        {
            await using var command = dataSource.CreateCommand("SELECT ST_SetSRID(ST_Collect(ST_GeomFromGeoJSON(j)), 0) FROM unnest(@json::text[]) AS j");
            command.Parameters.AddWithValue("json", geometries.ToArray());
            return (Geometry)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InternalError or PostgresErrorCodes.InvalidParameterValue)
        {
            throw new TipInputException(TipProblem.InvalidGeoJson, $"Ugyldig GeoJSON: {ex.MessageText}", ex);
        }
    }

    private static void Collect(JsonElement element, List<string> geometries)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out var type))
        {
            return;
        }
        switch (type.GetString())
        {
            case "FeatureCollection" when element.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array:
                foreach (var feature in features.EnumerateArray())
                {
                    Collect(feature, geometries);
                }
                break;
            case "Feature" when element.TryGetProperty("geometry", out var geometry):
                Collect(geometry, geometries);
                break;
            case "Polygon" or "MultiPolygon" or "GeometryCollection" or "Point" or "LineString" or "MultiPoint" or "MultiLineString":
                geometries.Add(element.GetRawText());
                break;
        }
    }
}

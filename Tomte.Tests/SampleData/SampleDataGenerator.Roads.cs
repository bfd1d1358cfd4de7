using System.Globalization;
using System.Text.Json;

namespace Tomte.Tests.SampleData;

/// <summary>
/// The bundled SYNTHETIC road network: per kommune an E/F trunk road along one column of the plan grid, two fylkesveger
/// along rows, kommunal roads from the trunk into some housing cells, private and forest roads into others. Built
/// from the grid and the housing cells without drawing from the random stream, so the other files stay as they were;
/// some sites touch a road, some lie a few hundred metres off, some only have a private road (which does not count).
/// </summary>
public sealed partial class SampleDataGenerator
{
    private sealed record Road(string Id, char Kategori, int Nummer, string TypeVeg, List<(double X, double Y)> Points);

    private static List<Road> Roads(Area area, List<(double X0, double Y0, double X1, double Y1)> boligCells)
    {
        const int columns = 17;
        var cellWidth = (area.MaxX - area.MinX - 600) / columns;
        var cellHeight = (area.MaxY - area.MinY - 600) / columns;
        // Grid gaps (4 m between cells) carry the through roads: column gap 8, row gaps 5 and 12.
        var trunkX = area.MinX + 300 + (8 * cellWidth);
        double[] rowY = [area.MinY + 300 + (5 * cellHeight), area.MinY + 300 + (12 * cellHeight)];
        var (bottom, top) = (area.MinY + 300, area.MaxY - 300);
        var (left, right) = (area.MinX + 300, area.MaxX - 300);

        var roads = new List<Road>();
        var n = 0;
        string Id() => $"syntetisk-veg-{area.Kommunenummer}-{++n:000}";
        var trunk = area.Kommunenummer == "3212" ? ('F', 156) : ('E', 6);
        roads.Add(new Road(Id(), trunk.Item1, trunk.Item2, "Enkel bilveg", Line((trunkX, bottom), (trunkX, top), 8)));
        roads.Add(new Road(Id(), 'F', 152, "Enkel bilveg", Line((left, rowY[0]), (right, rowY[0]), 8)));
        roads.Add(new Road(Id(), 'F', 154, "Enkel bilveg", Line((left, rowY[1]), (right, rowY[1]), 8)));

        for (var i = 0; i < boligCells.Count; i++)
        {
            var (x0, y0, x1, y1) = boligCells[i];
            var (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2);
            var toTrunk = Math.Abs(cx - trunkX);
            var nearestRow = rowY.MinBy(y => Math.Abs(cy - y));
            var toRow = Math.Abs(cy - nearestRow);
            switch (i % 4)
            {
                // Every other housing cell near the network gets a kommunal road from the nearest through road to its middle.
                case 0 or 2 when Math.Min(toTrunk, toRow) < 2.5 * cellWidth:
                    roads.Add(new Road(Id(), 'K', 1000 + i, "Enkel bilveg",
                        toRow < toTrunk ? Line((cx, nearestRow), (cx, cy), 2) : Line((trunkX, cy), (cx, cy), 2)));
                    break;
                // A private road into the cell from its lower edge: a site beside it is still far from a public road.
                case 1:
                    roads.Add(new Road(Id(), 'P', 0, "Enkel bilveg", Line((cx, y0 - 150), (cx, cy), 2)));
                    break;
                case 3 when i % 8 == 7:
                    roads.Add(new Road(Id(), 'S', 0, "Traktorveg", Line((x1 + 200, cy), (cx, cy), 2)));
                    break;
            }
        }
        return roads;
    }

    // A straight line in even steps, rounded to the centimetre like the other sample files.
    private static List<(double X, double Y)> Line((double X, double Y) from, (double X, double Y) to, int steps) =>
        Enumerable.Range(0, steps + 1)
            .Select(i => (Math.Round(from.X + ((to.X - from.X) * i / steps), 2), Math.Round(from.Y + ((to.Y - from.Y) * i / steps), 2)))
            .ToList();

    /// <summary>The roads as OGC API Features GeoJSON in EPSG:25833, with NVDB's attribute names flattened as the loader reads them.</summary>
    private static void WriteRoads(string path, string kommune, IReadOnlyList<Road> roads)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        WriteFeatureCollectionStart(json);
        foreach (var road in roads)
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteString("id", road.Id);
            json.WriteStartObject("properties");
            json.WriteString("lokalId", road.Id);
            json.WriteString("kommunenummer", kommune);
            json.WriteString("vegkategori", road.Kategori.ToString());
            if (road.Nummer > 0)
            {
                json.WriteNumber("vegnummer", road.Nummer);
            }
            json.WriteString("typeVeg", road.TypeVeg);
            json.WriteEndObject();
            json.WriteStartObject("geometry");
            json.WriteString("type", "LineString");
            json.WriteStartArray("coordinates");
            foreach (var (x, y) in road.Points)
            {
                json.WriteStartArray();
                json.WriteRawValue(x.ToString("0.##", CultureInfo.InvariantCulture));
                json.WriteRawValue(y.ToString("0.##", CultureInfo.InvariantCulture));
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("numberMatched", roads.Count);
        json.WriteNumber("numberReturned", roads.Count);
        json.WriteString("timeStamp", TimeStamp);
        json.WriteEndObject();
    }
}

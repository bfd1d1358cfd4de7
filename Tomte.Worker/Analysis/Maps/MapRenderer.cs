using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Tomte.Worker.Analysis.Maps;

/// <summary>
/// Draws one site's map as a PNG: the site filled, adopted plans and planned-by-others outlined, constraint areas
/// and hensynssoner hatched, teig lines, roads and stops, with the Tomte-ID, a legend, a scale bar and a north
/// arrow, all in Norwegian. Text uses the bundled DejaVu Sans, so nothing depends on the machine's fonts.
/// </summary>
public static class MapRenderer
{
    internal static readonly Lazy<SKTypeface> Regular = new(() => LoadFont("DejaVuSans.ttf"));
    internal static readonly Lazy<SKTypeface> Bold = new(() => LoadFont("DejaVuSans-Bold.ttf"));

    private static readonly SKColor Paper = new(0xF4, 0xF1, 0xEA);
    internal static readonly SKColor Ink = new(0x22, 0x22, 0x22);

    /// <summary>Fill and outline per constraint kind (ref.constraint_area.kind), and the hatch colour of hensynssoner.</summary>
    private static readonly Dictionary<string, SKColor> ConstraintColours = new(StringComparer.Ordinal)
    {
        ["verneomrade"] = new(0x2E, 0x8B, 0x57),
        ["flomsone"] = new(0x1F, 0x78, 0xB4),
        ["kvikkleire"] = new(0xA0, 0x52, 0x2D),
        ["dyrka_mark"] = new(0x8A, 0x8A, 0x00),
        ["kulturminne"] = new(0xC0, 0x39, 0x2B),
    };

    internal static readonly SKColor HensynssoneColour = new(0x8E, 0x44, 0xAD);
    internal static readonly SKColor SiteFill = new(0xE4, 0x57, 0x2E, 0xB4);
    internal static readonly SKColor SiteOutline = new(0xA4, 0x16, 0x1A);
    internal static readonly SKColor OtherSiteFill = new(0xF6, 0xC8, 0x9F, 0x90);
    internal static readonly SKColor OtherSiteOutline = new(0xE0, 0x8A, 0x3C);
    internal static readonly SKColor AdoptedFill = new(0xB0, 0xB0, 0xB0, 0x60);
    internal static readonly SKColor AdoptedOutline = new(0x55, 0x55, 0x55);
    internal static readonly SKColor SignalOutline = new(0xD3, 0x54, 0x00);
    internal static readonly SKColor TeigLine = new(0xA8, 0x9F, 0x8C);
    internal static readonly SKColor RoadCasing = new(0x55, 0x55, 0x55);
    internal static readonly SKColor RoadFill = new(0xFF, 0xD9, 0x66);
    internal static readonly SKColor PrivateRoad = new(0x80, 0x80, 0x80);
    internal static readonly SKColor StopColour = new(0x15, 0x65, 0xC0);

    /// <summary>The picture's width left of the side panel (title, legend, north arrow, scale bar); MapInputs shapes the ground extent to it.</summary>
    public static int MapWidth(int width) => width - SidePanelWidth(width);

    private static int SidePanelWidth(int width) => width / 4;

    public static byte[] Render(MapScene scene, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(Paper);
        var mapWidth = MapWidth(width);
        var view = new View(scene.Extent, mapWidth, height);

        canvas.Save();
        canvas.ClipRect(new SKRect(0, 0, mapWidth, height));
        foreach (var group in scene.Features.GroupBy(f => f.Layer).OrderBy(g => g.Key))
        {
            foreach (var feature in group)
            {
                DrawFeature(canvas, view, feature);
            }
        }
        // The site's outline again on top, so the parcel lines and roads crossing it never hide its edge.
        foreach (var site in scene.Features.Where(f => f.Layer == MapLayer.Tomt))
        {
            Stroke(canvas, PathOf(view, site.Geometry), SiteOutline, 3.5f);
        }
        DrawStopLabels(canvas, view, mapWidth, scene.Features.Where(f => f.Layer == MapLayer.Holdeplass));
        canvas.Restore();

        var panel = new SKRect(mapWidth, 0, width, height);
        DrawSidePanel(canvas, panel);
        var y = DrawTitle(canvas, scene, panel);
        MapLegend.Draw(canvas, scene, panel, y + 18);
        DrawNorthArrow(canvas, panel);
        DrawScaleBar(canvas, view, panel);

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>EPSG:25833 metres to pixels: x to the right, y (north) up.</summary>
    private sealed class View(Envelope extent, int width, int height)
    {
        public double MetresPerPixel { get; } = Math.Max(extent.Width / width, extent.Height / height);

        public SKPoint Point(double x, double y) =>
            new((float)((x - extent.MinX) / MetresPerPixel), (float)(height - (y - extent.MinY) / MetresPerPixel));
    }

    private static void DrawFeature(SKCanvas canvas, View view, MapFeature feature)
    {
        switch (feature.Layer)
        {
            case MapLayer.Teig:
                Stroke(canvas, PathOf(view, feature.Geometry), TeigLine, 1);
                break;
            case MapLayer.Vedtatt:
                Fill(canvas, PathOf(view, feature.Geometry), AdoptedFill);
                Stroke(canvas, PathOf(view, feature.Geometry), AdoptedOutline, 1.5f);
                break;
            case MapLayer.Hensynssone:
                Hatch(canvas, PathOf(view, feature.Geometry), HensynssoneColour, -45);
                break;
            case MapLayer.Restriksjon:
                Hatch(canvas, PathOf(view, feature.Geometry), ConstraintColour(feature.Label), 45);
                break;
            case MapLayer.AnnenTomt:
                Fill(canvas, PathOf(view, feature.Geometry), OtherSiteFill);
                Stroke(canvas, PathOf(view, feature.Geometry), OtherSiteOutline, 1.5f);
                break;
            case MapLayer.Signal:
                Stroke(canvas, PathOf(view, feature.Geometry), SignalOutline, 3, dashed: true);
                break;
            case MapLayer.Vei:
                Stroke(canvas, PathOf(view, feature.Geometry), RoadCasing, 9);
                Stroke(canvas, PathOf(view, feature.Geometry), RoadFill, 6);
                break;
            case MapLayer.PrivatVei:
                Stroke(canvas, PathOf(view, feature.Geometry), PrivateRoad, 2, dashed: true);
                break;
            case MapLayer.Tomt:
                Fill(canvas, PathOf(view, feature.Geometry), SiteFill);
                Stroke(canvas, PathOf(view, feature.Geometry), SiteOutline, 3.5f);
                break;
            case MapLayer.Holdeplass:
                foreach (var point in Points(feature.Geometry))
                {
                    var p = view.Point(point.X, point.Y);
                    using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
                    using var blue = new SKPaint { Color = StopColour, IsAntialias = true };
                    canvas.DrawCircle(p, 9, white);
                    canvas.DrawCircle(p, 7, blue);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(feature), feature.Layer, null);
        }
    }

    internal static SKColor ConstraintColour(string? kind) => ConstraintColours.GetValueOrDefault(kind ?? "", new SKColor(0x70, 0x70, 0x70));

    private static IEnumerable<NetTopologySuite.Geometries.Point> Points(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<NetTopologySuite.Geometries.Point>();

    private static SKPath PathOf(View view, Geometry geometry)
    {
        var path = new SKPath { FillType = SKPathFillType.EvenOdd };
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            switch (geometry.GetGeometryN(i))
            {
                case Polygon polygon:
                    AddRing(path, view, polygon.ExteriorRing.Coordinates, close: true);
                    foreach (var hole in polygon.InteriorRings)
                    {
                        AddRing(path, view, hole.Coordinates, close: true);
                    }
                    break;
                case LineString line:
                    AddRing(path, view, line.Coordinates, close: false);
                    break;
                case GeometryCollection collection:
                    path.AddPath(PathOf(view, collection));
                    break;
                default:
                    break;
            }
        }
        return path;
    }

    private static void AddRing(SKPath path, View view, Coordinate[] coordinates, bool close)
    {
        if (coordinates.Length < 2)
        {
            return;
        }
        path.MoveTo(view.Point(coordinates[0].X, coordinates[0].Y));
        for (var i = 1; i < coordinates.Length; i++)
        {
            path.LineTo(view.Point(coordinates[i].X, coordinates[i].Y));
        }
        if (close)
        {
            path.Close();
        }
    }

    internal static void Fill(SKCanvas canvas, SKPath path, SKColor colour)
    {
        using (path)
        using (var paint = new SKPaint { Color = colour, Style = SKPaintStyle.Fill, IsAntialias = true })
        {
            canvas.DrawPath(path, paint);
        }
    }

    internal static void Stroke(SKCanvas canvas, SKPath path, SKColor colour, float width, bool dashed = false)
    {
        using (path)
        using (var paint = StrokePaint(colour, width, dashed))
        {
            canvas.DrawPath(path, paint);
        }
    }

    private static SKPaint StrokePaint(SKColor colour, float width, bool dashed) => new()
    {
        Color = colour,
        Style = SKPaintStyle.Stroke,
        StrokeWidth = width,
        IsAntialias = true,
        StrokeJoin = SKStrokeJoin.Round,
        StrokeCap = SKStrokeCap.Round,
        PathEffect = dashed ? SKPathEffect.CreateDash([width * 4, width * 2.5f], 0) : null,
    };

    /// <summary>Parallel lines at <paramref name="degrees"/> inside the area, and its outline, in one colour.</summary>
    internal static void Hatch(SKCanvas canvas, SKPath path, SKColor colour, float degrees)
    {
        using (path)
        {
            var bounds = path.Bounds;
            using var tint = new SKPaint { Color = colour.WithAlpha(0x28), Style = SKPaintStyle.Fill, IsAntialias = true };
            using var lines = new SKPaint { Color = colour.WithAlpha(0xC0), Style = SKPaintStyle.Stroke, StrokeWidth = 1.6f, IsAntialias = true };
            using var outline = new SKPaint { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true };
            canvas.DrawPath(path, tint);
            canvas.Save();
            canvas.ClipPath(path, antialias: true);
            var reach = bounds.Width + bounds.Height;
            var slope = (float)Math.Tan(degrees * Math.PI / 180);
            const float spacing = 10;
            for (var offset = -reach; offset <= reach; offset += spacing)
            {
                canvas.DrawLine(bounds.Left + offset, bounds.Bottom, bounds.Left + offset + bounds.Height * slope, bounds.Top, lines);
            }
            canvas.Restore();
            canvas.DrawPath(path, outline);
        }
    }

    private static void DrawStopLabels(SKCanvas canvas, View view, int mapWidth, IEnumerable<MapFeature> stops)
    {
        using var font = new SKFont(Regular.Value, 14);
        using var halo = new SKPaint { Color = SKColors.White.WithAlpha(0xE0), Style = SKPaintStyle.Stroke, StrokeWidth = 4, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
        using var text = new SKPaint { Color = StopColour, IsAntialias = true };
        foreach (var stop in stops.Where(s => !string.IsNullOrWhiteSpace(s.Label)))
        {
            foreach (var point in Points(stop.Geometry))
            {
                var p = view.Point(point.X, point.Y);
                // Right of the stop, or left of it when the name would run off the map.
                var fitsRight = p.X + 12 + font.MeasureText(stop.Label!) < mapWidth - 4;
                var (x, align) = fitsRight ? (p.X + 12, SKTextAlign.Left) : (p.X - 12, SKTextAlign.Right);
                canvas.DrawText(stop.Label!, x, p.Y + 5, align, font, halo);
                canvas.DrawText(stop.Label!, x, p.Y + 5, align, font, text);
            }
        }
    }

    private static void DrawSidePanel(SKCanvas canvas, SKRect panel)
    {
        using var fill = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill };
        using var edge = new SKPaint { Color = new SKColor(0x99, 0x99, 0x99), Style = SKPaintStyle.Stroke, StrokeWidth = 2 };
        canvas.DrawRect(panel, fill);
        canvas.DrawLine(panel.Left + 1, panel.Top, panel.Left + 1, panel.Bottom, edge);
    }

    /// <returns>The y below the title block.</returns>
    private static float DrawTitle(SKCanvas canvas, MapScene scene, SKRect panel)
    {
        using var titleFont = new SKFont(Bold.Value, 26);
        using var detailFont = new SKFont(Regular.Value, 17);
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        var x = panel.Left + 20;
        canvas.DrawText(scene.Title, x, 48, SKTextAlign.Left, titleFont, ink);
        var y = 48f;
        foreach (var line in scene.Details)
        {
            y += 26;
            canvas.DrawText(line, x, y, SKTextAlign.Left, detailFont, ink);
        }
        using var rule = new SKPaint { Color = new SKColor(0xCC, 0xCC, 0xCC), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawLine(x, y + 18, panel.Right - 20, y + 18, rule);
        return y + 18;
    }

    private static void DrawNorthArrow(SKCanvas canvas, SKRect panel)
    {
        var x = panel.Left + 44f;
        var top = panel.Bottom - 130f;
        using var dark = new SKPaint { Color = Ink, IsAntialias = true, Style = SKPaintStyle.Fill };
        using var light = new SKPaint { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Fill };
        using var edge = new SKPaint { Color = Ink, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f };
        using var left = new SKPath();
        left.MoveTo(x, top + 30);
        left.LineTo(x - 14, top + 80);
        left.LineTo(x, top + 70);
        left.Close();
        using var right = new SKPath();
        right.MoveTo(x, top + 30);
        right.LineTo(x + 14, top + 80);
        right.LineTo(x, top + 70);
        right.Close();
        canvas.DrawPath(left, dark);
        canvas.DrawPath(right, light);
        canvas.DrawPath(right, edge);
        using var font = new SKFont(Bold.Value, 20);
        canvas.DrawText("N", x, top + 22, SKTextAlign.Center, font, dark);
    }

    private static void DrawScaleBar(SKCanvas canvas, View view, SKRect panel)
    {
        // The longest round length that fits beside the north arrow.
        double[] lengths = [10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000];
        var room = panel.Width - 120;
        var metres = lengths.LastOrDefault(l => l / view.MetresPerPixel <= room, lengths[0]);
        var pixels = (float)(metres / view.MetresPerPixel);
        var left = panel.Left + 90f;
        var baseline = panel.Bottom - 60f;
        using var dark = new SKPaint { Color = Ink, IsAntialias = true, Style = SKPaintStyle.Fill };
        using var light = new SKPaint { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Fill };
        using var edge = new SKPaint { Color = Ink, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f };
        var half = pixels / 2;
        canvas.DrawRect(left, baseline - 8, half, 8, dark);
        canvas.DrawRect(left + half, baseline - 8, half, 8, light);
        canvas.DrawRect(left, baseline - 8, pixels, 8, edge);
        using var font = new SKFont(Regular.Value, 15);
        canvas.DrawText("0", left, baseline - 14, SKTextAlign.Center, font, dark);
        canvas.DrawText(metres >= 1000 ? $"{metres / 1000:0.#} km".Replace('.', ',') : $"{metres:0} m", left + pixels, baseline - 14, SKTextAlign.Center, font, dark);
        using var small = new SKFont(Regular.Value, 12);
        using var grey = new SKPaint { Color = new SKColor(0x66, 0x66, 0x66), IsAntialias = true };
        canvas.DrawText("EUREF89 UTM 33 (EPSG:25833)", panel.Left + 20, panel.Bottom - 20, SKTextAlign.Left, small, grey);
    }

    private static SKTypeface LoadFont(string file)
    {
        var name = $"{typeof(MapRenderer).Namespace}.Fonts.{file}";
        using var stream = typeof(MapRenderer).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The bundled font '{name}' is missing from the assembly.");
        // Copied into Skia's own buffer: the typeface reads glyphs lazily, long after the stream is gone.
        var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The bundled font '{name}' could not be read.");
    }
}

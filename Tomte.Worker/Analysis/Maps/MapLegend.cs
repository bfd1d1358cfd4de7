using SkiaSharp;
using static Tomte.Worker.Analysis.Maps.MapRenderer;

namespace Tomte.Worker.Analysis.Maps;

/// <summary>The legend of a site's map, drawn with the same colours and strokes as the map itself (<see cref="MapRenderer"/>).</summary>
internal static class MapLegend
{
    /// <summary>The Norwegian legend in the side panel, from <paramref name="top"/> down: only the layers this map shows.</summary>
    public static void Draw(SKCanvas canvas, MapScene scene, SKRect panel, float top)
    {
        var present = scene.Features.Select(f => f.Layer).ToHashSet();
        var kinds = scene.Features.Where(f => f.Layer == MapLayer.Restriksjon).Select(f => f.Label ?? "").Distinct().Order(StringComparer.Ordinal).ToArray();
        var entries = new List<(string Text, Action<SKCanvas, SKRect> Swatch)>
        {
            ("Tomten", (c, r) => SwatchArea(c, r, SiteFill, SiteOutline, 3)),
        };
        if (present.Contains(MapLayer.AnnenTomt))
        {
            entries.Add(("Andre tomter", (c, r) => SwatchArea(c, r, OtherSiteFill, OtherSiteOutline, 1.5f)));
        }
        if (present.Contains(MapLayer.Vedtatt))
        {
            entries.Add(("Vedtatt reguleringsplan", (c, r) => SwatchArea(c, r, AdoptedFill, AdoptedOutline, 1.5f)));
        }
        if (present.Contains(MapLayer.Signal))
        {
            entries.Add(("Planlegges av andre", (c, r) => Stroke(c, RectPath(r), SignalOutline, 3, dashed: true)));
        }
        foreach (var kind in kinds)
        {
            var colour = ConstraintColour(kind);
            entries.Add((Capitalised(SiteConflicts.KindName(kind)), (c, r) => Hatch(c, RectPath(r), colour, 45)));
        }
        if (present.Contains(MapLayer.Hensynssone))
        {
            entries.Add(("Hensynssone", (c, r) => Hatch(c, RectPath(r), HensynssoneColour, -45)));
        }
        if (present.Contains(MapLayer.Teig))
        {
            entries.Add(("Eiendomsgrense (teig)", (c, r) => Stroke(c, LinePath(r), TeigLine, 1.5f)));
        }
        if (present.Contains(MapLayer.Vei))
        {
            entries.Add(("Offentlig vei", SwatchRoad));
        }
        if (present.Contains(MapLayer.PrivatVei))
        {
            entries.Add(("Privat vei / skogsbilvei", (c, r) => Stroke(c, LinePath(r), PrivateRoad, 2, dashed: true)));
        }
        if (present.Contains(MapLayer.Holdeplass))
        {
            entries.Add(("Holdeplass", SwatchStop));
        }

        using var font = new SKFont(Regular.Value, 15);
        using var header = new SKFont(Bold.Value, 16);
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        const float row = 27, swatchWidth = 34;
        var x = panel.Left + 20;
        canvas.DrawText("Tegnforklaring", x, top + 30, SKTextAlign.Left, header, ink);
        var y = top + 44;
        foreach (var (text, swatch) in entries)
        {
            var box = new SKRect(x, y + 5, x + swatchWidth, y + row - 5);
            swatch(canvas, box);
            canvas.DrawText(text, box.Right + 12, y + row - 8, SKTextAlign.Left, font, ink);
            y += row;
        }
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static void SwatchArea(SKCanvas canvas, SKRect rect, SKColor fill, SKColor outline, float width)
    {
        Fill(canvas, RectPath(rect), fill);
        Stroke(canvas, RectPath(rect), outline, width);
    }

    private static void SwatchRoad(SKCanvas canvas, SKRect rect)
    {
        Stroke(canvas, LinePath(rect), RoadCasing, 7);
        Stroke(canvas, LinePath(rect), RoadFill, 4.5f);
    }

    private static void SwatchStop(SKCanvas canvas, SKRect rect)
    {
        using var blue = new SKPaint { Color = StopColour, IsAntialias = true };
        canvas.DrawCircle(rect.MidX, rect.MidY, 7, blue);
    }

    private static SKPath RectPath(SKRect rect)
    {
        var path = new SKPath();
        path.AddRect(rect);
        return path;
    }

    private static SKPath LinePath(SKRect rect)
    {
        var path = new SKPath();
        path.MoveTo(rect.Left, rect.MidY);
        path.LineTo(rect.Right, rect.MidY);
        return path;
    }
}

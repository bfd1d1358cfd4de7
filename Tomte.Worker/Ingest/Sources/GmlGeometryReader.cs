using System.Globalization;
using System.Xml;
using NetTopologySuite.Geometries;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>The CRS and coordinate dimension in force at a GML element, inherited from its ancestors.</summary>
internal readonly record struct GmlCrsContext(Crs? Crs, int? Dimension);

/// <summary>
/// Decodes GML 3.1/3.2 geometry elements (points, curves with arcs, polygons, surfaces and their multi forms) into
/// NTS geometries, with the CRS each element or its ancestors declare. Coordinates are parsed in chunks into
/// reused buffers: a posList can run to megabytes, and coordinates are most of a plan file.
/// </summary>
internal sealed class GmlGeometryReader(string gml32, string gml31)
{
    private readonly CoordinateScratch _scratch = new();
    private readonly GmlNumberReader _coordinates = new();

    // The namespace strings come from the parser's name table, so a reference comparison is enough.
    private bool IsGml(string namespaceUri) => ReferenceEquals(namespaceUri, gml32) || ReferenceEquals(namespaceUri, gml31);

    internal static bool IsGeometry(string localName) => localName is "Point" or "LineString" or "Polygon" or "Surface"
        or "MultiSurface" or "MultiPolygon" or "MultiPoint" or "MultiCurve" or "MultiLineString" or "Curve"
        or "CompositeSurface" or "CompositeCurve" or "MultiGeometry" or "LinearRing" or "OrientableSurface"
        or "TriangulatedSurface" or "Tin" or "PolyhedralSurface";

    internal static Crs ParseCrs(string srsName) =>
        Crs.TryParse(srsName, out var crs) ? crs : throw new GeometryFormatException(Crs.Unsupported(srsName));

    private GmlCrsContext Enter(XmlReader reader, GmlCrsContext context)
    {
        var srsName = reader.GetAttribute("srsName");
        if (srsName is not null)
        {
            var crs = ParseCrs(srsName);
            context = new GmlCrsContext(crs, crs.Dimension == 3 ? 3 : context.Dimension);
        }
        var dimension = reader.GetAttribute("srsDimension");
        if (dimension is not null)
        {
            context = context with { Dimension = ParseDimension(dimension) };
        }
        return context;
    }

    private static int ParseDimension(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 2 and <= 4
            ? value
            : throw new GeometryFormatException($"srsDimension '{text}' is not 2, 3 or 4");

    /// <summary>Reads the GML geometry element the reader is on, and moves past it.</summary>
    public Geometry Read(XmlReader reader, GmlCrsContext context)
    {
        context = Enter(reader, context);
        var factory = Geometries.Factory(context.Crs?.Srid ?? 0);
        var name = reader.LocalName;
        switch (name)
        {
            case "Point":
                {
                    _scratch.Clear();
                    ReadPositions(reader, context);
                    Geometries.Check(_scratch.Count == 1, $"gml:Point has {_scratch.Count} positions");
                    return factory.CreatePoint(_scratch.ToSequence());
                }
            case "LineString":
                {
                    _scratch.Clear();
                    ReadPositions(reader, context);
                    Geometries.Check(_scratch.Count != 1, "gml:LineString has a single position");
                    return factory.CreateLineString(_scratch.ToSequence());
                }
            case "LinearRing":
                {
                    _scratch.Clear();
                    ReadPositions(reader, context);
                    return factory.CreatePolygon(_scratch.ToRing(factory, "gml:LinearRing"));
                }
            case "Curve":
            case "CompositeCurve":
                {
                    _scratch.Clear();
                    ReadCurveInto(reader, context);
                    return factory.CreateLineString(_scratch.ToSequence());
                }
            case "Polygon":
                return ReadPolygon(reader, context, factory);
            case "Surface":
            case "CompositeSurface":
            case "MultiSurface":
            case "MultiPolygon":
            case "OrientableSurface":
            case "TriangulatedSurface":
            case "Tin":
            case "PolyhedralSurface":
                {
                    var polygons = new List<Polygon>();
                    ReadSurfaces(reader, context, factory, polygons);
                    if (name is "MultiSurface" or "MultiPolygon")
                    {
                        return factory.CreateMultiPolygon(polygons.ToArray());
                    }
                    return polygons.Count == 1 ? polygons[0] : SurfaceFootprint.Of(factory, polygons, name);
                }
            case "MultiCurve":
            case "MultiLineString":
            case "MultiPoint":
            case "MultiGeometry":
                {
                    var members = new List<Geometry>();
                    ForEachChild(reader, child =>
                    {
                        // curveMember / pointMember / geometryMember (and the plural forms) hold geometries directly.
                        ForEachChild(reader, _ =>
                        {
                            if (IsGml(reader.NamespaceURI) && IsGeometry(reader.LocalName))
                            {
                                members.Add(Read(reader, context));
                            }
                            else
                            {
                                reader.Skip();
                            }
                        });
                    });
                    return name switch
                    {
                        "MultiPoint" => factory.CreateMultiPoint(members.OfType<Point>().ToArray()),
                        "MultiGeometry" => factory.CreateGeometryCollection(members.ToArray()),
                        _ => factory.CreateMultiLineString(members.SelectMany(Lines).ToArray()),
                    };
                }
            default:
                throw new GeometryFormatException($"gml:{name} geometries are not supported");
        }
    }

    private static IEnumerable<LineString> Lines(Geometry geometry) => geometry switch
    {
        LineString line => [line],
        MultiLineString multi => multi.Geometries.Cast<LineString>(),
        _ => throw new GeometryFormatException($"a curve member holds a {geometry.GeometryType}"),
    };

    private void ReadSurfaces(XmlReader reader, GmlCrsContext context, GeometryFactory factory, List<Polygon> polygons)
    {
        ForEachChild(reader, _ =>
        {
            var childName = reader.LocalName;
            if (childName is "Polygon" or "PolygonPatch" or "Triangle")
            {
                polygons.Add(ReadPolygon(reader, Enter(reader, context), factory));
            }
            else if (childName is "Surface" or "CompositeSurface" or "TriangulatedSurface" or "Tin" or "PolyhedralSurface")
            {
                // A surface of patches inside a multi-surface counts by its footprint, like one standing alone.
                var patches = new List<Polygon>();
                ReadSurfaces(reader, Enter(reader, context), factory, patches);
                if (patches.Count > 1)
                {
                    var footprint = SurfaceFootprint.Of(factory, patches, childName);
                    polygons.AddRange(Enumerable.Range(0, footprint.NumGeometries).Select(i => (Polygon)footprint.GetGeometryN(i)));
                }
                else
                {
                    polygons.AddRange(patches);
                }
            }
            else if (childName is "MultiSurface" or "OrientableSurface" or "MultiPolygon")
            {
                ReadSurfaces(reader, Enter(reader, context), factory, polygons);
            }
            else if (childName is "surfaceMember" or "surfaceMembers" or "polygonMember" or "polygonMembers" or "patches" or "trianglePatches" or "polygonPatches" or "baseSurface")
            {
                ReadSurfaces(reader, context, factory, polygons);
            }
            else
            {
                reader.Skip();
            }
        });
    }

    private Polygon ReadPolygon(XmlReader reader, GmlCrsContext context, GeometryFactory factory)
    {
        context = Enter(reader, context);
        LinearRing? shell = null;
        List<LinearRing>? holes = null;
        ForEachChild(reader, _ =>
        {
            var boundary = reader.LocalName;
            var isShell = boundary is "exterior" or "outerBoundaryIs";
            if (!isShell && boundary is not ("interior" or "innerBoundaryIs"))
            {
                reader.Skip();
                return;
            }
            _scratch.Clear();
            ForEachChild(reader, _ =>
            {
                var ringContext = Enter(reader, context);
                if (reader.LocalName == "LinearRing")
                {
                    ReadPositions(reader, ringContext);
                }
                else if (reader.LocalName == "Ring")
                {
                    // gml:Ring/curveMember/(LineString|Curve): the members join end to start.
                    ForEachChild(reader, _ => ForEachChild(reader, _ => ReadCurveInto(reader, Enter(reader, ringContext))));
                }
                else
                {
                    throw new GeometryFormatException($"gml:{reader.LocalName} is not a ring");
                }
            });
            var what = isShell ? "exterior ring" : $"interior ring {(holes?.Count ?? 0) + 1}";
            var ring = _scratch.ToRing(factory, what);
            if (isShell)
            {
                shell = ring;
            }
            else
            {
                (holes ??= []).Add(ring);
            }
        });
        Geometries.Check(shell is not null || holes is null, "a polygon has interior rings but no exterior ring");
        return shell is null ? factory.CreatePolygon() : factory.CreatePolygon(shell, holes?.ToArray());
    }

    /// <summary>Appends a LineString, Curve (LineStringSegment segments) or CompositeCurve to the scratch buffer, skipping repeated join points.</summary>
    private void ReadCurveInto(XmlReader reader, GmlCrsContext context)
    {
        switch (reader.LocalName)
        {
            case "LineString":
            case "LineStringSegment":
                ReadPositions(reader, context, join: true);
                break;
            case "Curve":
            case "CompositeCurve":
            case "segments":
            case "curveMember":
                ForEachChild(reader, _ => ReadCurveInto(reader, Enter(reader, context)));
                break;
            case "Arc":
            case "ArcString":
                ReadArcInto(reader, context);
                break;
            default:
                throw new GeometryFormatException($"gml:{reader.LocalName} curve segments are not supported (straight segments, gml:Arc and gml:ArcString are)");
        }
    }

    /// <summary>An arc string's points (start, middle, end, middle, end...) become straight segments along the circle.</summary>
    private void ReadArcInto(XmlReader reader, GmlCrsContext context)
    {
        var name = reader.LocalName;
        var start = _scratch.Count;
        ReadPositions(reader, context);
        var count = _scratch.Count - start;
        if (count < 3 || count % 2 == 0 || (name == "Arc" && count != 3))
        {
            throw new GeometryFormatException($"gml:{name} has {count} positions; an arc needs 3 (an arc string 3, 5, 7...)");
        }
        Span<double> points = count <= 64 ? stackalloc double[count * 2] : new double[count * 2];
        for (var i = 0; i < count; i++)
        {
            points[i * 2] = _scratch.X(start + i);
            points[(i * 2) + 1] = _scratch.Y(start + i);
        }
        _scratch.Truncate(start);
        if (!(start > 0 && _scratch.LastEquals(points[0], points[1])))
        {
            _scratch.Add(points[0], points[1]);
        }
        for (var i = 0; i + 2 < count; i += 2)
        {
            Arcs.Linearize(_scratch, points[i * 2], points[(i * 2) + 1], points[(i + 1) * 2], points[((i + 1) * 2) + 1], points[(i + 2) * 2], points[((i + 2) * 2) + 1]);
        }
    }

    /// <summary>Reads posList / pos / coordinates children (or the element itself when it is one) into the scratch buffer.</summary>
    private void ReadPositions(XmlReader reader, GmlCrsContext context, bool join = false)
    {
        context = Enter(reader, context);
        ForEachChild(reader, _ =>
        {
            var name = reader.LocalName;
            if (name is "posList" or "pos" or "coordinates")
            {
                var own = reader.GetAttribute("srsDimension");
                var dimension = own is not null ? ParseDimension(own) : context.Dimension;
                _coordinates.Read(reader);
                if (name == "pos")
                {
                    dimension ??= _coordinates.Values.Count;
                }
                AddPositions(dimension ?? 2, context.Crs?.LatitudeFirst == true, join);
            }
            else if (name is "pointProperty" or "pointRep")
            {
                ForEachChild(reader, _ => ReadPositions(reader, context));
            }
            else if (name == "Point")
            {
                ReadPositions(reader, context);
            }
            else
            {
                reader.Skip();
            }
        });
    }

    private void AddPositions(int dimension, bool latitudeFirst, bool skipRepeatedJoin)
    {
        var numbers = _coordinates.Values;
        if (numbers.Count % dimension != 0)
        {
            throw new GeometryFormatException($"a coordinate list has {numbers.Count} numbers, which is not a multiple of srsDimension {dimension}");
        }
        var start = 0;
        if (skipRepeatedJoin && numbers.Count >= dimension && _scratch.Count > 0 && _scratch.LastEquals(latitudeFirst ? numbers[1] : numbers[0], latitudeFirst ? numbers[0] : numbers[1]))
        {
            start = dimension;
        }
        for (var i = start; i < numbers.Count; i += dimension)
        {
            if (latitudeFirst)
            {
                _scratch.Add(numbers[i + 1], numbers[i]);
            }
            else
            {
                _scratch.Add(numbers[i], numbers[i + 1]);
            }
        }
    }

    /// <summary>Calls <paramref name="onChild"/> with the reader on each child element; the callback must consume the element.</summary>
    private static void ForEachChild(XmlReader reader, Action<XmlReader> onChild)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }
        var depth = reader.Depth;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw new GeometryFormatException("the document ends inside a geometry (truncated body)");
            }
            if (reader.NodeType == XmlNodeType.Element)
            {
                onChild(reader);
            }
            else
            {
                reader.Read();
            }
        }
        reader.Read();
    }
}

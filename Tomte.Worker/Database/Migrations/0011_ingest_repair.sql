-- Geometry cleaning for loads, as functions so that a load's staging table can run them as generated columns
-- while COPY streams (the server repairs while the client parses).

-- The geometry a feature delivered, in EPSG:25833.
CREATE FUNCTION ingest.to_25833(ewkb bytea) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ST_Transform(ST_GeomFromEWKB(ewkb), 25833);

-- A valid MultiPolygon, or NULL when nothing usable is left: empty, or a sliver (smaller than min_area m²,
-- or thinner on average than min_width m). ST_MakeValid only runs on invalid input: it costs as much on a valid
-- polygon. A repaired polygon can fall apart into lines and points; only its polygons are kept.
CREATE FUNCTION ingest.clean_polygon(g geometry, min_area double precision, min_width double precision) RETURNS geometry
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    cleaned geometry;
BEGIN
    IF ST_IsValid(g) THEN
        cleaned := ST_Multi(ST_CollectionExtract(g, 3));
    ELSE
        cleaned := ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3));
    END IF;
    IF ST_IsEmpty(cleaned)
       OR ST_Area(cleaned) < min_area
       OR 2 * ST_Area(cleaned) / NULLIF(ST_Perimeter(cleaned), 0) < min_width THEN
        RETURN NULL;
    END IF;
    RETURN cleaned;
END;
$$;

-- A single point (the first of a multipoint), or NULL when empty.
CREATE FUNCTION ingest.clean_point(g geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN NULLIF(ST_GeometryN(ST_Multi(ST_CollectionExtract(g, 1)), 1), NULL);

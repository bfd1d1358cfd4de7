-- Geometry cleaning for loads. A BEFORE INSERT trigger on a load's staging table runs it on each row as COPY
-- stores it, so the server repairs while the client parses, and the delivered bytes are not kept twice.
--
-- Arguments: geometry kind ('polygon' or 'point'), minimum area (m²), minimum mean width (m).
-- Polygons end as a valid MultiPolygon in EPSG:25833, or NULL when nothing usable is left (empty, or a sliver:
-- smaller than the minimum area or thinner on average, 2·area/perimeter, than the minimum width).
-- ST_MakeValid only runs on invalid input: it costs as much on a valid polygon. A repaired polygon can fall apart
-- into lines and points; only its polygons are kept.
CREATE FUNCTION ingest.clean_staged_row() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    g geometry := ST_Transform(ST_GeomFromEWKB(NEW.ewkb), 25833);
    min_area double precision := TG_ARGV[1]::double precision;
    min_width double precision := TG_ARGV[2]::double precision;
BEGIN
    NEW.ewkb := NULL;
    NEW.repaired := false;
    IF TG_ARGV[0] = 'point' THEN
        NEW.geom := ST_GeometryN(ST_Multi(ST_CollectionExtract(g, 1)), 1);
        RETURN NEW;
    END IF;
    IF ST_IsValid(g) THEN
        g := ST_Multi(ST_CollectionExtract(g, 3));
    ELSE
        NEW.repaired := true;
        g := ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3));
    END IF;
    IF ST_IsEmpty(g) OR ST_Area(g) < min_area OR 2 * ST_Area(g) / NULLIF(ST_Perimeter(g), 0) < min_width THEN
        NEW.geom := NULL;
    ELSE
        NEW.geom := g;
    END IF;
    RETURN NEW;
END;
$$;

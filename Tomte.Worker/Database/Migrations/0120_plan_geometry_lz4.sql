-- The analysis reads every adopted plan's whole outline once for each housing area it meets (a large
-- områderegulering many times over), so decompressing the stored geometry is a measurable share of its work:
-- lz4 decompresses in about two thirds of pglz's time on the national benchmark's join. Values already stored keep
-- their compression until the next load rewrites them. Servers built without lz4 keep the default.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) THEN
        ALTER TABLE plan.rp_planomrade ALTER COLUMN geom SET COMPRESSION lz4;
        ALTER TABLE plan.kp_arealformal ALTER COLUMN geom SET COMPRESSION lz4;
        ALTER TABLE plan.kp_planomrade ALTER COLUMN geom SET COMPRESSION lz4;
        ALTER TABLE plan.hensynssone ALTER COLUMN geom SET COMPRESSION lz4;
        ALTER TABLE plan.planlegging_igangsatt ALTER COLUMN geom SET COMPRESSION lz4;
        ALTER TABLE analysis.tomt ALTER COLUMN geom SET COMPRESSION lz4;
    END IF;
END
$$;

-- The load report (issue 8): what each load read and left out beyond repairs and slivers, so an operator sees at a
-- glance that a file was odd.
ALTER TABLE ingest.load
    ADD COLUMN features_read     integer,  -- features of the dataset read for this kommune (before any check)
    ADD COLUMN outside_count     integer,  -- features left out because they lie in another kommune
    ADD COLUMN refused_count     integer,  -- non-polygon members of geometry collections left out
    ADD COLUMN merged_count      integer,  -- parts merged into another feature with the same source id (teig)
    ADD COLUMN renumbered_count  integer,  -- features that carried a pre-2024 kommunenummer
    ADD COLUMN location_checked  boolean;  -- false: no border of the kommune was loaded, so location was not checked

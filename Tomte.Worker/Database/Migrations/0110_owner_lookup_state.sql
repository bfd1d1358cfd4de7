-- Which land each site's owners were last looked up for (issue 13, "owners for new qualified sites"): the owners job
-- asks the register only for qualified sites with no row here, whose geometry changed since (a different digest),
-- or that have no parcels linked, so a night with no new or changed sites costs no register requests.
CREATE TABLE owners.tomt_oppslag (
    tomte_id      text        PRIMARY KEY REFERENCES analysis.tomt (tomte_id) ON DELETE CASCADE,
    -- md5 of the site's geometry (EWKB) when its owners were looked up
    geom_digest   text        NOT NULL,
    oppslag_at    timestamptz NOT NULL,
    kilde_type    text        NOT NULL CHECK (kilde_type IN ('import', 'matrikkel', 'airtable'))
);

-- The score (issue 10): the explanation sentence, what the score was computed from, and the map's input hash.
-- Scores are written by Analysis/Scoring/ScoreRunner, maps by Analysis/Maps/MapRunner.

ALTER TABLE analysis.tomt
    -- "72 poeng: stor tomt (18 daa, ~45 boliger), 600 m til holdeplass, ..."
    ADD COLUMN score_forklaring   text,
    -- SHA-256 of the site's score inputs and the scoring settings; a site is rescored only when it changes
    ADD COLUMN score_input_hash   text,
    -- the site lies (almost) entirely inside a verneområde: konfliktfrihet 0, shown to the team
    ADD COLUMN helt_i_verneomrade boolean NOT NULL DEFAULT false,
    ADD COLUMN scored_at          timestamptz;

ALTER TABLE analysis.score_component
    ADD CONSTRAINT score_component_component_check CHECK (component IN
        ('storrelse', 'kapasitet', 'sentralitet', 'infrastruktur', 'konfliktfrihet', 'kommunal_vilje', 'eierstruktur')),
    ADD CONSTRAINT score_component_points_check CHECK (points BETWEEN 0 AND 100),
    ADD CONSTRAINT score_component_weight_check CHECK (weight BETWEEN 0 AND 1);

-- Digest of everything drawn on the site's map (the site, its surroundings in the map's extent, the style
-- version); a map is rendered again only when it changes. '' = not known (a map stored by other means): drawn again.
ALTER TABLE analysis.tomt_kart ADD COLUMN hash text NOT NULL DEFAULT '';

CREATE INDEX tomt_score_idx ON analysis.tomt (kommunenummer, score DESC) WHERE endring IN ('ny', 'endret', 'uendret');

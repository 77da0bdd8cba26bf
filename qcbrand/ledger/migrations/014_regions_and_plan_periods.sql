-- Version 14 (issue 22): the city is data. A ledger keeps its region file (the city, its districts, their spellings
-- and former names) and its boundary file as they were loaded, so that it reads the same wherever it is opened; the
-- districts table follows the file. A ledger made before keeps no region row and follows the bundled default.
-- A plan may name the plan it follows, and a goal the goal of that plan it continues (two periods, one chart).
CREATE TABLE region (
    code      VARCHAR PRIMARY KEY,
    name_zh   VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256    VARCHAR NOT NULL,
    source    VARCHAR NOT NULL,         -- the region file's text
    geojson   VARCHAR NOT NULL,         -- the boundary file's text; '' without one
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

ALTER TABLE plans ADD COLUMN follows VARCHAR;
ALTER TABLE goals ADD COLUMN continues VARCHAR;

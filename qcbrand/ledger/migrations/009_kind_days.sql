-- Version 9 (issue 13): the facts that are a whole record of one holder, counted per kind and day: how many
-- were granted on a day, count toward a total to another (until a revocation, the end of a term or a renewal),
-- are revoked on a third and lapse on a fourth. The city's scoreboard sums this instead of reading
-- every fact; every write keeps it (derived.refresh_facts), and `qcbrand check` compares it with the facts.
-- Frozen: schema only. The derived rows are rebuilt by the store once the schema is at its latest version.

CREATE TABLE kind_days (kind_code VARCHAR NOT NULL, granted_on DATE NOT NULL, last_on DATE NOT NULL, revoked_on DATE NOT NULL, lapses_on DATE NOT NULL, n BIGINT NOT NULL);
CREATE TEMP TABLE _order AS SELECT * FROM facts ORDER BY district_code, kind_code, id;
DELETE FROM facts;
INSERT INTO facts SELECT * FROM _order;
DROP TABLE _order;

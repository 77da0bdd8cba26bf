-- Version 4 (issue 10): the counting unit is data, and the facts behind every count are a table.
--
-- 1. Each goal says what it counts: records (个 / 件 / 项) or enterprises (家). A goal loaded before this
--    version takes the unit its own unit word says; 参与…的企业 (rule distinct_enterprises) is now the
--    cumulative rule counting enterprises.
ALTER TABLE goals ADD COLUMN counts VARCHAR NOT NULL DEFAULT 'records';
UPDATE goals SET counts = CASE WHEN unit_zh = '家' OR rule = 'distinct_enterprises' THEN 'enterprises' ELSE 'records' END;
UPDATE goals SET rule = 'cumulative' WHERE rule = 'distinct_enterprises';

-- 2. One row per (record, holder) that a goal may count, kept up to date by every write (queries.refresh_facts):
--    the effective valid-until computed once (a record's own, else its kind's term), one table instead of a
--    union of five at every read. A standard has a row per drafting enterprise, with its role. district_code
--    is where the record is (its own district, else its holder's); holder_district is its enterprise's, where
--    a goal that counts enterprises counts it. counts_until is the last day the record counts toward a total
--    (issue 11 cuts it where a renewal takes over). `qcbrand check` compares the table with fact_source.
CREATE TABLE facts (
    id               BIGINT NOT NULL,
    kind_code        VARCHAR NOT NULL,
    enterprise_id    BIGINT,
    district_code    VARCHAR,
    holder_district  VARCHAR,
    granted_on       DATE NOT NULL,
    valid_until      DATE,
    counts_until     DATE,
    revoked_on       DATE,
    role             VARCHAR,
    service          BOOLEAN NOT NULL,
    import_id        BIGINT
);

-- What the facts table must hold: the same rows, computed from the record tables.
CREATE VIEW fact_source AS
WITH records AS (
    SELECT f.id, f.kind_code, f.enterprise_id, NULL::VARCHAR AS own_district, f.granted_on, f.valid_until,
           f.revoked_on, NULL::VARCHAR AS role, false AS service, f.import_id
    FROM famous_brands f
    UNION ALL
    SELECT t.id, t.kind_code, t.enterprise_id, NULL, t.granted_on, t.valid_until, t.revoked_on, NULL, false, t.import_id
    FROM trademarks t
    UNION ALL
    SELECT a.id, a.kind_code, a.enterprise_id, NULL, a.granted_on, NULL, a.revoked_on, NULL, false, a.import_id
    FROM quality_awards a
    UNION ALL
    SELECT s.id, s.kind_code, d.enterprise_id, NULL, s.released_on, NULL, s.revoked_on, d.role, s.service, d.import_id
    FROM standards s JOIN standard_drafters d ON d.standard_id = s.id
    UNION ALL
    SELECT o.id, o.kind_code, o.enterprise_id, o.district_code, o.granted_on, o.valid_until, o.revoked_on, NULL, false,
           o.import_id
    FROM other_honours o
)
SELECT r.id, r.kind_code, r.enterprise_id,
       coalesce(r.own_district, e.district_code) AS district_code,
       e.district_code AS holder_district,
       r.granted_on,
       coalesce(r.valid_until,
                CASE WHEN k.term_years IS NOT NULL
                     THEN CAST(r.granted_on + to_years(k.term_years) - INTERVAL 1 DAY AS DATE) END) AS valid_until,
       coalesce(r.valid_until,
                CASE WHEN k.term_years IS NOT NULL
                     THEN CAST(r.granted_on + to_years(k.term_years) - INTERVAL 1 DAY AS DATE) END) AS counts_until,
       r.revoked_on, r.role, r.service, r.import_id
FROM records r
JOIN honour_kinds k ON k.code = r.kind_code
LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id;

INSERT INTO facts SELECT * FROM fact_source ORDER BY kind_code, id;

-- The views the fact table replaces.
DROP VIEW honour_facts;
DROP VIEW base_facts;

-- 3. Whether one unit (a record, or an enterprise) counts toward a goal on a date, from what its facts say
--    (its Python twin is scoring.unit_counts): `any_counts`, whether any of its facts counts by counts_on, and
--    `all_in_plan`, whether every matching record it ever had was granted in the plan. An enterprise counts
--    toward a 新增/新培育 or 争创 goal only if its first matching record falls in the plan: one named a service
--    brand in 2015 and again in 2018 was not newly cultivated in the plan.
CREATE MACRO unit_counts(rule, counts, any_counts, all_in_plan) AS
    any_counts AND (counts = 'records' OR rule NOT IN ('new_in_plan', 'won_in_plan') OR all_in_plan);

-- Version 2 (issue 5, performance).
--
-- 1. The facts behind every count come from base_facts, without a district; honour_facts adds the
--    holder's district. A city-wide scoreboard reads base_facts and skips the join to enterprises.
--
-- 2. Name keys keep 股份, 集团, 总 and 分: 某某股份有限公司 and 某某有限公司 are two companies, often in one
--    district, and version 1's key merged them on import. The key is recomputed here the way
--    codes.name_key computes it (names are stored normalised; tests/test_store.py checks the two agree).

-- One row per (record, holder) that a goal may count. A standard appears once per drafting
-- enterprise, with its role; counting distinct `id` counts the standard once. The base view has no
-- district (its join to enterprises costs a fifth of a city-wide scoreboard); honour_facts adds it.
-- The base view's name sorts before the views that read it on purpose: DuckDB 2.0's EXPORT DATABASE
-- writes views in alphabetical order, and IMPORT DATABASE (restore) fails on a view that reads a later one.
CREATE OR REPLACE VIEW base_facts AS
WITH facts AS (
    SELECT f.id, f.kind_code, f.enterprise_id, NULL::VARCHAR AS district_code, f.granted_on,
           f.valid_until, f.revoked_on, NULL::VARCHAR AS role, false AS service
    FROM famous_brands f
    UNION ALL
    SELECT t.id, t.kind_code, t.enterprise_id, NULL, t.granted_on, t.valid_until, t.revoked_on, NULL, false
    FROM trademarks t
    UNION ALL
    SELECT a.id, a.kind_code, a.enterprise_id, NULL, a.granted_on, NULL, a.revoked_on, NULL, false
    FROM quality_awards a
    UNION ALL
    SELECT s.id, s.kind_code, d.enterprise_id, NULL, s.released_on, NULL, s.revoked_on, d.role, s.service
    FROM standards s JOIN standard_drafters d ON d.standard_id = s.id
    UNION ALL
    SELECT o.id, o.kind_code, o.enterprise_id, o.district_code, o.granted_on, o.valid_until, o.revoked_on, NULL, false
    FROM other_honours o
)
SELECT f.id, f.kind_code, f.enterprise_id, f.district_code, f.granted_on,
       -- a record's own valid-until wins; else the kind's term from the grant date
       coalesce(f.valid_until,
                CASE WHEN k.term_years IS NOT NULL
                     THEN CAST(f.granted_on + to_years(k.term_years) - INTERVAL 1 DAY AS DATE) END) AS valid_until,
       f.revoked_on, f.role, f.service
FROM facts f
JOIN honour_kinds k ON k.code = f.kind_code;

CREATE OR REPLACE VIEW honour_facts AS
SELECT f.id, f.kind_code, f.enterprise_id, coalesce(f.district_code, e.district_code) AS district_code,
       f.granted_on, f.valid_until, f.revoked_on, f.role, f.service
FROM base_facts f
LEFT JOIN enterprises e ON e.enterprise_id = f.enterprise_id;


UPDATE enterprises
SET name_key = regexp_replace(replace(replace(replace(name, ' ', ''), '(', '（'), ')', '）'),
                              '^(.{2,}?)(有限责任公司|有限公司|公司|厂)$', '\1');

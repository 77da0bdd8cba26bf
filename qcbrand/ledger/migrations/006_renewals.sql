-- Version 6 (issue 11): renewals.
--
-- 1. A designation's term runs to the day before its anniversary; the anniversary of 29 February in a year
--    without one is 1 March, so a three-year designation of 2020-02-29 runs to 2023-02-28 (date arithmetic
--    alone gives 2023-02-27). Its Python twin is scoring.valid_until; a property test keeps them equal.
CREATE MACRO term_end(granted_on, years) AS
    CASE WHEN month(granted_on) = 2 AND day(granted_on) = 29
              AND NOT ((year(granted_on) + years) % 4 = 0
                       AND ((year(granted_on) + years) % 100 <> 0 OR (year(granted_on) + years) % 400 = 0))
         THEN make_date(year(granted_on) + years, 2, 28)
         ELSE CAST(granted_on + to_years(years) - INTERVAL 1 DAY AS DATE) END;

-- 2. When a renewal can be applied for: this many months before a designation expires (a catalogue field).
ALTER TABLE honour_kinds ADD COLUMN renewal_window_months INTEGER NOT NULL DEFAULT 12;

-- 3. Renewal chains: a later designation of the same product (or mark) for the same enterprise and kind renews
--    the one before it. `renews` links it back; the record it renews stops counting toward a total the day
--    before the renewal was granted, so a chain counts once at any date (queries.refresh_renewals keeps
--    the links; the facts carry who renewed a record and when).
ALTER TABLE famous_brands ADD COLUMN renews BIGINT;
ALTER TABLE trademarks ADD COLUMN renews BIGINT;
UPDATE famous_brands SET renews = x.prev FROM (
    SELECT id, lag(id) OVER (PARTITION BY enterprise_id, kind_code, product ORDER BY granted_on, id) AS prev
    FROM famous_brands) x
WHERE famous_brands.id = x.id;
UPDATE trademarks SET renews = x.prev FROM (
    SELECT id, lag(id) OVER (PARTITION BY enterprise_id, kind_code, mark ORDER BY granted_on, id) AS prev
    FROM trademarks) x
WHERE trademarks.id = x.id;

DROP VIEW fact_source;
DROP TABLE facts;
CREATE TABLE facts (
    id               BIGINT NOT NULL,
    kind_code        VARCHAR NOT NULL,
    enterprise_id    BIGINT,
    district_code    VARCHAR,
    holder_district  VARCHAR,
    granted_on       DATE NOT NULL,
    valid_until      DATE,              -- its own, else its kind's term
    counts_until     DATE,              -- valid_until, cut the day before a renewal was granted
    revoked_on       DATE,
    role             VARCHAR,
    service          BOOLEAN NOT NULL,
    import_id        BIGINT,
    renewed_by       BIGINT,            -- the record that renews it, if one is recorded
    renewed_on       DATE               -- and when that one was granted
);

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
),
renewals AS (
    SELECT renews AS id, arg_min(id, granted_on) AS renewed_by, min(granted_on) AS renewed_on
    FROM (SELECT renews, id, granted_on FROM famous_brands WHERE renews IS NOT NULL
          UNION ALL
          SELECT renews, id, granted_on FROM trademarks WHERE renews IS NOT NULL)
    GROUP BY renews
),
dated AS (
    SELECT r.*, coalesce(r.valid_until, CASE WHEN k.term_years IS NOT NULL THEN term_end(r.granted_on, k.term_years) END)
               AS effective_until
    FROM records r
    JOIN honour_kinds k ON k.code = r.kind_code
)
SELECT r.id, r.kind_code, r.enterprise_id,
       coalesce(r.own_district, e.district_code) AS district_code,
       e.district_code AS holder_district,
       r.granted_on,
       r.effective_until AS valid_until,
       CASE WHEN n.renewed_on IS NULL THEN r.effective_until
            ELSE least(coalesce(r.effective_until, CAST(n.renewed_on - INTERVAL 1 DAY AS DATE)),
                       CAST(n.renewed_on - INTERVAL 1 DAY AS DATE)) END AS counts_until,
       r.revoked_on, r.role, r.service, r.import_id, n.renewed_by, n.renewed_on
FROM dated r
LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
LEFT JOIN renewals n ON n.id = r.id;

INSERT INTO facts SELECT * FROM fact_source ORDER BY kind_code, id;

-- 4. One displayable row per record, with the fixed term and the record it renews (the facts say which
--    record renews it).
CREATE OR REPLACE VIEW honour_records AS
WITH records AS (
    SELECT f.id, 'famous_brand' AS category, f.kind_code, f.enterprise_id, NULL::VARCHAR AS district_code,
           f.product || coalesce('（' || f.brand || '）', '') AS title, NULL::VARCHAR AS number,
           NULL::VARCHAR AS laureate, f.granted_on, f.valid_until, f.revoked_on, f.revoke_reason, f.import_id,
           f.source_ref, f.renews
    FROM famous_brands f
    UNION ALL
    SELECT t.id, 'trademark', t.kind_code, t.enterprise_id, NULL, t.mark,
           t.reg_no || coalesce('（第' || t.nice_class || '类）', ''), NULL,
           t.granted_on, t.valid_until, t.revoked_on, t.revoke_reason, t.import_id, t.source_ref, t.renews
    FROM trademarks t
    UNION ALL
    SELECT a.id, 'quality_award', a.kind_code, a.enterprise_id, NULL,
           coalesce(a.laureate || coalesce('（' || a.laureate_org || '）', ''), CAST(a.year AS VARCHAR)), NULL,
           a.laureate, a.granted_on, NULL, a.revoked_on, a.revoke_reason, a.import_id, a.source_ref, NULL
    FROM quality_awards a
    UNION ALL
    SELECT s.id, 'standard', s.kind_code, NULL, NULL, s.title, s.std_no, NULL,
           s.released_on, NULL, s.revoked_on, s.revoke_reason, s.import_id, s.source_ref, NULL
    FROM standards s
    UNION ALL
    SELECT o.id, 'other', o.kind_code, o.enterprise_id, o.district_code,
           CASE WHEN o.laureate IS NOT NULL THEN o.laureate || coalesce('（' || o.laureate_org || '）', '') ELSE o.title END,
           NULL, o.laureate, o.granted_on, o.valid_until, o.revoked_on, o.revoke_reason, o.import_id, o.source_ref, NULL
    FROM other_honours o
)
SELECT r.id, r.category, r.kind_code, r.enterprise_id,
       coalesce(r.district_code, e.district_code) AS district_code,
       r.title, r.number, r.laureate, r.granted_on,
       coalesce(r.valid_until, CASE WHEN k.term_years IS NOT NULL THEN term_end(r.granted_on, k.term_years) END) AS valid_until,
       r.revoked_on, r.revoke_reason, r.import_id, r.source_ref, r.renews
FROM records r
JOIN honour_kinds k ON k.code = r.kind_code
LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id;

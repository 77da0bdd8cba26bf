-- Version 3 (issue 9): lists as the city and the province publish them.
--
-- 1. Persons among the laureates. A commendation list names people beside organisations
--    (王某某（某某集团有限公司董事长）): such a record has no enterprise; it keeps the person's name and the
--    organisation the list gives in brackets, and it counts for no goal that counts enterprises.
--    DuckDB 2.0 refuses to drop NOT NULL on a column with an index, hence the index is dropped and made again.
DROP INDEX quality_awards_enterprise;
ALTER TABLE quality_awards ALTER COLUMN enterprise_id DROP NOT NULL;
CREATE INDEX quality_awards_enterprise ON quality_awards (enterprise_id);
ALTER TABLE quality_awards ADD COLUMN laureate VARCHAR;
ALTER TABLE quality_awards ADD COLUMN laureate_org VARCHAR;
ALTER TABLE other_honours ADD COLUMN laureate VARCHAR;
ALTER TABLE other_honours ADD COLUMN laureate_org VARCHAR;

-- 2. Provenance. Each record says where in its file it was read (第5行, a notice's section heading); the
--    import says which document it was (the notice's title, its document numbers such as
--    常政发〔2014〕12号) and keeps the text of a notice as it was given (traditional characters included).
ALTER TABLE famous_brands ADD COLUMN source_ref VARCHAR;
ALTER TABLE trademarks ADD COLUMN source_ref VARCHAR;
ALTER TABLE quality_awards ADD COLUMN source_ref VARCHAR;
ALTER TABLE standards ADD COLUMN source_ref VARCHAR;
ALTER TABLE other_honours ADD COLUMN source_ref VARCHAR;
ALTER TABLE imports ADD COLUMN source_title VARCHAR;
ALTER TABLE imports ADD COLUMN doc_numbers VARCHAR;
ALTER TABLE imports ADD COLUMN source_text VARCHAR;
ALTER TABLE imports ADD COLUMN persons_added INTEGER NOT NULL DEFAULT 0;

-- 3. The name key in SQL (its Python twin is codes.name_key; tests/test_store.py checks they agree), so
--    that an import resolves its holders against every registered and former name in one join.
CREATE MACRO name_key(x) AS
    regexp_replace(replace(replace(replace(x, ' ', ''), '(', '（'), ')', '）'),
                   '^(.{2,}?)(有限责任公司|有限公司|公司|厂)$', '\1');

-- 4. One displayable row per record: a person's award shows the person as its title.
CREATE OR REPLACE VIEW honour_records AS
WITH records AS (
    SELECT f.id, 'famous_brand' AS category, f.kind_code, f.enterprise_id, NULL::VARCHAR AS district_code,
           f.product || coalesce('（' || f.brand || '）', '') AS title, NULL::VARCHAR AS number,
           NULL::VARCHAR AS laureate, f.granted_on, f.valid_until, f.revoked_on, f.revoke_reason, f.import_id,
           f.source_ref
    FROM famous_brands f
    UNION ALL
    SELECT t.id, 'trademark', t.kind_code, t.enterprise_id, NULL, t.mark,
           t.reg_no || coalesce('（第' || t.nice_class || '类）', ''), NULL,
           t.granted_on, t.valid_until, t.revoked_on, t.revoke_reason, t.import_id, t.source_ref
    FROM trademarks t
    UNION ALL
    SELECT a.id, 'quality_award', a.kind_code, a.enterprise_id, NULL,
           coalesce(a.laureate || coalesce('（' || a.laureate_org || '）', ''), CAST(a.year AS VARCHAR)), NULL,
           a.laureate, a.granted_on, NULL, a.revoked_on, a.revoke_reason, a.import_id, a.source_ref
    FROM quality_awards a
    UNION ALL
    SELECT s.id, 'standard', s.kind_code, NULL, NULL, s.title, s.std_no, NULL,
           s.released_on, NULL, s.revoked_on, s.revoke_reason, s.import_id, s.source_ref
    FROM standards s
    UNION ALL
    SELECT o.id, 'other', o.kind_code, o.enterprise_id, o.district_code,
           CASE WHEN o.laureate IS NOT NULL THEN o.laureate || coalesce('（' || o.laureate_org || '）', '') ELSE o.title END,
           NULL, o.laureate, o.granted_on, o.valid_until, o.revoked_on, o.revoke_reason, o.import_id, o.source_ref
    FROM other_honours o
)
SELECT r.id, r.category, r.kind_code, r.enterprise_id,
       coalesce(r.district_code, e.district_code) AS district_code,
       r.title, r.number, r.laureate, r.granted_on,
       coalesce(r.valid_until,
                CASE WHEN k.term_years IS NOT NULL
                     THEN CAST(r.granted_on + to_years(k.term_years) - INTERVAL 1 DAY AS DATE) END) AS valid_until,
       r.revoked_on, r.revoke_reason, r.import_id, r.source_ref
FROM records r
JOIN honour_kinds k ON k.code = r.kind_code
LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id;

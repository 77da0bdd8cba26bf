-- What a page shows of a record beside its facts (category, title, number, revocation reason, the record it
-- renews): the record tables alone, without the joins of honour_records, so that a filter on ids reaches
-- each table's scan (an enterprise page reads a few rows of each, not all of them).
CREATE VIEW record_display AS
SELECT f.id, 'famous_brand' AS category, f.product || coalesce('（' || f.brand || '）', '') AS title,
       NULL::VARCHAR AS number, f.revoke_reason, f.renews
FROM famous_brands f
UNION ALL
SELECT t.id, 'trademark', t.mark, t.reg_no || coalesce('（第' || t.nice_class || '类）', ''), t.revoke_reason, t.renews
FROM trademarks t
UNION ALL
SELECT a.id, 'quality_award', coalesce(a.laureate || coalesce('（' || a.laureate_org || '）', ''), CAST(a.year AS VARCHAR)),
       NULL, a.revoke_reason, NULL
FROM quality_awards a
UNION ALL
SELECT s.id, 'standard', s.title, s.std_no, s.revoke_reason, NULL
FROM standards s
UNION ALL
SELECT o.id, 'other', CASE WHEN o.laureate IS NOT NULL THEN o.laureate || coalesce('（' || o.laureate_org || '）', '') ELSE o.title END,
       NULL, o.revoke_reason, NULL
FROM other_honours o;

-- Every record (a standard once, with its drafters), filtered: what `qcbrand records` prints.
-- The title is what the record is: a product, a mark, an award (a person's name for a person), a
-- standard's number and title, a project or zone.
WITH drafters AS (
    SELECT d.standard_id,
           string_agg(e.name, '、' ORDER BY d.role = 'led' DESC, e.name) AS names,
           string_agg(DISTINCT dn.name_zh, '、') AS district_names,
           list(DISTINCT e.district_code) AS district_codes
    FROM standard_drafters d
    JOIN enterprises e ON e.enterprise_id = d.enterprise_id
    LEFT JOIN districts dn ON dn.code = e.district_code
    GROUP BY d.standard_id
)
SELECT r.id, r.kind_code, k.name_zh AS kind_name, k.name_en AS kind_name_en,
       coalesce(e.name, dr.names) AS enterprise,
       coalesce(d.name_zh, dr.district_names) AS district,
       CASE r.category
           WHEN 'standard' THEN r.number || ' ' || r.title
           WHEN 'quality_award' THEN CASE WHEN r.laureate IS NOT NULL THEN r.title ELSE k.name_zh END
           ELSE r.title END AS title,
       r.granted_on, r.valid_until,
       record_status(r.granted_on, r.valid_until, r.revoked_on, $as_of::DATE) AS status,
       r.import_id
FROM honour_records r
JOIN honour_kinds k ON k.code = r.kind_code
LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
LEFT JOIN districts d ON d.code = r.district_code
LEFT JOIN drafters dr ON dr.standard_id = r.id
WHERE ($kind IS NULL OR r.kind_code = $kind)
  AND ($year IS NULL OR year(r.granted_on) = $year)
  AND ($district IS NULL OR r.district_code = $district OR list_contains(dr.district_codes, $district))
  AND ($text IS NULL OR contains(lower(concat_ws(' ', r.title, r.number, e.name, dr.names, r.laureate)), lower($text)))
ORDER BY r.granted_on, r.id

-- One page of a record browser (famous brands, trademarks, awards): filters are optional (NULL = any).
SELECT r.id, r.kind_code, k.name_zh AS kind_zh, k.name_en AS kind_en, r.title, r.number,
       r.enterprise_id, e.name AS enterprise, e.uscc, r.district_code, d.name_zh AS district_zh,
       d.name_en AS district_en, r.granted_on, r.valid_until, r.revoked_on,
       record_status(r.granted_on, r.valid_until, r.revoked_on, $as_of::DATE) AS status,
       count(*) OVER () AS total_rows
FROM honour_records r
JOIN honour_kinds k ON k.code = r.kind_code
LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id
LEFT JOIN districts d ON d.code = r.district_code
WHERE r.category = $category
  AND r.granted_on <= $as_of::DATE
  AND ($district IS NULL OR r.district_code = $district)
  AND ($year_from IS NULL OR year(r.granted_on) >= $year_from)
  AND ($year_to IS NULL OR year(r.granted_on) <= $year_to)
  AND ($kind IS NULL OR r.kind_code = $kind)
  AND ($status IS NULL OR record_status(r.granted_on, r.valid_until, r.revoked_on, $as_of::DATE) = $status)
  AND ($text IS NULL OR contains(lower(r.title || ' ' || coalesce(r.number, '') || ' ' || coalesce(e.name, '')), lower($text)))
ORDER BY r.granted_on DESC, r.id
LIMIT $limit

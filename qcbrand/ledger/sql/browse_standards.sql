-- One page of the standards browser: a row per standard with its local drafters and their roles.
WITH drafters AS (
    SELECT d.standard_id,
           string_agg(e.name, '、' ORDER BY e.name) FILTER (WHERE d.role = 'led') AS led_by,
           string_agg(e.name, '、' ORDER BY e.name) FILTER (WHERE d.role = 'took_part') AS took_part,
           list(DISTINCT e.district_code) AS districts,
           min(d.enterprise_id) FILTER (WHERE d.role = 'led') AS lead_enterprise_id,
           min(d.enterprise_id) AS first_enterprise_id
    FROM standard_drafters d
    JOIN enterprises e ON e.enterprise_id = d.enterprise_id
    GROUP BY d.standard_id
)
SELECT s.id, s.std_no, s.title, s.level, s.kind_code, k.name_zh AS kind_zh, k.name_en AS kind_en,
       s.released_on, s.status, s.service, s.revoked_on, dr.led_by, dr.took_part,
       coalesce(dr.lead_enterprise_id, dr.first_enterprise_id) AS enterprise_id,
       count(*) OVER () AS total_rows
FROM standards s
JOIN honour_kinds k ON k.code = s.kind_code
LEFT JOIN drafters dr ON dr.standard_id = s.id
WHERE s.released_on <= $as_of::DATE
  AND ($district IS NULL OR list_contains(dr.districts, $district))
  AND ($year_from IS NULL OR year(s.released_on) >= $year_from)
  AND ($year_to IS NULL OR year(s.released_on) <= $year_to)
  AND ($kind IS NULL OR s.kind_code = $kind)
  AND ($status IS NULL OR s.status = $status)
  AND ($text IS NULL OR contains(lower(s.std_no || ' ' || s.title || ' ' || coalesce(dr.led_by, '') || ' '
                                       || coalesce(dr.took_part, '')), lower($text)))
ORDER BY s.released_on DESC, s.id
LIMIT $limit

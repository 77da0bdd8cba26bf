-- Per district: enterprises, and records in force on $as_of by category.
WITH firms AS (
    SELECT district_code, count(*) AS enterprises FROM enterprises WHERE merged_into IS NULL GROUP BY 1
),
honours AS (
    SELECT r.district_code,
           count(*) FILTER (WHERE record_status(r.granted_on, r.valid_until, r.revoked_on, $as_of::DATE)
                            IN ('in_force', 'expiring')) AS in_force,
           count(*) FILTER (WHERE r.granted_on <= $as_of::DATE) AS granted
    FROM honour_records r
    WHERE r.district_code IS NOT NULL
    GROUP BY 1
)
SELECT d.code AS district_code, d.name_zh, d.name_en, coalesce(f.enterprises, 0) AS enterprises,
       coalesce(h.in_force, 0) AS in_force, coalesce(h.granted, 0) AS granted
FROM districts d
LEFT JOIN firms f ON f.district_code = d.code
LEFT JOIN honours h ON h.district_code = d.code
ORDER BY d.sort

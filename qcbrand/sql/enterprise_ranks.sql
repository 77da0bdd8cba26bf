-- Honours in force on $as_of for every enterprise, ranked within its district, its industry and the
-- city. Every enterprise's row: api caches it per database version and date (a rank needs them all).
WITH in_force AS (
    SELECT f.enterprise_id, count(DISTINCT f.id) AS honours
    FROM facts f
    WHERE f.enterprise_id IS NOT NULL
      AND record_status(f.granted_on, f.valid_until, f.revoked_on, $as_of::DATE) IN ('in_force', 'expiring')
    GROUP BY f.enterprise_id
),
ranked AS (
    SELECT e.enterprise_id, e.name, e.uscc, e.district_code, e.industry, coalesce(i.honours, 0) AS honours,
           rank() OVER (PARTITION BY e.district_code ORDER BY coalesce(i.honours, 0) DESC) AS district_rank,
           count(*) OVER (PARTITION BY e.district_code) AS district_size,
           rank() OVER (PARTITION BY e.industry ORDER BY coalesce(i.honours, 0) DESC) AS industry_rank,
           count(*) OVER (PARTITION BY e.industry) AS industry_size,
           rank() OVER (ORDER BY coalesce(i.honours, 0) DESC) AS city_rank
    FROM enterprises e
    LEFT JOIN in_force i USING (enterprise_id)
    WHERE e.merged_into IS NULL
)
SELECT r.*, d.name_zh AS district_zh, d.name_en AS district_en
FROM ranked r
LEFT JOIN districts d ON d.code = r.district_code
ORDER BY r.honours DESC, r.name

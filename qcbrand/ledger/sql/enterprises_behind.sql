-- The enterprises that make up the figure of a goal in 家 on $as_of, one row each with its matching records
-- (those granted by the date), a page at a time. An enterprise with several records counts once; for a
-- 新增/新培育 goal, one whose first matching record came before the plan does not count at all.
WITH
-- include: goal_facts
, units AS (
    SELECT unit AS enterprise_id, district_code,
           unit_counts(rule, counts, bool_or(counts_on(rule, plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)),
                       bool_and(granted_on >= plan_start)) AS counted,
           min(granted_on) AS first_granted
    FROM goal_facts
    GROUP BY unit, district_code, rule, counts
),
held AS (
    SELECT f.unit AS enterprise_id, count(DISTINCT f.id) AS records, list(DISTINCT f.id) AS record_ids,
           string_agg(DISTINCT strftime(f.granted_on, '%Y-%m-%d') || ' ' || coalesce(r.number, k.name_zh), '；'
                      ORDER BY strftime(f.granted_on, '%Y-%m-%d') || ' ' || coalesce(r.number, k.name_zh)) AS listed
    FROM goal_facts f
    JOIN honour_records r ON r.id = f.id
    JOIN honour_kinds k ON k.code = f.kind_code
    WHERE f.granted_on <= $as_of::DATE
    GROUP BY f.unit
)
SELECT u.enterprise_id, e.name AS enterprise, e.uscc, u.district_code, d.name_zh AS district_zh, d.name_en AS district_en,
       u.first_granted, h.records, h.record_ids, h.listed,
       count(*) OVER () AS total_rows
FROM units u
JOIN held h ON h.enterprise_id = u.enterprise_id
JOIN enterprises e ON e.enterprise_id = u.enterprise_id
LEFT JOIN districts d ON d.code = u.district_code
WHERE u.counted
ORDER BY u.first_granted DESC, e.name
LIMIT $limit OFFSET $offset

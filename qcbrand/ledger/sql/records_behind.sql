-- The records that make up one goal's figure on $as_of (for the city or one district), a page at a time.
-- For a goal that counts records; enterprises_behind.sql lists a goal in 家.
WITH
-- include: goal_facts
SELECT r.id, r.category, r.kind_code, k.name_zh AS kind_zh, k.name_en AS kind_en,
       r.title, r.number, f.enterprise_id, e.name AS enterprise, e.uscc,
       f.district_code, d.name_zh AS district_zh, d.name_en AS district_en,
       r.granted_on, f.valid_until, r.revoked_on,
       count(*) OVER () AS total_rows
FROM goal_facts f
JOIN honour_records r ON r.id = f.id
JOIN honour_kinds k ON k.code = r.kind_code
LEFT JOIN enterprises e ON e.enterprise_id = f.enterprise_id
LEFT JOIN districts d ON d.code = f.district_code
WHERE counts_on(f.rule, f.plan_start, f.granted_on, f.counts_until, f.revoked_on, $as_of::DATE)
ORDER BY r.granted_on DESC, r.id, e.name
LIMIT $limit OFFSET $offset

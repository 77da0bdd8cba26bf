-- The enterprises with the most honours in force on $as_of, in one district ($district) or the city, and
-- their rank there. Ranked after the limit: every enterprise with more honours than one in the list is in
-- the list too, so the rank among these rows is the rank among all.
WITH
-- include: holdings
, top AS (
    SELECT e.enterprise_id, e.name, e.uscc, e.district_code, e.industry, i.honours
    FROM in_force i
    JOIN enterprises e USING (enterprise_id)
    WHERE e.merged_into IS NULL AND ($district::VARCHAR IS NULL OR e.district_code = $district)
    ORDER BY i.honours DESC, e.name
    LIMIT $limit
)
SELECT t.*, rank() OVER (ORDER BY t.honours DESC) AS rank, d.name_zh AS district_zh, d.name_en AS district_en
FROM top t
LEFT JOIN districts d ON d.code = t.district_code
ORDER BY t.honours DESC, t.name

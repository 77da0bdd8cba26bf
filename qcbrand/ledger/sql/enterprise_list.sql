-- Enterprises (not merged away) with their number of records, filtered by district and by what a person
-- types ($text: a name or part of one, a credit code, pinyin or initials), ranked as enterprise_search.sql
-- ranks them; by number when there is no text.
WITH counted AS (
    SELECT enterprise_id, count(DISTINCT id) AS records FROM facts WHERE enterprise_id IS NOT NULL GROUP BY 1
),
named AS (
    SELECT e.*, length(e.name) - length(regexp_replace(e.name, $place, '')) AS place_chars,
           regexp_replace(e.name_pinyin, $place_pinyin, '') AS core_pinyin
    FROM enterprises e
    WHERE e.merged_into IS NULL AND ($district IS NULL OR e.district_code = $district)
),
found AS (
    SELECT e.*,
           CASE
               WHEN $key IS NULL THEN 0
-- include: name_match_rank
           END AS match_rank
    FROM named e
)
SELECT f.enterprise_id AS id, f.name, f.uscc, d.name_zh AS district, f.former_names, coalesce(c.records, 0) AS records
FROM found f
LEFT JOIN districts d ON d.code = f.district_code
LEFT JOIN counted c ON c.enterprise_id = f.enterprise_id
WHERE f.match_rank IS NOT NULL
ORDER BY f.match_rank, CASE WHEN $key IS NULL THEN f.enterprise_id END, length(f.name), f.name_pinyin, f.name

-- Enterprises (not merged away) with their number of records, filtered by district and by a text that
-- their name, a former name or their credit code contains: what `qcbrand enterprises` prints.
WITH counted AS (
    SELECT enterprise_id, count(DISTINCT id) AS records FROM honour_facts WHERE enterprise_id IS NOT NULL GROUP BY 1
)
SELECT e.enterprise_id AS id, e.name, e.uscc, d.name_zh AS district, e.former_names, coalesce(c.records, 0) AS records
FROM enterprises e
LEFT JOIN districts d ON d.code = e.district_code
LEFT JOIN counted c ON c.enterprise_id = e.enterprise_id
WHERE e.merged_into IS NULL
  AND ($district IS NULL OR e.district_code = $district)
  AND ($key IS NULL OR contains(e.name_key, $key) OR contains(array_to_string(e.former_names, '|'), $key)
       OR e.uscc = $code)
ORDER BY e.enterprise_id

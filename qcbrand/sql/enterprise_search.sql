-- Enterprises whose name (or a former name) contains $key, or whose credit code is $code; exact code
-- matches first, then shorter names.
SELECT e.enterprise_id, e.name, e.uscc, e.district_code, d.name_zh AS district_zh, d.name_en AS district_en,
       e.industry, e.former_names
FROM enterprises e
LEFT JOIN districts d ON d.code = e.district_code
WHERE e.merged_into IS NULL
  AND (e.uscc = $code
       OR ($key <> '' AND (contains(e.name_key, $key) OR contains(array_to_string(e.former_names, '|'), $key))))
ORDER BY (e.uscc IS NOT DISTINCT FROM $code) DESC, length(e.name), e.name
LIMIT $limit

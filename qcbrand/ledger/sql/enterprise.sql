-- One enterprise with its district's names.
SELECT e.*, d.name_zh AS district_zh, d.name_en AS district_en
FROM enterprises e
LEFT JOIN districts d ON d.code = e.district_code
WHERE e.enterprise_id = $id

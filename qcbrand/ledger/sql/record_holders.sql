-- The enterprises that hold record $id (a standard may have several drafters).
SELECT f.enterprise_id, e.name, e.uscc, f.role, e.district_code
FROM facts f
JOIN enterprises e ON e.enterprise_id = f.enterprise_id
WHERE f.id = $id
ORDER BY f.role, e.name

-- Every honour an enterprise holds or held (standards once per role it had), with its status on $as_of.
SELECT f.id, r.category, f.kind_code, k.name_zh AS kind_zh, k.name_en AS kind_en, k.level,
       r.title, r.number, f.granted_on, f.valid_until, f.revoked_on, r.revoke_reason, f.role,
       record_status(f.granted_on, f.valid_until, f.revoked_on, $as_of::DATE) AS status
FROM facts f
JOIN honour_records r ON r.id = f.id
JOIN honour_kinds k ON k.code = f.kind_code
WHERE f.enterprise_id = $id
ORDER BY f.granted_on DESC, f.id

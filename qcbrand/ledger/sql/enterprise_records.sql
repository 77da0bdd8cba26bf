-- Every honour an enterprise holds or held (standards once per role it had), with its status on $as_of, the
-- days left before it expires, its kind's renewal window, and its renewal chain both ways.
SELECT f.id, r.category, f.kind_code, k.name_zh AS kind_zh, k.name_en AS kind_en, k.level,
       r.title, r.number, f.granted_on, f.valid_until, f.revoked_on, r.revoke_reason, f.role,
       record_status(f.granted_on, f.valid_until, f.revoked_on, $as_of::DATE) AS status,
       CASE WHEN f.valid_until >= $as_of::DATE AND f.granted_on <= $as_of::DATE
                 AND (f.revoked_on IS NULL OR f.revoked_on > $as_of::DATE)
            THEN date_diff('day', $as_of::DATE, f.valid_until) END AS days_left,
       k.renewal_window_months AS window_months, r.renews, f.renewed_by, f.renewed_on
FROM facts f
JOIN record_display r ON r.id = f.id
JOIN honour_kinds k ON k.code = f.kind_code
WHERE f.enterprise_id = $id
ORDER BY f.granted_on DESC, f.id

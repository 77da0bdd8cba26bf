-- One record, whatever its kind, with the record it renews and the one that renews it.
SELECT r.id, r.category, r.kind_code, k.name_zh AS kind_zh, k.name_en AS kind_en, k.level, k.term_years,
       k.renewal_window_months AS window_months,
       r.title, r.number, r.laureate, r.source_ref, r.granted_on, r.valid_until, r.revoked_on, r.revoke_reason, r.import_id,
       r.district_code, d.name_zh AS district_zh, d.name_en AS district_en, r.renews,
       (SELECT min(f.renewed_by) FROM facts f WHERE f.id = r.id) AS renewed_by,
       (SELECT min(f.renewed_on) FROM facts f WHERE f.id = r.id) AS renewed_on,
       record_status(r.granted_on, r.valid_until, r.revoked_on, $as_of::DATE) AS status
FROM honour_records r
JOIN honour_kinds k ON k.code = r.kind_code
LEFT JOIN districts d ON d.code = r.district_code
WHERE r.id = $id

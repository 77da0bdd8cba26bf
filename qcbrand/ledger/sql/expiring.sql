-- Designations in force on $as_of whose own valid-until falls after it and no later than $until (the same
-- day N months on): the call list of renewals. A record ended by a revocation does not lapse, so it is left
-- out; one already renewed is listed with its renewal.
WITH records AS (
    SELECT DISTINCT ON (id) id, kind_code, enterprise_id, district_code, granted_on, valid_until, revoked_on,
           renewed_by, renewed_on
    FROM facts
    WHERE valid_until > $as_of::DATE AND valid_until <= $until::DATE AND granted_on <= $as_of::DATE
      AND (revoked_on IS NULL OR revoked_on > valid_until)
      AND ($district IS NULL OR district_code = $district)
      AND ($kind IS NULL OR kind_code = $kind)
)
SELECT f.id, f.enterprise_id, e.name AS enterprise, f.district_code, d.name_zh AS district_zh, d.name_en AS district_en,
       f.kind_code, k.name_zh AS kind_zh, k.name_en AS kind_en, r.title, f.granted_on, f.valid_until,
       date_diff('day', $as_of::DATE, f.valid_until) AS days_left, f.renewed_by, f.renewed_on,
       k.renewal_window_months AS window_months,
       CAST(f.valid_until - to_months(k.renewal_window_months) AS DATE) AS window_opens
FROM records f
JOIN honour_records r ON r.id = f.id
JOIN honour_kinds k ON k.code = f.kind_code
LEFT JOIN enterprises e ON e.enterprise_id = f.enterprise_id
LEFT JOIN districts d ON d.code = f.district_code
ORDER BY f.valid_until, f.id

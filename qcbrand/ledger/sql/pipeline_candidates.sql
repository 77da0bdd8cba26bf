-- The candidates of the cultivation pipeline as they stood on $as_of (those with a step entered by then), each in the
-- stage of its last step by then, optionally of one kind ($kinds: a list of kind codes), one stage, one district (the
-- enterprise's), one enterprise or one candidate; with the record that closed it where one did.
WITH stage_on AS (
    SELECT s.candidate_id, s.stage_code, s.entered_on, s.record_id, s.note AS step_note
    FROM candidate_steps s
    WHERE s.entered_on <= $as_of::DATE
    QUALIFY row_number() OVER (PARTITION BY s.candidate_id ORDER BY s.step_id DESC) = 1
),
began AS (SELECT candidate_id, min(entered_on) AS since FROM candidate_steps GROUP BY candidate_id)
SELECT c.candidate_id, c.enterprise_id, e.name AS enterprise, e.uscc, e.district_code,
       d.name_zh AS district_zh, d.name_en AS district_en,
       c.kind_code, k.name_zh AS kind_zh, k.name_en AS kind_en,
       s.stage_code, st.name_zh AS stage_zh, st.name_en AS stage_en, st.outcome, st.sort AS stage_sort,
       s.entered_on AS stage_since, b.since AS candidate_since, c.expected_year, c.unit, c.note,
       s.record_id, c.import_id
FROM candidates c
JOIN stage_on s ON s.candidate_id = c.candidate_id
JOIN began b ON b.candidate_id = c.candidate_id
JOIN pipeline_stages st ON st.code = s.stage_code
JOIN honour_kinds k ON k.code = c.kind_code
JOIN enterprises e ON e.enterprise_id = c.enterprise_id
LEFT JOIN districts d ON d.code = e.district_code
WHERE ($kinds IS NULL OR list_contains($kinds::VARCHAR[], c.kind_code))
  AND ($stage IS NULL OR s.stage_code = $stage)
  AND ($district IS NULL OR e.district_code = $district)
  AND ($enterprise IS NULL OR c.enterprise_id = $enterprise)
  AND ($candidate IS NULL OR c.candidate_id = $candidate)
ORDER BY st.sort, c.expected_year NULLS LAST, e.name, c.candidate_id

-- The value on $as_of and on $before (the day before the plan started) of each goal that groups its facts (a goal
-- in 家, or one over standards): its units that have a span holding the date (span_rows.sql), counted from the
-- spans' day counts (span_days), for the city ('*') or one district.
SELECT goal_code,
       sum(n) FILTER (WHERE starts_on <= $as_of::DATE AND ends_on > $as_of::DATE) AS value,
       sum(n) FILTER (WHERE starts_on <= $before::DATE AND ends_on > $before::DATE) AS baseline
FROM span_days
WHERE plan_code = $plan AND ($goal IS NULL OR goal_code = $goal) AND district_code = coalesce($district, '*')
GROUP BY goal_code

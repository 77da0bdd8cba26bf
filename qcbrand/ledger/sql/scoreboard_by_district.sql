-- Each district's value of every goal (or one, $goal) on $as_of, and its baseline. A standard drafted by
-- enterprises of two districts counts once in each (the city figure counts it once); an enterprise counts in
-- its own district.
WITH
-- include: goal_facts
, units AS (
    SELECT goal_code, district_code,
           unit_counts(rule, counts, bool_or(counts_on(rule, plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)),
                       bool_and(granted_on >= plan_start)) AS now,
           unit_counts(rule, counts, bool_or(counts_on(rule, plan_start, granted_on, counts_until, revoked_on, before_start)),
                       bool_and(granted_on >= plan_start)) AS before
    FROM goal_facts
    WHERE district_code IS NOT NULL
    GROUP BY goal_code, district_code, unit, rule, counts
)
SELECT goal_code, district_code, count(*) FILTER (WHERE now) AS value, count(*) FILTER (WHERE before) AS baseline
FROM units
GROUP BY goal_code, district_code

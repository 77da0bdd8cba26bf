-- Each district's value of every goal on $as_of, and its baseline. A standard drafted by
-- enterprises of two districts counts once in each; the city figure counts it once.
WITH
-- include: goal_facts
SELECT f.goal_code, f.district_code,
       count(DISTINCT f.unit) FILTER (
           WHERE counts_on(f.rule, f.plan_start, f.granted_on, f.valid_until, f.revoked_on, $as_of::DATE)) AS value,
       count(DISTINCT f.unit) FILTER (
           WHERE counts_on(f.rule, f.plan_start, f.granted_on, f.valid_until, f.revoked_on,
                           CAST(f.plan_start - INTERVAL 1 DAY AS DATE))) AS baseline
FROM goal_facts f
WHERE f.district_code IS NOT NULL
GROUP BY f.goal_code, f.district_code

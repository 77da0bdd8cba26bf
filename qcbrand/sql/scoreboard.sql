-- Every goal's value on $as_of and on the day before the plan started (the baseline of the pace),
-- for the city or one district, in one pass over the facts.
WITH
-- include: goal_facts
SELECT g.goal_code,
       count(DISTINCT f.unit) FILTER (
           WHERE counts_on(f.rule, f.plan_start, f.granted_on, f.valid_until, f.revoked_on, $as_of::DATE)) AS value,
       count(DISTINCT f.unit) FILTER (
           WHERE counts_on(f.rule, f.plan_start, f.granted_on, f.valid_until, f.revoked_on,
                           CAST(f.plan_start - INTERVAL 1 DAY AS DATE))) AS baseline
FROM goals g
LEFT JOIN goal_facts f ON f.goal_code = g.goal_code
WHERE g.plan_code = $plan AND ($goal IS NULL OR g.goal_code = $goal)
GROUP BY g.goal_code, g.sort
ORDER BY g.sort

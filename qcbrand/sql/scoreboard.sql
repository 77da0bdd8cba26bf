-- Every goal's value on $as_of and on the day before the plan started (the baseline of the pace),
-- for the city or one district, in one pass over the facts.
--
-- Most facts are one row per record, so a plain count counts records. Only standards (one fact per
-- drafter) and the distinct-enterprise goal need de-duplicating, and that is done on their rows alone:
-- count(DISTINCT) over every fact costs several times more (see README, Performance).
WITH
-- include: goal_facts
, dated AS (
    SELECT f.*, CAST(f.plan_start - INTERVAL 1 DAY AS DATE) AS before_start,
           f.role IS NULL AND f.rule <> 'distinct_enterprises' AS single
    FROM goal_facts f
    WHERE f.granted_on <= greatest($as_of::DATE, CAST(f.plan_start - INTERVAL 1 DAY AS DATE))
),
singles AS (
    SELECT goal_code,
           count(*) FILTER (WHERE counts_on(rule, plan_start, granted_on, valid_until, revoked_on, $as_of::DATE)) AS value,
           count(*) FILTER (WHERE counts_on(rule, plan_start, granted_on, valid_until, revoked_on, before_start)) AS baseline
    FROM dated WHERE single
    GROUP BY goal_code
),
shared AS (
    SELECT goal_code, count(*) FILTER (WHERE now) AS value, count(*) FILTER (WHERE before) AS baseline
    FROM (SELECT goal_code, unit,
                 bool_or(counts_on(rule, plan_start, granted_on, valid_until, revoked_on, $as_of::DATE)) AS now,
                 bool_or(counts_on(rule, plan_start, granted_on, valid_until, revoked_on, before_start)) AS before
          FROM dated WHERE NOT single
          GROUP BY goal_code, unit)
    GROUP BY goal_code
)
SELECT g.goal_code,
       coalesce(s.value, 0) + coalesce(h.value, 0) AS value,
       coalesce(s.baseline, 0) + coalesce(h.baseline, 0) AS baseline
FROM goals g
LEFT JOIN singles s ON s.goal_code = g.goal_code
LEFT JOIN shared h ON h.goal_code = g.goal_code
WHERE g.plan_code = $plan AND ($goal IS NULL OR g.goal_code = $goal)
ORDER BY g.sort

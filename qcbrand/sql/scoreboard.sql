-- Every goal's value on $as_of and on the day before the plan started (the baseline of the pace), for the
-- city or one district, in one pass over the facts; for a 总数 goal, also how many of the units counted now
-- lapse before the deadline with no renewal recorded (`lapsing`).
--
-- A goal counts records (个/件/项) or enterprises (家). A fact that is a whole record by itself is counted
-- with count(*); a standard (a fact per drafter) and an enterprise (a fact per record it holds) are counted
-- once each, by grouping their facts: count(DISTINCT) over every fact costs several times more.
WITH
-- include: goal_facts
, singles AS (
    SELECT goal_code,
           count(*) FILTER (WHERE counts_on(rule, plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)) AS value,
           count(*) FILTER (WHERE counts_on(rule, plan_start, granted_on, counts_until, revoked_on, before_start)) AS baseline,
           count(*) FILTER (WHERE rule = 'total_in_force' AND lapses
                            AND counts_on(rule, plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)) AS lapsing
    FROM goal_facts
    WHERE single AND granted_on <= greatest($as_of::DATE, before_start)
    GROUP BY goal_code
),
units AS (
    SELECT goal_code,
           unit_counts(rule, counts, bool_or(counts_on(rule, plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)),
                       bool_and(granted_on >= plan_start)) AS now,
           unit_counts(rule, counts, bool_or(counts_on(rule, plan_start, granted_on, counts_until, revoked_on, before_start)),
                       bool_and(granted_on >= plan_start)) AS before,
           -- a unit lapses when every fact of it known by $as_of ends before the deadline
           rule = 'total_in_force' AND NOT bool_or(granted_on <= $as_of::DATE AND NOT lapses) AS lapses
    FROM goal_facts
    WHERE NOT single
    GROUP BY goal_code, unit, rule, counts
),
shared AS (
    SELECT goal_code, count(*) FILTER (WHERE now) AS value, count(*) FILTER (WHERE before) AS baseline,
           count(*) FILTER (WHERE now AND lapses) AS lapsing
    FROM units
    GROUP BY goal_code
)
SELECT g.goal_code,
       coalesce(s.value, 0) + coalesce(h.value, 0) AS value,
       coalesce(s.baseline, 0) + coalesce(h.baseline, 0) AS baseline,
       coalesce(s.lapsing, 0) + coalesce(h.lapsing, 0) AS lapsing
FROM goals g
LEFT JOIN singles s ON s.goal_code = g.goal_code
LEFT JOIN shared h ON h.goal_code = g.goal_code
WHERE g.plan_code = $plan AND ($goal IS NULL OR g.goal_code = $goal)
ORDER BY g.sort

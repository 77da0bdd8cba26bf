-- The lapses of the 总数 goals that group their facts (a goal in 家, or one over standards), for the city or one
-- district: the units counted on $as_of every fact of which, known by then, ends by its term before the deadline.
-- A span cannot say this (it knows nothing of what was known when); no goal of the 2016 decision needs it, and
-- queries.scoreboard_counts runs this only for a plan that has such a goal.
WITH grouped_totals AS (
    SELECT g.goal_code, g.counts, gk.kind_code, g.role, g.service_only
    FROM goals g
    JOIN goal_kinds gk ON gk.plan_code = g.plan_code AND gk.goal_code = g.goal_code
    JOIN honour_kinds k ON k.code = gk.kind_code
    WHERE g.plan_code = $plan AND ($goal IS NULL OR g.goal_code = $goal) AND g.rule = 'total_in_force'
      AND (g.counts = 'enterprises' OR k.category = 'standard')
),
unit_lapses AS (
    SELECT t.goal_code,
           CASE WHEN t.counts = 'enterprises' THEN f.enterprise_id ELSE f.id END AS unit,
           bool_or(counts_on('total_in_force', $plan_start, f.granted_on, f.counts_until, f.revoked_on, $as_of::DATE)) AS now,
           NOT bool_or(f.granted_on <= $as_of::DATE
                       AND NOT lapses_before(f.granted_on, f.valid_until, f.counts_until, f.revoked_on, f.renewed_on,
                                             $as_of::DATE, $deadline::DATE)) AS lapses
    FROM grouped_totals t
    JOIN facts f ON f.kind_code = t.kind_code
    WHERE (t.role IS NULL OR f.role = t.role) AND (NOT t.service_only OR f.service)
      AND (t.counts = 'records' OR f.enterprise_id IS NOT NULL)
      AND ($district IS NULL OR (CASE WHEN t.counts = 'enterprises' THEN f.holder_district ELSE f.district_code END) = $district)
    GROUP BY 1, 2
)
SELECT goal_code, count(*) FILTER (WHERE now AND lapses) AS lapsing FROM unit_lapses GROUP BY goal_code

-- Fragment: the counting spans of every unit of every goal that groups its facts (a goal in 家, or one
-- over standards, a fact per drafter): for each plan, goal, unit and district (and '*' for the whole city),
-- the disjoint day ranges [starts_on, ends_on) in which the unit counts under the goal's rule. A unit then
-- counts on a date when one of its spans holds the date, so a goal's value is a range count (scoreboard.sql).
--   total_in_force: a fact counts from its grant to its end (revocation, or the day after counts_until);
--   cumulative: from its grant to its revocation;
--   new_in_plan, won_in_plan: as cumulative, for facts granted in the plan; an enterprise only if its
--   first matching record ever falls in the plan (scoring.unit_counts is the rule in Python).
-- {{span_scope}} restricts the units computed (`true`, or the units an import or a correction touched).
span_facts AS (
    SELECT g.plan_code, g.goal_code, g.rule, g.counts, p.starts_on AS plan_start,
           CASE WHEN g.counts = 'enterprises' THEN f.enterprise_id ELSE f.id END AS unit,
           CASE WHEN g.counts = 'enterprises' THEN f.holder_district ELSE f.district_code END AS district_code,
           f.granted_on AS s,
           CASE WHEN g.rule = 'total_in_force'
                THEN least(coalesce(f.revoked_on, DATE '9999-12-31'),
                           coalesce(CAST(f.counts_until + INTERVAL 1 DAY AS DATE), DATE '9999-12-31'))
                ELSE coalesce(f.revoked_on, DATE '9999-12-31') END AS e
    FROM goals g
    JOIN plans p ON p.plan_code = g.plan_code
    JOIN goal_kinds gk ON gk.plan_code = g.plan_code AND gk.goal_code = g.goal_code
    JOIN honour_kinds k ON k.code = gk.kind_code
    JOIN facts f ON f.kind_code = gk.kind_code
    WHERE (g.counts = 'enterprises' OR k.category = 'standard')
      AND (g.role IS NULL OR f.role = g.role)
      AND (NOT g.service_only OR f.service)
      AND (g.counts = 'records' OR f.enterprise_id IS NOT NULL)
      AND (g.counts = 'enterprises' OR g.rule NOT IN ('new_in_plan', 'won_in_plan') OR f.granted_on >= p.starts_on)
      AND {{span_scope}}
),
span_units AS (
    SELECT * FROM span_facts
    QUALIFY counts = 'records' OR rule NOT IN ('new_in_plan', 'won_in_plan')
            OR min(s) OVER (PARTITION BY plan_code, goal_code, unit) >= plan_start
),
-- UNION, not UNION ALL: a standard's drafters give one unit the same (s, e) several times, and ties in
-- `ORDER BY s, e` may be ordered differently by the two windows below, splitting one island in two (the unit
-- then counted twice). Distinct rows make the order total.
span_places AS (
    SELECT plan_code, goal_code, unit, district_code, s, e FROM span_units WHERE district_code IS NOT NULL
    UNION
    SELECT plan_code, goal_code, unit, '*', s, e FROM span_units
),
span_marked AS (
    SELECT *, CASE WHEN s <= max(e) OVER (PARTITION BY plan_code, goal_code, unit, district_code ORDER BY s, e
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                   THEN 0 ELSE 1 END AS opens
    FROM span_places
),
span_islands AS (
    SELECT *, sum(opens) OVER (PARTITION BY plan_code, goal_code, unit, district_code ORDER BY s, e ROWS UNBOUNDED PRECEDING)
              AS island
    FROM span_marked
),
span_rows AS (
    SELECT plan_code, goal_code, unit, district_code, min(s) AS starts_on, max(e) AS ends_on
    FROM span_islands
    GROUP BY plan_code, goal_code, unit, district_code, island
)

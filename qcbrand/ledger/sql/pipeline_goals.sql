-- The cultivation pipeline of every goal of plan $plan on $as_of, for the city or one district ($district, the
-- candidate enterprise's): how many units the open candidates could add to the goal's figure, per stage and in all
-- (stage_code NULL), and how many of them are expected by the deadline's year. A candidate is in the stage of its
-- last step entered by $as_of. A goal that counts records gains one record per candidacy; a goal in 家 gains an
-- enterprise once however many candidacies it has, and nothing from an enterprise that already counts or, for a
-- 新增/争创 goal, that held a matching honour before the plan began (it can never count as new).
WITH
-- include: goal_facts
, stage_on AS (
    SELECT s.candidate_id, s.stage_code
    FROM candidate_steps s
    WHERE s.entered_on <= $as_of::DATE
    QUALIFY row_number() OVER (PARTITION BY s.candidate_id ORDER BY s.step_id DESC) = 1
),
open_candidates AS (
    SELECT c.candidate_id, c.enterprise_id, c.kind_code, c.expected_year, s.stage_code
    FROM candidates c
    JOIN stage_on s ON s.candidate_id = c.candidate_id
    JOIN pipeline_stages st ON st.code = s.stage_code
    JOIN enterprises e ON e.enterprise_id = c.enterprise_id
    WHERE st.outcome = 'open' AND ($district IS NULL OR e.district_code = $district)
),
held AS (  -- for a goal in 家: the enterprises a new honour would not add
    SELECT goal_code, unit AS enterprise_id
    FROM goal_facts
    WHERE counts = 'enterprises' AND enterprise_id IN (SELECT enterprise_id FROM open_candidates)
    GROUP BY goal_code, unit, rule, counts, plan_start
    HAVING unit_counts(rule, counts, bool_or(counts_on(rule, plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)),
                       bool_and(granted_on >= plan_start))
        OR (rule IN ('new_in_plan', 'won_in_plan') AND min(granted_on) < plan_start)
),
units AS (
    SELECT g.goal_code, o.stage_code,
           CASE WHEN g.counts = 'enterprises' THEN o.enterprise_id ELSE o.candidate_id END AS unit,
           o.expected_year IS NOT NULL AND o.expected_year <= year(p.ends_on) AS expected
    FROM goals g
    JOIN plans p ON p.plan_code = g.plan_code
    JOIN goal_kinds gk ON gk.plan_code = g.plan_code AND gk.goal_code = g.goal_code
    JOIN open_candidates o ON o.kind_code = gk.kind_code
    WHERE g.plan_code = $plan
      AND NOT EXISTS (SELECT 1 FROM held h WHERE g.counts = 'enterprises' AND h.goal_code = g.goal_code
                                              AND h.enterprise_id = o.enterprise_id)
)
SELECT goal_code, stage_code, count(DISTINCT unit) AS n, count(DISTINCT unit) FILTER (WHERE expected) AS expected
FROM units
GROUP BY GROUPING SETS ((goal_code, stage_code), (goal_code))
ORDER BY goal_code, stage_code NULLS FIRST

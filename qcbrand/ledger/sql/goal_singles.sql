-- Fragment: each goal that counts records, summed over its kinds from `kind_counts` (per kind: total_now,
-- total_before, new_now, all_now, all_before, lapsing), for the facts that are a whole record of one holder.
singles AS (
    SELECT g.goal_code,
           sum(CASE g.rule WHEN 'total_in_force' THEN k.total_now WHEN 'cumulative' THEN k.all_now ELSE k.new_now END) AS value,
           sum(CASE g.rule WHEN 'total_in_force' THEN k.total_before WHEN 'cumulative' THEN k.all_before ELSE 0 END) AS baseline,
           sum(CASE g.rule WHEN 'total_in_force' THEN k.lapsing ELSE 0 END) AS lapsing
    FROM goals g
    JOIN goal_kinds gk ON gk.plan_code = g.plan_code AND gk.goal_code = g.goal_code
    JOIN kind_counts k ON k.kind_code = gk.kind_code
    WHERE g.plan_code = $plan AND ($goal IS NULL OR g.goal_code = $goal)
      AND g.counts = 'records' AND g.role IS NULL AND NOT g.service_only
    GROUP BY g.goal_code
)
SELECT g.goal_code, coalesce(s.value, 0) AS value, coalesce(s.baseline, 0) AS baseline, coalesce(s.lapsing, 0) AS lapsing
FROM goals g
LEFT JOIN singles s ON s.goal_code = g.goal_code
WHERE g.plan_code = $plan AND ($goal IS NULL OR g.goal_code = $goal)
ORDER BY g.sort

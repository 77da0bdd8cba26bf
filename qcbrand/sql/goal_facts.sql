-- Fragment: every fact that a goal of plan $plan may count, optionally for one goal ($goal) and one
-- district ($district). `unit` is what the goal counts: the enterprise for 参与…的企业, else the record.
-- {{facts}} is base_facts for the whole city and honour_facts (with districts) otherwise.
goal_facts AS (
    SELECT g.goal_code, g.rule, p.starts_on AS plan_start,
           CASE WHEN g.rule = 'distinct_enterprises' THEN f.enterprise_id ELSE f.id END AS unit,
           f.id, f.enterprise_id, f.district_code, f.granted_on, f.valid_until, f.revoked_on, f.role
    FROM goals g
    JOIN plans p ON p.plan_code = g.plan_code
    JOIN goal_kinds gk ON gk.plan_code = g.plan_code AND gk.goal_code = g.goal_code
    JOIN {{facts}} f ON f.kind_code = gk.kind_code
    WHERE g.plan_code = $plan
      AND ($goal IS NULL OR g.goal_code = $goal)
      AND (g.role IS NULL OR f.role = g.role)
      AND (NOT g.service_only OR f.service)
      AND ($district IS NULL OR f.district_code = $district)
)

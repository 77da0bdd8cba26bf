-- Fragment: every fact that a goal of plan $plan may count, optionally for one goal ($goal) and one
-- district ($district). `unit` is what the goal counts: the enterprise for a goal in 家 (counts =
-- 'enterprises'), else the record; `district_code` is where the unit is (the enterprise's district for a goal
-- in 家, else the record's); `lapses` whether a fact granted by $as_of ends before the deadline by its term
-- (a renewal recorded by then takes over; a revocation is not a lapse); `single` marks a fact that is a whole unit by itself (a record of one holder),
-- which a plain count can count.
goal_facts AS (
    SELECT g.goal_code, g.rule, g.counts, p.starts_on AS plan_start, p.ends_on AS deadline,
           CAST(p.starts_on - INTERVAL 1 DAY AS DATE) AS before_start,
           CASE WHEN g.counts = 'enterprises' THEN f.enterprise_id ELSE f.id END AS unit,
           f.id, f.kind_code, f.enterprise_id,
           CASE WHEN g.counts = 'enterprises' THEN f.holder_district ELSE f.district_code END AS district_code,
           f.granted_on, f.valid_until, f.counts_until, f.revoked_on, f.role, f.renewed_on,
           g.counts = 'records' AND f.role IS NULL AS single,
           lapses_before(f.granted_on, f.valid_until, f.counts_until, f.revoked_on, f.renewed_on, $as_of::DATE, p.ends_on)
               AS lapses
    FROM goals g
    JOIN plans p ON p.plan_code = g.plan_code
    JOIN goal_kinds gk ON gk.plan_code = g.plan_code AND gk.goal_code = g.goal_code
    JOIN facts f ON f.kind_code = gk.kind_code
    WHERE g.plan_code = $plan
      AND ($goal IS NULL OR g.goal_code = $goal)
      AND (g.role IS NULL OR f.role = g.role)
      AND (NOT g.service_only OR f.service)
      AND (g.counts = 'records' OR f.enterprise_id IS NOT NULL)  -- a person or a place is no enterprise
      AND ($district IS NULL OR (CASE WHEN g.counts = 'enterprises' THEN f.holder_district ELSE f.district_code END) = $district)
)

-- The whole city's scoreboard, for the facts that are a whole record of one holder: summed from the day counts
-- every write keeps (kind_days, kind_day_rows.sql) by the same counting rule (counts_on) as the facts, a record
-- counting toward a total to its last day and 9999-12-31 meaning never. A goal that groups its facts counts its
-- spans (scoreboard_spans.sql); queries.scoreboard_counts adds the two. $plan_start, $before (the day before it)
-- and $deadline are the plan's.
WITH kind_counts AS (
    SELECT kind_code,
           sum(n) FILTER (WHERE counts_on('total_in_force', $plan_start, granted_on, last_on, revoked_on, $as_of::DATE)) AS total_now,
           sum(n) FILTER (WHERE counts_on('total_in_force', $plan_start, granted_on, last_on, revoked_on, $before::DATE)) AS total_before,
           sum(n) FILTER (WHERE counts_on('new_in_plan', $plan_start, granted_on, last_on, revoked_on, $as_of::DATE)) AS new_now,
           sum(n) FILTER (WHERE counts_on('cumulative', $plan_start, granted_on, last_on, revoked_on, $as_of::DATE)) AS all_now,
           sum(n) FILTER (WHERE counts_on('cumulative', $plan_start, granted_on, last_on, revoked_on, $before::DATE)) AS all_before,
           -- counted now and lapsing before the deadline: a record counted now has no renewal recorded by then
           sum(n) FILTER (WHERE counts_on('total_in_force', $plan_start, granted_on, last_on, revoked_on, $as_of::DATE)
                                AND lapses_on <= $deadline::DATE) AS lapsing
    FROM kind_days
    WHERE granted_on <= greatest($as_of::DATE, $before::DATE)
    GROUP BY kind_code
),
-- include: goal_singles

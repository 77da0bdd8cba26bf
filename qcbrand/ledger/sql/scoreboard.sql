-- Every goal's value on $as_of and on the day before the plan started (the baseline of the pace), in one
-- district; for a 总数 goal, also how many of the units counted now lapse before the deadline with no renewal
-- recorded (`lapsing`). $plan_start, $before (the day before it) and $deadline are the plan's.
--
-- One district's scoreboard, for the facts that are a whole record of one holder: counted per kind in one pass
-- over that district's facts (ordered by district, a few row groups) with no join to the goals; a goal that
-- counts records sums its kinds. The whole city's is summed from day counts (scoreboard_city.sql); a goal that
-- groups facts (one in 家, or one over standards, a fact per drafter) counts its units' spans
-- (scoreboard_spans.sql). queries.scoreboard_counts adds the two parts.
-- (A span knows nothing of what was known when: the lapses of a 总数 goal that groups its facts come from
-- grouped_lapsing.sql, which no goal of the 2016 decision needs.)
WITH
kind_counts AS (
    SELECT kind_code,
           count(*) FILTER (WHERE counts_on('total_in_force', $plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)) AS total_now,
           count(*) FILTER (WHERE counts_on('total_in_force', $plan_start, granted_on, counts_until, revoked_on, $before::DATE)) AS total_before,
           count(*) FILTER (WHERE counts_on('new_in_plan', $plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)) AS new_now,
           count(*) FILTER (WHERE counts_on('cumulative', $plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)) AS all_now,
           count(*) FILTER (WHERE counts_on('cumulative', $plan_start, granted_on, counts_until, revoked_on, $before::DATE)) AS all_before,
           count(*) FILTER (WHERE counts_on('total_in_force', $plan_start, granted_on, counts_until, revoked_on, $as_of::DATE)
                            AND lapses_before(granted_on, valid_until, counts_until, revoked_on, renewed_on, $as_of::DATE,
                                              $deadline::DATE)) AS lapsing
    FROM facts
    WHERE district_code = $district AND role IS NULL AND granted_on <= greatest($as_of::DATE, $before::DATE)
    GROUP BY kind_code
),
-- include: goal_singles

-- The value of each goal (or one, $goal) on each date of $dates, for the city or one district; with
-- $by_district, one series per district. Counted as the scoreboard counts (scoreboard.sql).
WITH
-- include: goal_facts
, dates AS (SELECT unnest($dates::DATE[]) AS d),
singles AS (
    SELECT f.goal_code, dates.d, CASE WHEN $by_district THEN f.district_code END AS district_code,
           count(*) FILTER (WHERE counts_on(f.rule, f.plan_start, f.granted_on, f.counts_until, f.revoked_on, dates.d)) AS value
    FROM goal_facts f CROSS JOIN dates
    WHERE f.single
    GROUP BY ALL
),
units AS (
    SELECT f.goal_code, dates.d, CASE WHEN $by_district THEN f.district_code END AS district_code,
           unit_counts(f.rule, f.counts,
                       bool_or(counts_on(f.rule, f.plan_start, f.granted_on, f.counts_until, f.revoked_on, dates.d)),
                       bool_and(f.granted_on >= f.plan_start)) AS counted
    FROM goal_facts f CROSS JOIN dates
    WHERE NOT f.single
    GROUP BY f.goal_code, dates.d, 3, f.unit, f.rule, f.counts
)
SELECT goal_code, d AS as_of, district_code, sum(value)::BIGINT AS value
FROM (SELECT goal_code, d, district_code, value FROM singles
      UNION ALL
      SELECT goal_code, d, district_code, count(*) FILTER (WHERE counted) FROM units GROUP BY ALL)
GROUP BY ALL
ORDER BY 1, 2, 3

-- The value of each goal (or one, $goal) on each date of $dates, for the city or one district;
-- with $by_district, one series per district.
WITH
-- include: goal_facts
, dates AS (SELECT unnest($dates::DATE[]) AS d)
SELECT f.goal_code, dates.d AS as_of,
       CASE WHEN $by_district THEN f.district_code END AS district_code,
       count(DISTINCT f.unit) FILTER (
           WHERE counts_on(f.rule, f.plan_start, f.granted_on, f.valid_until, f.revoked_on, dates.d)) AS value
FROM goal_facts f CROSS JOIN dates
GROUP BY ALL
ORDER BY 1, 2, 3

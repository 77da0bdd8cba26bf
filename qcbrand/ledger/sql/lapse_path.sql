-- One 总数 goal's value on each date of $dates if nothing is renewed or added after $as_of: only what was
-- granted by $as_of counts, a record renewed by then counts to the day before its renewal (which counts on),
-- and a recorded revocation takes effect. For the lapse path beside the projection on the goal chart.
WITH
-- include: goal_facts
, known AS (
    SELECT unit, granted_on, revoked_on,
           CASE WHEN renewed_on <= $as_of::DATE THEN counts_until ELSE valid_until END AS until_known
    FROM goal_facts
    WHERE granted_on <= $as_of::DATE
),
dates AS (SELECT unnest($dates::DATE[]) AS d)
SELECT dates.d AS on_date,
       count(DISTINCT k.unit) FILTER (WHERE (k.revoked_on IS NULL OR k.revoked_on > dates.d)
                                         AND (k.until_known IS NULL OR k.until_known >= dates.d)) AS value
FROM dates LEFT JOIN known k ON true
GROUP BY dates.d
ORDER BY dates.d

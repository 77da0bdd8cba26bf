-- Fragment: a fact that is a whole record of one holder (role IS NULL) as the days the city's scoreboard
-- counts it by (kind_days): granted; last, the last day it counts toward a total (the day before its
-- revocation, or counts_until); revoked; lapses, the day after its validity ends unless a revocation comes
-- first. 9999-12-31 stands for never, and counts_on reads it as such. {{day_scope}} restricts the facts read.
kind_day_rows AS (
    SELECT kind_code, granted_on,
           least(coalesce(CAST(revoked_on - INTERVAL 1 DAY AS DATE), DATE '9999-12-31'),
                 coalesce(counts_until, DATE '9999-12-31')) AS last_on,
           coalesce(revoked_on, DATE '9999-12-31') AS revoked_on,
           CASE WHEN valid_until IS NOT NULL AND NOT coalesce(revoked_on <= valid_until, false)
                THEN CAST(valid_until + INTERVAL 1 DAY AS DATE) ELSE DATE '9999-12-31' END AS lapses_on
    FROM facts
    WHERE role IS NULL AND {{day_scope}}
)

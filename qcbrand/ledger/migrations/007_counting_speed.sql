-- Version 7 (issue 13): the scoreboard near the scan limit.
--
-- Whether a fact, known on $as_of, ends by its term before the deadline (a renewal recorded by then takes
-- over; a revocation is not a lapse). One macro for the scoreboard's per-kind pass and for the goal facts.
CREATE MACRO lapses_before(granted_on, valid_until, counts_until, revoked_on, renewed_on, as_of, deadline) AS
    coalesce(granted_on <= as_of AND NOT coalesce(revoked_on <= valid_until, false)
             AND (CASE WHEN renewed_on <= as_of THEN counts_until ELSE valid_until END) < deadline, false);

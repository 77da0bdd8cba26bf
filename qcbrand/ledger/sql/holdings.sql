-- Fragment: each enterprise's honours in force (or expiring) on $as_of, a standard once whatever its roles.
in_force AS (
    SELECT f.enterprise_id, count(DISTINCT f.id) AS honours
    FROM facts f
    WHERE f.enterprise_id IS NOT NULL
      AND record_status(f.granted_on, f.valid_until, f.revoked_on, $as_of::DATE) IN ('in_force', 'expiring')
    GROUP BY f.enterprise_id
)

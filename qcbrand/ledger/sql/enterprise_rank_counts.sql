-- How many enterprises hold how many honours in force on $as_of, per district and industry: all a rank
-- needs (an enterprise's rank is one more than the enterprises with more honours in its district, its
-- industry or the city). Small at any size (districts × industries × distinct counts), so api caches it per
-- database version and date instead of a row for each of millions of enterprises.
WITH
-- include: holdings
SELECT e.district_code, e.industry, coalesce(i.honours, 0) AS honours, count(*) AS n
FROM enterprises e
LEFT JOIN in_force i USING (enterprise_id)
WHERE e.merged_into IS NULL
GROUP BY ALL

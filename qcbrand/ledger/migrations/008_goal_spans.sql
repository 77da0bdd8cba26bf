-- Version 8 (issue 13): the counting spans of the goals that group their facts (goals in 家, goals over
-- standards), kept by every write beside the facts, so that the scoreboard counts them as ranges.
-- Frozen: schema only. The derived rows are rebuilt by the store once the schema is at its latest version.

CREATE TABLE goal_spans (plan_code VARCHAR NOT NULL, goal_code VARCHAR NOT NULL, unit BIGINT NOT NULL, district_code VARCHAR NOT NULL, starts_on DATE NOT NULL, ends_on DATE NOT NULL);
CREATE TABLE span_days (plan_code VARCHAR NOT NULL, goal_code VARCHAR NOT NULL, district_code VARCHAR NOT NULL, starts_on DATE NOT NULL, ends_on DATE NOT NULL, n BIGINT NOT NULL);

-- A plan may give a goal targets per district (目标分解, `[goals.district_targets]` in the plan file): a district
-- with a target of its own is scored against it; one without is shown its contribution, never the city's target.
CREATE TABLE goal_district_targets (
    plan_code     VARCHAR NOT NULL,
    goal_code     VARCHAR NOT NULL,
    district_code VARCHAR NOT NULL,
    target        DOUBLE NOT NULL,
    PRIMARY KEY (plan_code, goal_code, district_code)
);

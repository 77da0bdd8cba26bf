-- Version 13 (issue 21): the cultivation pipeline (培育库). A candidate is an enterprise being cultivated for one
-- honour kind; its stages (培育, 辅导, 申报, 获得, 退出 …) are a catalogue loaded with the honour kinds, not code. Each
-- stage a candidate enters is a step, kept for ever: who, when, why, and for 获得 the record that closed it (set by
-- the import that brought the record, and undone with that import's rollback).
CREATE TABLE pipeline_stages (
    code     VARCHAR PRIMARY KEY,
    name_zh  VARCHAR NOT NULL,
    name_en  VARCHAR NOT NULL,
    outcome  VARCHAR NOT NULL,          -- open | obtained | withdrawn
    sort     INTEGER NOT NULL,
    aliases  VARCHAR[] NOT NULL DEFAULT []
);

CREATE SEQUENCE candidate_id START 1;
CREATE TABLE candidates (
    candidate_id  BIGINT PRIMARY KEY DEFAULT nextval('candidate_id'),
    enterprise_id BIGINT NOT NULL,
    kind_code     VARCHAR NOT NULL,
    expected_year INTEGER,              -- the year the honour is expected; NULL: not said
    unit          VARCHAR,              -- the responsible unit (责任单位): a district's or the bureau's department
    note          VARCHAR,
    import_id     BIGINT,               -- the candidate list that brought it (NULL: entered by hand)
    source_ref    VARCHAR
);
CREATE INDEX candidates_enterprise ON candidates (enterprise_id);

CREATE SEQUENCE candidate_step_id START 1;
CREATE TABLE candidate_steps (
    step_id      BIGINT PRIMARY KEY DEFAULT nextval('candidate_step_id'),
    candidate_id BIGINT NOT NULL,
    stage_code   VARCHAR NOT NULL,
    entered_on   DATE NOT NULL,
    note         VARCHAR,
    record_id    BIGINT,                -- for the stage that obtains: the honour record that closed the candidacy
    import_id    BIGINT,                -- the import that wrote this step (a rollback takes it away)
    editor       VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX candidate_steps_candidate ON candidate_steps (candidate_id);

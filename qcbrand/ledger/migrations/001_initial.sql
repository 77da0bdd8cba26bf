-- 001: the ledger. Enterprises, the honour-kind catalogue, one table per record kind, plans and
-- goals, indicator readings, imports and the audit log.
--
-- Every honour record (famous-brand product, trademark, award, standard, other honour) takes its
-- id from one sequence, so an id names a record across tables and the counting view can count
-- distinct records with one integer column.
--
-- No FOREIGN KEY clauses: DuckDB refuses to replace or delete a referenced row even after its
-- referencing rows were deleted in the same transaction, which breaks reloading the honour-kind
-- catalogue, rolling back an import and merging enterprises. References are resolved by the
-- importer and checked by queries.orphans() (tests run it after every kind of write).

CREATE SEQUENCE honour_id START 1;
CREATE SEQUENCE enterprise_id START 1;
CREATE SEQUENCE import_id START 1;
CREATE SEQUENCE audit_id START 1;

CREATE TABLE settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE districts (
    code    VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    sort    INTEGER NOT NULL
);

-- The catalogue of honour kinds is data (data/honour_kinds.toml), not an enum in code.
CREATE TABLE honour_kinds (
    code       VARCHAR PRIMARY KEY,
    category   VARCHAR NOT NULL,          -- famous_brand | trademark | quality_award | standard | other
    name_zh    VARCHAR NOT NULL,
    name_en    VARCHAR NOT NULL,
    level      VARCHAR NOT NULL,          -- international | national | provincial | municipal
    term_years INTEGER,                   -- NULL: no term of validity
    aliases    VARCHAR[] NOT NULL DEFAULT [],
    note       VARCHAR
);

CREATE TABLE imports (
    import_id      BIGINT PRIMARY KEY DEFAULT nextval('import_id'),
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    record_kind    VARCHAR NOT NULL,
    editor         VARCHAR NOT NULL,
    started_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    rows_in_file   INTEGER NOT NULL,
    rows_added     INTEGER NOT NULL,
    enterprises_added INTEGER NOT NULL DEFAULT 0,
    rolled_back_at TIMESTAMP,
    rolled_back_by VARCHAR
);

CREATE TABLE enterprises (
    enterprise_id BIGINT PRIMARY KEY DEFAULT nextval('enterprise_id'),
    uscc          VARCHAR UNIQUE,         -- 统一社会信用代码, NULL where the list does not give it
    name          VARCHAR NOT NULL,
    name_key      VARCHAR NOT NULL,       -- codes.name_key(name): what two spellings share
    former_names  VARCHAR[] NOT NULL DEFAULT [],
    district_code VARCHAR,
    industry      VARCHAR,
    merged_into   BIGINT,                 -- set when an editor merges it into another enterprise
    import_id     BIGINT
);
CREATE INDEX enterprises_name_key ON enterprises (name_key);

CREATE TABLE famous_brands (                -- 江苏名牌产品 and its successors
    id            BIGINT PRIMARY KEY DEFAULT nextval('honour_id'),
    kind_code     VARCHAR NOT NULL,
    enterprise_id BIGINT NOT NULL,
    product       VARCHAR NOT NULL,
    brand         VARCHAR,
    granted_on    DATE NOT NULL,
    valid_until   DATE,                   -- NULL: the kind's term applies
    revoked_on    DATE,
    revoke_reason VARCHAR,
    import_id     BIGINT
);
CREATE INDEX famous_brands_enterprise ON famous_brands (enterprise_id);

CREATE TABLE trademarks (
    id            BIGINT PRIMARY KEY DEFAULT nextval('honour_id'),
    kind_code     VARCHAR NOT NULL,   -- the tier
    enterprise_id BIGINT NOT NULL,
    mark          VARCHAR NOT NULL,
    reg_no        VARCHAR,
    nice_class    INTEGER CHECK (nice_class BETWEEN 1 AND 45),
    granted_on    DATE NOT NULL,
    valid_until   DATE,
    revoked_on    DATE,
    revoke_reason VARCHAR,
    import_id     BIGINT
);
CREATE INDEX trademarks_enterprise ON trademarks (enterprise_id);

CREATE TABLE quality_awards (
    id            BIGINT PRIMARY KEY DEFAULT nextval('honour_id'),
    kind_code     VARCHAR NOT NULL,
    enterprise_id BIGINT NOT NULL,
    year          INTEGER NOT NULL,
    granted_on    DATE NOT NULL,
    revoked_on    DATE,
    revoke_reason VARCHAR,
    import_id     BIGINT
);
CREATE INDEX quality_awards_enterprise ON quality_awards (enterprise_id);

CREATE TABLE standards (
    id            BIGINT PRIMARY KEY DEFAULT nextval('honour_id'),
    std_no        VARCHAR NOT NULL UNIQUE,  -- normalised: GB/T 10114-2003
    title         VARCHAR NOT NULL,
    level         VARCHAR NOT NULL,         -- international | national | industry | local | group
    kind_code     VARCHAR NOT NULL,
    released_on   DATE NOT NULL,
    status        VARCHAR NOT NULL DEFAULT 'current',   -- current | replaced | withdrawn
    service       BOOLEAN NOT NULL DEFAULT false,       -- a 服务业标准 (clause 6)
    revoked_on    DATE,
    revoke_reason VARCHAR,
    import_id     BIGINT
);

CREATE TABLE standard_drafters (
    standard_id   BIGINT NOT NULL,
    enterprise_id BIGINT NOT NULL,
    role          VARCHAR NOT NULL CHECK (role IN ('led', 'took_part')),   -- 主导 / 参与
    import_id     BIGINT,
    PRIMARY KEY (standard_id, enterprise_id)
);
CREATE INDEX standard_drafters_enterprise ON standard_drafters (enterprise_id);

-- The other countable honours of the decision: demonstration zones, credit ratings, engineering
-- awards, service brands and pilots. The holder may be an enterprise or only a place.
CREATE TABLE other_honours (
    id            BIGINT PRIMARY KEY DEFAULT nextval('honour_id'),
    kind_code     VARCHAR NOT NULL,
    enterprise_id BIGINT,
    title         VARCHAR NOT NULL,        -- project, zone or unit as the list names it
    district_code VARCHAR,
    granted_on    DATE NOT NULL,
    valid_until   DATE,
    revoked_on    DATE,
    revoke_reason VARCHAR,
    import_id     BIGINT
);
CREATE INDEX other_honours_enterprise ON other_honours (enterprise_id);

CREATE TABLE plans (
    plan_code  VARCHAR PRIMARY KEY,
    name_zh    VARCHAR NOT NULL,
    name_en    VARCHAR NOT NULL,
    source_zh  VARCHAR NOT NULL,
    starts_on  DATE NOT NULL,
    ends_on    DATE NOT NULL,
    file_name  VARCHAR NOT NULL,
    sha256     VARCHAR NOT NULL,
    loaded_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE goals (
    plan_code    VARCHAR NOT NULL,
    goal_code    VARCHAR NOT NULL,
    sort         INTEGER NOT NULL,
    clause       INTEGER NOT NULL,
    name_zh      VARCHAR NOT NULL,
    name_en      VARCHAR NOT NULL,
    wording_zh   VARCHAR NOT NULL,        -- the decision's own words
    target       DOUBLE NOT NULL,
    unit_zh      VARCHAR NOT NULL,
    unit_en      VARCHAR NOT NULL,
    comparison   VARCHAR NOT NULL,        -- at_least | more_than
    rule         VARCHAR NOT NULL,        -- total_in_force | new_in_plan | cumulative | distinct_enterprises | won_in_plan
    role         VARCHAR,                 -- standards only: led | NULL for any role
    service_only BOOLEAN NOT NULL DEFAULT false,
    headline     BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (plan_code, goal_code)
);

CREATE TABLE goal_kinds (
    plan_code VARCHAR NOT NULL,
    goal_code VARCHAR NOT NULL,
    kind_code VARCHAR NOT NULL,
    PRIMARY KEY (plan_code, goal_code, kind_code)
);

CREATE TABLE indicators (
    plan_code  VARCHAR NOT NULL,
    code       VARCHAR NOT NULL,
    sort       INTEGER NOT NULL,
    clause     INTEGER NOT NULL,
    name_zh    VARCHAR NOT NULL,
    name_en    VARCHAR NOT NULL,
    wording_zh VARCHAR NOT NULL,
    target     DOUBLE NOT NULL,
    unit_zh    VARCHAR NOT NULL,
    unit_en    VARCHAR NOT NULL,
    comparison VARCHAR NOT NULL,          -- at_least | more_than | below | about
    PRIMARY KEY (plan_code, code)
);

CREATE TABLE indicator_readings (
    plan_code      VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    value          DOUBLE NOT NULL,
    source         VARCHAR,
    import_id      BIGINT,
    PRIMARY KEY (plan_code, indicator_code, year)
);

CREATE TABLE audit_log (
    audit_id   BIGINT PRIMARY KEY DEFAULT nextval('audit_id'),
    at_time    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    actor      VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,          -- import | correct | revoke | merge | rollback | plan_load | demo
    table_name VARCHAR,
    record_id  BIGINT,
    before     JSON,
    after      JSON,
    import_id  BIGINT,
    note       VARCHAR
);

-- One row per (record, holder) that a goal may count. A standard appears once per drafting
-- enterprise, with its role; counting distinct `id` counts the standard once.
CREATE VIEW honour_facts AS
WITH facts AS (
    SELECT f.id, f.kind_code, f.enterprise_id, NULL::VARCHAR AS district_code, f.granted_on,
           f.valid_until, f.revoked_on, NULL::VARCHAR AS role, false AS service
    FROM famous_brands f
    UNION ALL
    SELECT t.id, t.kind_code, t.enterprise_id, NULL, t.granted_on, t.valid_until, t.revoked_on, NULL, false
    FROM trademarks t
    UNION ALL
    SELECT a.id, a.kind_code, a.enterprise_id, NULL, a.granted_on, NULL, a.revoked_on, NULL, false
    FROM quality_awards a
    UNION ALL
    SELECT s.id, s.kind_code, d.enterprise_id, NULL, s.released_on, NULL, s.revoked_on, d.role, s.service
    FROM standards s JOIN standard_drafters d ON d.standard_id = s.id
    UNION ALL
    SELECT o.id, o.kind_code, o.enterprise_id, o.district_code, o.granted_on, o.valid_until, o.revoked_on, NULL, false
    FROM other_honours o
)
SELECT f.id, f.kind_code, f.enterprise_id,
       coalesce(f.district_code, e.district_code) AS district_code,
       f.granted_on,
       -- a record's own valid-until wins; else the kind's term from the grant date
       coalesce(f.valid_until,
                CASE WHEN k.term_years IS NOT NULL
                     THEN CAST(f.granted_on + to_years(k.term_years) - INTERVAL 1 DAY AS DATE) END) AS valid_until,
       f.revoked_on, f.role, f.service
FROM facts f
JOIN honour_kinds k ON k.code = f.kind_code
LEFT JOIN enterprises e ON e.enterprise_id = f.enterprise_id;

-- The counting rule of a goal on a date, in one place (its Python twin is scoring.counts_on; a test
-- checks they agree). A record revoked on or before the date never counts.
--   total_in_force  总数: granted by the date and still valid on it
--   new_in_plan     新增: granted from the plan start to the date
--   won_in_plan     争创: the same window, for awards
--   cumulative      累计: granted by the date
--   distinct_enterprises: as cumulative; the caller counts enterprises instead of records
CREATE MACRO counts_on(rule, plan_start, granted_on, valid_until, revoked_on, d) AS
    granted_on <= d
    AND (revoked_on IS NULL OR revoked_on > d)
    AND CASE rule
        WHEN 'total_in_force' THEN valid_until IS NULL OR valid_until >= d
        WHEN 'new_in_plan' THEN granted_on >= plan_start
        WHEN 'won_in_plan' THEN granted_on >= plan_start
        ELSE true
    END;

-- The status of one record on a date, for people (its Python twin is scoring.record_status).
CREATE MACRO record_status(granted_on, valid_until, revoked_on, d) AS
    CASE
        WHEN revoked_on IS NOT NULL AND revoked_on <= d THEN 'revoked'
        WHEN granted_on > d THEN 'not_yet'
        WHEN valid_until IS NOT NULL AND valid_until < d THEN 'expired'
        WHEN valid_until IS NOT NULL AND valid_until <= CAST(d + INTERVAL 12 MONTH AS DATE) THEN 'expiring'
        ELSE 'in_force'
    END;

-- One displayable row per record (a standard once, not once per drafter), with its effective
-- valid-until date (its own, else the kind's term) and its district (its own, else its holder's).
CREATE VIEW honour_records AS
WITH records AS (
    SELECT f.id, 'famous_brand' AS category, f.kind_code, f.enterprise_id, NULL::VARCHAR AS district_code,
           f.product || coalesce('（' || f.brand || '）', '') AS title, NULL::VARCHAR AS number,
           f.granted_on, f.valid_until, f.revoked_on, f.revoke_reason, f.import_id
    FROM famous_brands f
    UNION ALL
    SELECT t.id, 'trademark', t.kind_code, t.enterprise_id, NULL, t.mark,
           t.reg_no || coalesce('（第' || t.nice_class || '类）', ''),
           t.granted_on, t.valid_until, t.revoked_on, t.revoke_reason, t.import_id
    FROM trademarks t
    UNION ALL
    SELECT a.id, 'quality_award', a.kind_code, a.enterprise_id, NULL, CAST(a.year AS VARCHAR), NULL,
           a.granted_on, NULL, a.revoked_on, a.revoke_reason, a.import_id
    FROM quality_awards a
    UNION ALL
    SELECT s.id, 'standard', s.kind_code, NULL, NULL, s.title, s.std_no,
           s.released_on, NULL, s.revoked_on, s.revoke_reason, s.import_id
    FROM standards s
    UNION ALL
    SELECT o.id, 'other', o.kind_code, o.enterprise_id, o.district_code, o.title, NULL,
           o.granted_on, o.valid_until, o.revoked_on, o.revoke_reason, o.import_id
    FROM other_honours o
)
SELECT r.id, r.category, r.kind_code, r.enterprise_id,
       coalesce(r.district_code, e.district_code) AS district_code,
       r.title, r.number, r.granted_on,
       coalesce(r.valid_until,
                CASE WHEN k.term_years IS NOT NULL
                     THEN CAST(r.granted_on + to_years(k.term_years) - INTERVAL 1 DAY AS DATE) END) AS valid_until,
       r.revoked_on, r.revoke_reason, r.import_id
FROM records r
JOIN honour_kinds k ON k.code = r.kind_code
LEFT JOIN enterprises e ON e.enterprise_id = r.enterprise_id;

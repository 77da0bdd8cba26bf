-- The scale generator: $n honour records over $enterprises enterprises in $regions regions, 2008-2024,
-- deterministic (DuckDB's hash of the row number decides everything). Shares of the records:
-- trademarks 55 %, other honours 25 %, famous brands 10 %, standards 7 %, quality awards 3 %.
CREATE OR REPLACE TEMP TABLE bench_params AS
SELECT $n::BIGINT AS n, $enterprises::BIGINT AS firms, $regions::BIGINT AS regions;

-- a deterministic pseudo-random number per row and purpose
CREATE OR REPLACE TEMP MACRO h(i, k) AS CAST(hash(i, k) % 2147483647 AS BIGINT);

-- the ledger's own districts (its region file's), then made-up regions up to $regions
CREATE OR REPLACE TEMP TABLE bench_districts AS SELECT list(code ORDER BY sort) AS codes, count(*) AS k FROM districts;

INSERT INTO districts
SELECT 'r' || lpad(CAST(i AS VARCHAR), 4, '0'), '区域' || i, 'Region ' || i, 100 + i
FROM range((SELECT regions FROM bench_params) - (SELECT k FROM bench_districts)) t(i);

INSERT INTO enterprises (name, name_key, uscc, district_code, industry)
SELECT '测试企业' || i || '有限公司', '测试企业' || i, NULL,
       CASE WHEN h(i, 1) % (SELECT regions FROM bench_params) < (SELECT k FROM bench_districts)
            THEN (SELECT codes FROM bench_districts)[1 + h(i, 2) % (SELECT k FROM bench_districts)]
            ELSE 'r' || lpad(CAST(h(i, 1) % (SELECT regions FROM bench_params) - (SELECT k FROM bench_districts) AS VARCHAR), 4, '0') END,
       ['装备制造', '汽车及零部件', '新材料', '电子信息', '纺织服装', '化工医药', '食品农业', '建筑施工', '现代服务业'][1 + h(i, 3) % 9]
FROM range((SELECT firms FROM bench_params)) t(i);

INSERT INTO trademarks (kind_code, enterprise_id, mark, reg_no, nice_class, granted_on)
SELECT ['china_well_known_trademark', 'jiangsu_famous_trademark', 'jiangsu_famous_trademark',
        'changzhou_known_trademark', 'changzhou_known_trademark'][1 + h(i, 10) % 5],
       1 + h(i, 11) % (SELECT firms FROM bench_params), '商标' || i, CAST(1000000 + i AS VARCHAR),
       1 + h(i, 12) % 45, DATE '2008-01-01' + CAST(h(i, 13) % 6200 AS INTEGER)
FROM range(CAST((SELECT n FROM bench_params) * 0.55 AS BIGINT)) t(i);

INSERT INTO other_honours (kind_code, enterprise_id, title, granted_on)
SELECT ['quality_credit_aaa', 'quality_credit_aa', 'yangzi_cup', 'construction_national_award',
        'jiangsu_transport_quality_project', 'jiangsu_water_quality_project', 'service_pilot_national',
        'service_pilot_provincial', 'jiangsu_service_brand', 'changzhou_service_brand', 'brand_demo_zone',
        'who_port_core_capacity', 'national_export_quality_zone', 'provincial_export_quality_zone'][1 + h(i, 20) % 14],
       1 + h(i, 21) % (SELECT firms FROM bench_params), '项目' || i,
       DATE '2008-01-01' + CAST(h(i, 22) % 6200 AS INTEGER)
FROM range(CAST((SELECT n FROM bench_params) * 0.25 AS BIGINT)) t(i);

INSERT INTO famous_brands (kind_code, enterprise_id, product, brand, granted_on)
SELECT CASE WHEN h(i, 30) % 10 < 8 THEN 'jiangsu_famous_brand' ELSE 'jiangsu_boutique' END,
       1 + h(i, 31) % (SELECT firms FROM bench_params), '产品' || i, '品牌' || (i % 997),
       DATE '2008-01-01' + CAST(h(i, 32) % 6200 AS INTEGER)
FROM range(CAST((SELECT n FROM bench_params) * 0.10 AS BIGINT)) t(i);

INSERT INTO quality_awards (kind_code, enterprise_id, year, granted_on)
SELECT kind, firm, year(day), day FROM (
    SELECT ['china_quality_award', 'china_quality_award_nomination', 'jiangsu_quality_award',
            'jiangsu_quality_award_excellence', 'changzhou_mayor_quality_award'][1 + h(i, 40) % 5] AS kind,
           1 + h(i, 41) % (SELECT firms FROM bench_params) AS firm,
           DATE '2008-01-01' + CAST(h(i, 42) % 6200 AS INTEGER) AS day
    FROM range(CAST((SELECT n FROM bench_params) * 0.03 AS BIGINT)) t(i));

INSERT INTO standards (std_no, title, level, kind_code, released_on, service)
SELECT prefix || ' ' || i || '-' || year(day), '标准' || i, level, 'standard_' || level, day, h(i, 52) % 6 = 0
FROM (SELECT i, ['GB/T', 'JB/T', 'DB32/T', 'T/CMIF', 'ISO'][1 + h(i, 50) % 5] AS prefix,
             ['national', 'industry', 'local', 'group', 'international'][1 + h(i, 50) % 5] AS level,
             DATE '2008-01-01' + CAST(h(i, 51) % 6200 AS INTEGER) AS day
      FROM range(CAST((SELECT n FROM bench_params) * 0.07 AS BIGINT)) t(i));

INSERT INTO standard_drafters (standard_id, enterprise_id, role)
SELECT DISTINCT ON (s.id, 1 + h(s.id, k) % (SELECT firms FROM bench_params))
       s.id, 1 + h(s.id, k) % (SELECT firms FROM bench_params), CASE WHEN k = 0 THEN 'led' ELSE 'took_part' END
FROM standards s, range(3) r(k)
WHERE k = 0 OR h(s.id, 60 + k) % 2 = 0;

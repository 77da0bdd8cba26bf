"""The decision's plan file: every countable goal of clauses 4, 5, 6 and 8 with its target, and
malformed plan files refused with the line and key at fault."""

from pathlib import Path

import pytest

from qcbrand import services
from qcbrand.errors import PlanError
from qcbrand.ledger import reference
from qcbrand.rules.plans import read_plan
from qcbrand.shipped import DEFAULT_PLAN_FILE

PLAN_FILE = DEFAULT_PLAN_FILE

# (clause, target, comparison, rule, what it counts) of every countable goal, read off the decision's text:
# its verb sets the rule (总数, 新增, 累计, 争创) and its unit word what it counts (家 enterprises; 个, 件, 项 records).
DECISION = {
    "famous_brand_products": (4, 230, "at_least", "total_in_force", "records"),        # 江苏名牌产品总数达到230个
    "well_known_trademarks": (4, 110, "at_least", "total_in_force", "records"),        # 中国驰名商标总数达到110件
    "famous_and_known_trademarks": (4, 1000, "at_least", "total_in_force", "records"),  # 省著名商标和市知名商标总数达到1000件
    "china_quality_award": (4, 1, "at_least", "won_in_plan", "records"),               # 争创中国质量奖1个
    "jiangsu_quality_award": (4, 3, "at_least", "won_in_plan", "records"),             # 江苏省质量奖3个
    "brand_demo_zones": (4, 3, "at_least", "won_in_plan", "records"),                  # 全国知名品牌创建示范区3个
    "who_port_units": (4, 3, "at_least", "won_in_plan", "records"),                    # 口岸核心能力达标单位3个
    "national_export_zones": (4, 2, "at_least", "won_in_plan", "records"),                 # 国家级…出口质量安全示范区各2个
    "provincial_export_zones": (4, 2, "at_least", "won_in_plan", "records"),           # …省级…各2个
    "quality_credit_aaa": (4, 30, "at_least", "cumulative", "enterprises"),                # 累计建成…AAA级企业30家
    "quality_credit_aa": (4, 60, "at_least", "cumulative", "enterprises"),                 # AA级企业60家
    "construction_national_awards": (5, 2, "at_least", "new_in_plan", "records"),          # 新增建筑工程国家级奖励2项
    "yangzi_cup": (5, 80, "at_least", "new_in_plan", "records"),                       # 扬子杯80项
    "transport_quality_projects": (5, 5, "at_least", "new_in_plan", "records"),        # 省交通建设优质工程项目5项
    "water_quality_projects": (5, 2, "at_least", "new_in_plan", "records"),            # 省水利优质工程项目2项
    "service_standardisation_pilots": (6, 20, "at_least", "new_in_plan", "records"),   # 服务业标准化试点项目20个
    "service_standards": (6, 25, "at_least", "new_in_plan", "records"),                # 服务业标准25项
    "jiangsu_service_brands": (6, 15, "at_least", "new_in_plan", "enterprises"),           # 新培育江苏服务业名牌企业15家
    "changzhou_service_brands": (6, 25, "at_least", "new_in_plan", "enterprises"),         # 常州服务业名牌企业25家
    "standard_drafting_enterprises": (8, 100, "more_than", "cumulative", "enterprises"),  # 超过100家
    "led_standards": (8, 100, "at_least", "new_in_plan", "records"),                   # 新增主导研制…100项以上
}


def test_plan_covers_every_countable_goal_with_the_decisions_targets(fresh_db) -> None:
    goals = {g["goal_code"]: g for g in reference.goals(fresh_db, "changzhou-2016")}
    assert set(goals) == set(DECISION)
    for code, (clause, target, comparison, rule, counts) in DECISION.items():
        g = goals[code]
        assert (g["clause"], g["target"], g["comparison"], g["rule"], g["counts"]) == (clause, target, comparison, rule, counts), code


def test_plan_quotes_the_decision(fresh_db) -> None:
    source = (Path(__file__).resolve().parents[2] / "shared" / "source" / "quality-city-decision.zh.txt")
    if not source.exists():
        pytest.skip("shared/ is not beside the repository")
    text = source.read_text(encoding="utf-8")
    for g in reference.goals(fresh_db, "changzhou-2016"):
        # every quoted fragment between the ellipses appears word for word in the decision
        for fragment in g["wording_zh"].split("……"):
            assert fragment in text, (g["goal_code"], fragment)


def test_plan_period_and_headlines() -> None:
    plan, _ = read_plan(PLAN_FILE)
    assert str(plan.plan.starts_on) == "2016-01-01" and str(plan.plan.ends_on) == "2020-12-31"
    assert [g.target for g in plan.goals if g.headline] == [230, 110, 1000]
    assert {i.code for i in plan.indicators} >= {"industrial_sampling_pass_rate", "forest_cover", "high_tech_enterprises"}


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = PLAN_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_wrong_value_names_its_line_and_key(tmp_path: Path) -> None:
    path = _broken(tmp_path, "target = 110", 'target = "many"')
    with pytest.raises(PlanError) as e:
        read_plan(path)
    line = _line_of(path, 'target = "many"')
    assert f"第{line}行" in e.value.zh and "goals.1.target" in e.value.zh
    assert f"line {line}" in e.value.en and "should be a number" in e.value.en


def test_an_unknown_rule_names_its_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'rule = "cumulative"', 'rule = "sometimes"')
    with pytest.raises(PlanError) as e:
        read_plan(path)
    assert f"line {_line_of(path, 'sometimes')}" in e.value.en and "rule" in e.value.en


def test_a_missing_key_names_its_table(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'wording_zh = "中国驰名商标总数达到110件"\n', "")
    with pytest.raises(PlanError) as e:
        read_plan(path)
    assert "goals.1.wording_zh" in e.value.en and "required" in e.value.en


def test_a_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = _broken(tmp_path, "target = 230", "target = = 230")
    with pytest.raises(PlanError) as e:
        read_plan(path)
    assert f"line {_line_of(path, 'target = = 230')}" in e.value.en


def test_an_unknown_honour_kind_is_refused_and_nothing_changes(fresh_db, tmp_path: Path) -> None:
    path = _broken(tmp_path, 'kinds = ["jiangsu_famous_brand"]', 'kinds = ["no_such_kind"]')
    before = reference.goals(fresh_db, "changzhou-2016")
    with pytest.raises(PlanError) as e:
        services.load_plan(fresh_db, path)
    assert "no_such_kind" in e.value.en
    assert reference.goals(fresh_db, "changzhou-2016") == before

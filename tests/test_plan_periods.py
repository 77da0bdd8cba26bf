"""Two programmes in one ledger: the 2016 decision and the one after it (the shipped template, filled in as a city
would). The plan in force on the date is the default everywhere (the sidebar, every command, the briefing); plan=
and --plan choose another; a goal the next plan continues draws both periods' targets on one chart."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcbrand import services
from qcbrand.cli import cli
from qcbrand.errors import PlanError
from qcbrand.ledger.store import Store
from qcbrand.reports import briefing, charts
from qcbrand.shipped import PLANS_DIR

TEMPLATE = PLANS_DIR / "TEMPLATE-next.toml"
NEXT = "changzhou-2021"


def filled_template(folder: Path, drop_template: bool = True) -> Path:
    """The template as a city fills it in: a code, each 2016 target plus 10, `template = true` deleted."""
    text = TEMPLATE.read_text(encoding="utf-8").replace('code = "next-plan"', f'code = "{NEXT}"')
    text = re.sub(r"^# target = +# 待填 TO FILL IN \(2016–2020: ([0-9.]+)\)$",
                  lambda m: f"target = {float(m[1]) + 10:g}", text, flags=re.M)
    if drop_template:
        text = text.replace("template = true\n", "")
    path = folder / "changzhou-2021.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_plans(demo_path: Path, tmp_path: Path) -> Path:
    db = tmp_path / "two.duckdb"
    shutil.copy(demo_path, db)
    with Store.open(db) as store:
        assert services.load_plan(store, filled_template(tmp_path)) == NEXT
    return db


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_the_template_is_refused_as_it_is_naming_what_to_fill_in(fresh_db: Store, tmp_path: Path) -> None:
    with pytest.raises(PlanError) as refused:
        services.load_plan(fresh_db, TEMPLATE)
    assert "template = true" in refused.value.zh and "famous_brand_products（第" in refused.value.zh
    assert "still to fill in: famous_brand_products (line" in refused.value.en
    # filled in but still marked a template: refused; with its targets and unmarked: loads
    with pytest.raises(PlanError, match="template"):
        services.load_plan(fresh_db, filled_template(tmp_path, drop_template=False))
    assert services.load_plan(fresh_db, filled_template(tmp_path)) == NEXT


def test_a_plan_follows_a_loaded_plan_and_continues_its_goals(fresh_db: Store, tmp_path: Path) -> None:
    path = filled_template(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('follows = "changzhou-2016"', 'follows = "changzhou-2011"'), encoding="utf-8")
    with pytest.raises(PlanError, match="changzhou-2011"):
        services.load_plan(fresh_db, path)
    path.write_text(text.replace('continues = "yangzi_cup"', 'continues = "yangtze_cup"'), encoding="utf-8")
    with pytest.raises(PlanError, match="yangtze_cup"):
        services.load_plan(fresh_db, path)
    assert [p.code for p in services.list_plans(fresh_db)] == ["changzhou-2016"]  # nothing half-loaded


def test_the_plan_in_force_on_the_date_is_the_default(two_plans: Path) -> None:
    with Store.open(two_plans, read_only=True) as store:
        chosen = {day: services.choose_plan(store, None, dt.date.fromisoformat(day)).code
                  for day in ("2010-01-01", "2016-01-01", "2019-06-30", "2020-12-31", "2021-01-01", "2024-05-01", "2030-01-01")}
        assert services.choose_plan(store, "changzhou-2016", dt.date(2024, 5, 1)).code == "changzhou-2016"
    assert chosen == {"2010-01-01": NEXT, "2016-01-01": "changzhou-2016", "2019-06-30": "changzhou-2016",
                      "2020-12-31": "changzhou-2016", "2021-01-01": NEXT, "2024-05-01": NEXT, "2030-01-01": NEXT}
    for args, plan in ((["--as-of", "2019-06-30"], "changzhou-2016"), (["--as-of", "2023-06-30"], NEXT),
                       (["--as-of", "2023-06-30", "--plan", "changzhou-2016"], "changzhou-2016")):
        code, out = run(two_plans, "scoreboard", "--format", "json", *args)
        assert code == 0, out
        payload = json.loads(out)
        assert payload["plan"] == plan, args
    # the same records, each plan's own targets: 2016's 230 and the next's 240
    code, out = run(two_plans, "scoreboard", "--format", "json", "--as-of", "2023-06-30")
    goal = next(g for g in json.loads(out)["goals"] if g["goal_code"] == "famous_brand_products")
    assert goal["target"] == 240 and goal["wording_zh"] == "江苏名牌产品总数达到【待填】个"


def test_a_continued_goal_has_two_periods_on_one_chart(two_plans: Path) -> None:
    with Store.open(two_plans, read_only=True) as store:
        plan = services.get_plan(store, NEXT)
        periods = services.goal_periods(store, plan, "famous_brand_products")
        assert [(p["plan_code"], p["target"]) for p in periods] == [("changzhou-2016", 230), (NEXT, 240)]
        # seen from the first plan, the same two periods
        assert len(services.goal_periods(store, services.get_plan(store, "changzhou-2016"), "famous_brand_products")) == 2
        detail = services.goal_detail(store, NEXT, "famous_brand_products", dt.date(2023, 6, 30))
        assert [p["target"] for p in detail["periods"]] == [230, 240]
        s = detail["score"]
    spec = charts.goal_trend(detail["series"], title="t", subtitle_text="s", source="src", lang="zh",
                             target=s.score.target, deadline=plan.ends_on, as_of=dt.date(2023, 6, 30),
                             projected=s.score.projected, unit="个", periods=detail["periods"])
    segments = [layer for layer in spec["vconcat"][0]["layer"] if layer["mark"].get("type") == "rule" and "x2" in layer["encoding"]]
    assert len(segments) == 1
    assert [(v["value"], v["text"]) for v in segments[0]["data"]["values"]] == [
        (230, "2016–2020 目标值 230"), (240, "2021–2025 目标值 240")]
    png = charts.to_png(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_briefing_follows_the_chosen_plan(two_plans: Path) -> None:
    with Store.open(two_plans, read_only=True) as store:
        later = briefing.make(store, None, dt.date(2023, 6, 30), None, "zh")
        earlier = briefing.make(store, "changzhou-2016", dt.date(2023, 6, 30), None, "zh")
    assert "质量强市工作规划" in later.title and "决定" in earlier.title


def test_the_sidebar_chooses_the_plan_and_the_url_keeps_it(two_plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("QCBRAND_DB", str(two_plans))
    app = Path(__file__).resolve().parent.parent / "app.py"
    at = AppTest.from_file(str(app), default_timeout=60)
    at.query_params["as_of"] = "2019-06-30"
    at.run()
    control = next(s for s in at.sidebar.selectbox if s.label == "计划（工作目标）")
    assert control.value == "changzhou-2016"  # in force on the date
    assert at.title[0].value == "常州市进一步深化质量强市工作的决定"
    # nobody chose a plan: a later date brings the plan in force then, an earlier one the first again
    at.sidebar.date_input[0].set_value(dt.date(2023, 6, 30)).run()
    assert at.title[0].value == "【待填】质量强市工作规划"
    at.sidebar.date_input[0].set_value(dt.date(2018, 12, 31)).run()
    assert at.title[0].value == "常州市进一步深化质量强市工作的决定"
    control = next(s for s in at.sidebar.selectbox if s.label == "计划（工作目标）")
    control.set_value(NEXT).run()
    assert at.title[0].value == "【待填】质量强市工作规划"
    assert at.query_params["plan"] in (NEXT, [NEXT])
    # on 2018-12-31 the next plan has not begun: the summary says so, not "0 behind, 0 missed"
    with Store.open(two_plans, read_only=True) as store:
        counted = services.status_counts(services.scoreboard(store, NEXT, dt.date(2018, 12, 31)))
    assert counted["not_started"] > 0
    assert any(f"未开始 {counted['not_started']}（计划期尚未开始）" in m.value for m in at.markdown)
    at.sidebar.date_input[0].set_value(dt.date(2019, 6, 30)).run()  # chosen: the plan stays, whatever the date
    assert at.title[0].value == "【待填】质量强市工作规划"
    # a link naming the plan opens it, whatever the date
    again = AppTest.from_file(str(app), default_timeout=60)
    again.query_params["as_of"] = "2019-06-30"
    again.query_params["plan"] = NEXT
    again.run()
    assert again.title[0].value == "【待填】质量强市工作规划" and not again.exception


def test_an_imports_goal_changes_follow_the_plan(two_plans: Path, tmp_path: Path) -> None:
    with Store.open(two_plans, read_only=True) as store:
        firm = store.scalar("SELECT name FROM enterprises ORDER BY enterprise_id LIMIT 1")
    listing = tmp_path / "brands.csv"
    listing.write_text(f"企业名称,产品名称,荣誉类别,认定日期\n{firm},示例新产品,江苏名牌产品,2019-12-01\n", encoding="utf-8")

    def changes(*extra: str) -> dict[str, tuple[str, int, int]]:
        code, out = run(two_plans, "import", str(listing), "--dry-run", "--format", "json", *extra)
        assert code == 0, out
        return {c["goal"]: (c["on"], c["before"], c["after"]) for c in json.loads(out)["goal_changes"]}

    # a three-year designation of 2019: in force on the 2016 plan's deadline, lapsed by the next one's
    first = changes("--plan", "changzhou-2016")
    assert first["famous_brand_products"][0] == "2020-12-31"
    assert first["famous_brand_products"][2] == first["famous_brand_products"][1] + 1
    assert "famous_brand_products" not in changes("--plan", NEXT)
    assert changes("--as-of", "2020-06-30")["famous_brand_products"][0] == "2020-06-30"  # the plan in force then

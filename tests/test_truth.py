"""What the screen says is true (issue 18): a district is scored only against a target of its own (目标分解 in
the plan file) and is otherwise shown its contribution; after the plan's end a goal's outcome is the one on the
deadline, the later value apart. Worked by hand on a small ledger, then checked on every surface of the demo."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from streamlit.testing.v1 import AppTest

from qcbrand import services
from qcbrand.cli import cli
from qcbrand.errors import PlanError
from qcbrand.ledger.store import Store
from qcbrand.reports import briefing
from qcbrand.shipped import DEFAULT_PLAN_FILE

from .conftest import REPO, shown

PLAN = DEFAULT_PLAN_FILE
APP = str(REPO / "app.py")


def plan_with_targets(tmp_path: Path, table: str) -> Path:
    """The bundled plan with a district_targets table under its first goal (江苏名牌产品总数)."""
    text = PLAN.read_text(encoding="utf-8")
    anchor = 'kinds = ["jiangsu_famous_brand"]\nheadline = true\n'
    assert text.count(anchor) == 1
    path = tmp_path / "plan.toml"
    path.write_text(text.replace(anchor, anchor + f"\n[goals.district_targets]\n{table}\n"), encoding="utf-8")
    return path


def test_a_district_is_scored_against_its_own_target_and_shown_its_contribution_otherwise(ledger, tmp_path) -> None:
    """By hand: 武进 holds 2 江苏名牌产品 in force on 2019-06-30 (a third lapsed), 天宁 holds 1, 钟楼 none. The
    plan gives 武进 a target of 4: 50 %, 2 short, status from its pace; 天宁 has no target: 1 of the city's 3
    (33 %), +1 since the plan began, rank 2 of 7; the city is 3 of 230."""
    store = ledger.store
    services.load_plan(store, plan_with_targets(tmp_path, "wujin = 4"))
    wujin, tianning = ledger.enterprise("甲公司", "wujin"), ledger.enterprise("乙公司", "tianning")
    ledger.famous_brand(wujin, "2015-06-01", "2018-05-31", product="甲")  # in force before the plan, lapsed in it
    ledger.famous_brand(wujin, "2017-03-01", "2020-02-28", product="乙")
    ledger.famous_brand(wujin, "2018-03-01", "2021-02-28", product="丙")
    ledger.famous_brand(tianning, "2018-03-01", "2021-02-28", product="丁")
    on = dt.date(2019, 6, 30)

    own = services.goal_score(store, None, "famous_brand_products", on, "wujin")
    assert (own.value, own.score.target, own.score.gap, round(own.score.percent)) == (2, 4, 2, 50)
    assert own.score.status in ("on_track", "at_risk", "behind") and own.contribution.rank == 1

    other = services.goal_score(store, None, "famous_brand_products", on, "tianning")
    assert other.score is None and other.status is None
    c = other.contribution
    assert (other.value, c.city_value, round(c.share, 3), c.change, c.rank, c.districts) == (1, 3, 0.333, 1, 2, 7)
    assert services.goal_score(store, None, "famous_brand_products", on, "zhonglou").contribution.rank == 3

    city = services.goal_score(store, None, "famous_brand_products", on)
    assert (city.value, city.score.target, city.contribution) == (3, 230, None)
    # every other goal: no target of its own for any district
    assert all(s.score is None for s in services.scoreboard(store, None, on, "wujin") if s.goal_code != "famous_brand_products")


def test_the_loader_checks_the_district_codes(fresh_db, tmp_path) -> None:
    with pytest.raises(PlanError) as caught:
        services.load_plan(fresh_db, plan_with_targets(tmp_path, "wujin = 80\nxinbei_zone = 10"))
    assert "xinbei_zone" in caught.value.zh and "xinbei_zone" in caught.value.en and "famous_brand_products" in caught.value.en
    with pytest.raises(PlanError) as caught:
        services.load_plan(fresh_db, plan_with_targets(tmp_path, "wujin = -3"))
    assert "wujin" in caught.value.en
    assert services.scoreboard(fresh_db, None, dt.date(2019, 6, 30), "wujin")[0].score is None  # the bundled plan stays


# --- the demo city: no surface shows a district the city's target ---------------------------------------------


ZHONGLOU_DAY = dt.date(2019, 6, 30)


def page_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "info", "warning", "success") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    return shown("\n".join(str(p) for p in parts))


def test_no_page_scores_a_district_against_the_citys_target(app, demo_db) -> None:
    s = services.goal_score(demo_db, None, "famous_brand_products", ZHONGLOU_DAY, "zhonglou")
    goal = app("goal", goal="famous_brand_products", as_of=ZHONGLOU_DAY.isoformat(), district="zhonglou")
    text = page_text(goal).replace(s.wording_zh, "")  # the decision's own words may name its target
    assert not goal.exception and f"{s.value:,}" in [m.value for m in goal.metric]
    assert "230" not in text and "须" not in text and "%" in text  # the share of the city, never a percent of 230
    overview = app("overview", as_of=ZHONGLOU_DAY.isoformat(), district="zhonglou")
    text = page_text(overview)
    assert "/ 230" not in text and "落后" not in text and "未给钟楼区分解目标" in text
    board = next(f.value for f in overview.dataframe if "goal" in f.value.columns)
    assert "target" not in board.columns or board["target"].isna().all()
    assert {"share", "change", "rank"} <= set(board.columns)
    district = app("districts", as_of=ZHONGLOU_DAY.isoformat(), district="zhonglou")
    own = next(f.value for f in district.dataframe if "share" in f.value.columns and "goal" in f.value.columns)
    assert own["target"].isna().all() and own["status"].map(len).sum() == 0


@pytest.fixture
def demo_copy(demo_path: Path, tmp_path: Path) -> Path:
    """The demo city in a file of its own: the command line opens it read-only, beside the tests' handle."""
    import shutil

    return Path(shutil.copy(demo_path, tmp_path / "demo.duckdb"))


def test_the_command_line_gives_a_district_no_target(demo_copy) -> None:
    demo_path = demo_copy
    out = CliRunner().invoke(cli, ["--db", str(demo_path), "scoreboard", "--district", "zhonglou", "--as-of",
                                   ZHONGLOU_DAY.isoformat(), "--format", "json"])
    assert out.exit_code == 0, out.output
    goals = json.loads(out.output)["goals"]
    assert all(g["target"] is None and g["status"] is None and g["percent"] is None for g in goals)
    brand = next(g for g in goals if g["goal_code"] == "famous_brand_products")
    assert brand["share"] == pytest.approx(brand["value"] / brand["city_value"]) and brand["rank"] >= 1
    text = CliRunner().invoke(cli, ["--db", str(demo_path), "scoreboard", "--district", "zhonglou", "--as-of",
                                    ZHONGLOU_DAY.isoformat()]).output
    assert "230" not in text and "share" in text


def test_the_briefing_gives_a_district_no_target(demo_db) -> None:
    pack = briefing.make(demo_db, None, ZHONGLOU_DAY, "wujin", "zh")
    doc = Document(io.BytesIO(briefing.docx_bytes(pack)))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "为目标" not in text and "未给武进区分解目标" in text and "占全市" in text
    assert "230" not in text.replace("2030", "")


# --- the deadline is final ----------------------------------------------------------------------------------


LATER = dt.date(2026, 12, 2)


def test_after_the_deadline_each_goal_keeps_its_outcome_on_that_day(demo_db) -> None:
    plan = services.get_plan(demo_db)
    on_deadline = {s.goal_code: s for s in services.scoreboard(demo_db, None, plan.ends_on)}
    later = services.scoreboard(demo_db, None, LATER)
    for s in later:
        judged = on_deadline[s.goal_code]
        assert s.final and s.value_at_deadline == judged.value
        assert s.outcome_at_deadline == judged.status in ("achieved", "missed")
    assert services.status_counts(later) == services.status_counts(list(on_deadline.values()))
    marks = next(s for s in later if s.goal_code == "well_known_trademarks")
    assert marks.value > marks.value_at_deadline and marks.outcome_at_deadline == "missed"  # 114 later, 107 then


def test_after_the_deadline_the_pages_the_cli_and_the_briefing_say_so(app, demo_copy, demo_db) -> None:
    marks = next(s for s in services.scoreboard(demo_db, None, LATER) if s.goal_code == "well_known_trademarks")
    at = app("overview", as_of=LATER.isoformat())
    assert any("晚于计划截止日" in i.value for i in at.sidebar.info)
    card = next(m for m in at.metric if "驰名商标" in shown(m.label))
    assert card.value == f"{marks.value_at_deadline:,} / 110" and f"此后：{marks.value:,}" in card.delta and "未达成" in card.delta
    goal = app("goal", goal="well_known_trademarks", as_of=LATER.isoformat(), lang="en")
    assert [m.label for m in goal.metric][:1] == ["On the deadline"] and any(m.value == f"{marks.value:,}" for m in goal.metric)

    out = CliRunner().invoke(cli, ["--db", str(demo_copy), "scoreboard", "--as-of", LATER.isoformat(), "--format", "json"])
    row = next(g for g in json.loads(out.output)["goals"] if g["goal_code"] == "well_known_trademarks")
    assert (row["value"], row["value_at_deadline"], row["outcome_at_deadline"]) == (marks.value, marks.value_at_deadline, "missed")

    pack = briefing.make(demo_db, None, LATER, None, "zh")
    assert any("晚于计划截止日" in line for line in pack.summary)
    assert any(f"截止日为{marks.value_at_deadline}件" in line and f"此后为{marks.value}件" in line for line in pack.summary)


def test_the_record_page_says_where_in_the_file_a_record_was_read(demo_path: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A real XLSX with a title row above its header: the third enterprise's brand is on the sheet's fifth row, and
    its record page says so (and names the file), as the ledger's source_ref holds it."""
    import openpyxl
    from streamlit.testing.v1 import AppTest

    ledger = tmp_path / "ledger.duckdb"
    shutil.copy(demo_path, ledger)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["2019年度江苏省名牌产品名单"])
    sheet.append(["企业名称", "产品名称", "认定日期"])
    for firm, product in (("常州恒达机械有限公司", "齿轮箱"), ("常州恒达机械有限公司", "减速机"), ("常州恒达机械有限公司", "联轴器")):
        sheet.append([firm, product, "2019-12-20"])
    file = tmp_path / "名牌产品.xlsx"
    book.save(file)
    with Store.open(ledger) as store:
        report = services.imports.import_file(store, file, "famous_brands", editor="test")
        record_id, where = store.rows("SELECT id, source_ref FROM famous_brands WHERE import_id = ? AND product = '联轴器'",
                                      [report.import_id])[0]
        services.editing.revoke(store, "wang", record_id, dt.date(2020, 6, 30), "企业注销")
    assert where.endswith("第5行"), where

    monkeypatch.setenv("QCBRAND_DB", str(ledger))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/record.py")
    at.query_params["record"] = str(record_id)
    at.run()
    assert not at.exception
    shown = {tuple(r) for f in at.dataframe for r in f.value.astype(str).itertuples(index=False)}
    assert ("文件", "名牌产品.xlsx") in shown, shown
    assert ("在文件中的位置", where) in shown, shown
    # its history (a revocation) in the page's language: headers and the action translated
    history = next(f.value for f in at.dataframe if "操作" in f.value.columns)
    assert list(history.columns) == ["时间", "操作人", "操作", "修改前", "修改后", "导入号", "说明"], list(history.columns)
    assert history["操作"].tolist() == ["撤销"], history

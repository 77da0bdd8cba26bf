"""The cultivation pipeline (培育库), on a hand-worked ledger: five enterprises, three honours, seven candidacies.

The figures below are counted by hand from the lists written here, not by the code under test:

    enterprise   district  holds                                  candidacies (stage, expected, entered)
    甲 A         武进       江苏名牌产品 2018-06-30                  1 江苏名牌产品, 申报, 2019, 2018-03-01
    乙 B         武进       —                                      2 江苏名牌产品, 培育, 2021, 2018-05-01
                                                                   3 常州服务业名牌, 辅导, 2020, 2018-05-01
    丙 C         溧阳       常州服务业名牌 2014-12-31 (before plan)  4 常州服务业名牌, 申报, 2020, 2018-05-01
    丁 D         新北       常州服务业名牌 2017-12-31               5 常州服务业名牌, 培育, 2020, 2018-05-01
    戊 E         金坛       —                                      6 常州服务业名牌, 培育, 2020, 2018-05-01
                                                                   7 江苏名牌产品, 退出, 2020, 2018-05-01

On 2019-06-30, 江苏名牌产品总数 (230 个, records, 总数): value 1 (A's, valid to 2021-06-29, so nothing lapses before
the deadline); open candidates 1 and 2 (7 is withdrawn): 培育 1, 申报 1, in all 2; expected by 2020: 1 (candidate 1);
gap on the deadline 229, if the expected succeed 1 + 1 = 2 of 230; 229 > 2, beyond the pipeline.
常州服务业名牌企业 (25 家, enterprises, 新增): value 1 (D; C's record is before the plan); open candidates 3, 4, 5, 6,
but C can never count as new and D already counts: 辅导 1 (B), 培育 1 (E), in all 2, both expected by 2020;
gap 24, if they succeed 1 + 2 = 3 of 25.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcbrand import services
from qcbrand.cli import cli
from qcbrand.errors import ImportRefused, QcbrandError
from qcbrand.services import Store, imports, pipeline

ON = dt.date(2019, 6, 30)
LATER = dt.date(2020, 6, 30)

ENTERPRISES = """企业名称,所在地区
甲精密机械有限公司,武进区
乙纺织有限公司,武进区
丙茶业有限公司,溧阳市
丁物流有限公司,新北区
戊食品有限公司,金坛区
"""
BRANDS = """企业名称,产品名称,认定日期
甲精密机械有限公司,数控机床,2018-06-30
"""
SERVICE = """荣誉类别,企业名称,认定日期
常州服务业名牌企业,丙茶业有限公司,2014-12-31
常州服务业名牌企业,丁物流有限公司,2017-12-31
"""
CANDIDATES = """序号,企业名称,荣誉/申报项目,阶段,预计年份,责任单位,备注,入库日期
1,甲精密机械有限公司,江苏名牌产品,申报,2019,武进区市场监督管理局,已提交材料,2018-03-01
2,乙纺织有限公司,江苏名牌产品,培育,2021,武进区市场监督管理局,,2018-05-01
3,乙纺织有限公司,常州服务业名牌,辅导,2020,市市场监管局质量发展处,,2018-05-01
4,丙茶业有限公司,常州服务业名牌,申报,2020,溧阳市市场监督管理局,,2018-05-01
5,丁物流有限公司,常州服务业名牌,培育,2020,新北区市场监督管理局,,2018-05-01
6,戊食品有限公司,常州服务业名牌,培育,2020,金坛区市场监督管理局,,2018-05-01
7,戊食品有限公司,江苏名牌产品,退出,2020,金坛区市场监督管理局,企业放弃,2018-05-01
"""
# later lists: A's second product and B's service brand, which close candidacies 1 and 3
LATER_BRANDS = """企业名称,产品名称,认定日期
甲精密机械有限公司,液压挖掘机,2019-12-20
"""
LATER_SERVICE = """荣誉类别,企业名称,认定日期
常州服务业名牌企业,乙纺织有限公司,2019-11-30
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ledger(fresh_db: Store, tmp_path: Path) -> Store:
    imports.import_file(fresh_db, write(tmp_path, "firms.csv", ENTERPRISES), "enterprises", editor="test")
    imports.import_file(fresh_db, write(tmp_path, "brands.csv", BRANDS), "famous_brands", editor="test")
    imports.import_file(fresh_db, write(tmp_path, "service.csv", SERVICE), "other_honours", editor="test")
    report = imports.import_file(fresh_db, write(tmp_path, "candidates.csv", CANDIDATES), "candidates", editor="test")
    assert report.rows_new == 7, report.summary("en")
    return fresh_db


def goal(store: Store, code: str, on: dt.date = ON, district: str | None = None) -> services.GoalScore:
    return next(s for s in services.scoreboard(store, None, on, district) if s.goal_code == code)


def test_the_gap_against_the_pipeline_as_counted_by_hand(ledger: Store) -> None:
    brands = goal(ledger, "famous_brand_products")
    p = brands.pipeline
    assert p is not None and brands.value == 1
    assert p.by_stage == {"cultivating": 1, "coaching": 0, "applied": 1}
    assert (p.open, p.expected, p.shortfall, p.projected, p.beyond_pipeline) == (2, 1, 229, 2, True)

    service = goal(ledger, "changzhou_service_brands")  # 家: C can never be new, D already counts
    p = service.pipeline
    assert p is not None and service.value == 1
    assert p.by_stage == {"cultivating": 1, "coaching": 1, "applied": 0}
    assert (p.open, p.expected, p.shortfall, p.projected, p.beyond_pipeline) == (2, 2, 24, 3, True)

    assert goal(ledger, "well_known_trademarks").pipeline == pipeline.Pipeline(
        {"cultivating": 0, "coaching": 0, "applied": 0}, 0, 0, 110, 0, True)
    attention = {s.goal_code for s in services.needing_attention(services.scoreboard(ledger, None, ON))}
    assert {"famous_brand_products", "changzhou_service_brands"} <= attention

    wujin = goal(ledger, "famous_brand_products", district="wujin")  # A and B are both in 武进
    assert wujin.pipeline is not None and (wujin.pipeline.open, wujin.pipeline.expected) == (2, 1)
    assert goal(ledger, "famous_brand_products", district="liyang").pipeline.open == 0  # type: ignore[union-attr]
    assert goal(ledger, "famous_brand_products", on=dt.date(2018, 4, 1)).pipeline.open == 1  # type: ignore[union-attr]


def test_an_import_closes_the_candidacies_its_records_fulfil_and_a_rollback_reopens_them(ledger: Store, tmp_path: Path) -> None:
    trial = imports.import_file(ledger, write(tmp_path, "later-brands.csv", LATER_BRANDS), "famous_brands", dry_run=True)
    assert [c["enterprise"] for c in trial.pipeline_closed] == ["甲精密机械有限公司"]  # the report says it first
    assert goal(ledger, "famous_brand_products", LATER).pipeline.open == 2  # type: ignore[union-attr]  # nothing written

    report = imports.import_file(ledger, write(tmp_path, "later-brands.csv", LATER_BRANDS), "famous_brands", editor="test")
    service = imports.import_file(ledger, write(tmp_path, "later-service.csv", LATER_SERVICE), "other_honours", editor="test")
    (closed,) = report.pipeline_closed
    assert (closed["candidate_id"], closed["granted_on"]) == (1, dt.date(2019, 12, 20))
    assert [c["candidate_id"] for c in service.pipeline_closed] == [3]
    assert "1 candidacies" in report.summary("en") and "1 个培育对象" in report.summary("zh")

    one = pipeline.candidates(ledger, LATER, kind="江苏名牌产品")
    row = one[one["candidate_id"] == 1].iloc[0]
    assert (row["stage_code"], row["stage_since"], row["record_id"]) == ("obtained", dt.date(2019, 12, 20), closed["record_id"])
    view = services.record_view(ledger, int(closed["record_id"]), LATER)  # and the record names the candidacy
    assert view.closes is not None and view.closes["candidate_id"].tolist() == [1]

    brands = goal(ledger, "famous_brand_products", LATER)
    assert brands.value == 2 and brands.pipeline is not None
    assert (brands.pipeline.open, brands.pipeline.expected, brands.pipeline.projected) == (1, 0, 2)
    service_goal = goal(ledger, "changzhou_service_brands", LATER)
    assert service_goal.value == 2 and service_goal.pipeline.open == 1  # type: ignore[union-attr]  # E alone
    # on the earlier date the candidacies were still open: a later record does not rewrite the past
    assert goal(ledger, "famous_brand_products").pipeline.open == 2  # type: ignore[union-attr]

    imports.rollback(ledger, report.import_id, "test")  # type: ignore[arg-type]
    reopened = pipeline.candidates(ledger, LATER, kind="jiangsu_famous_brand")
    assert reopened.set_index("candidate_id").loc[1, "stage_code"] == "applied"
    assert goal(ledger, "famous_brand_products", LATER).pipeline.open == 2  # type: ignore[union-attr]
    assert services.integrity_problems(ledger) == {}


def test_an_older_record_does_not_close_a_later_candidacy(ledger: Store, tmp_path: Path) -> None:
    """A record granted before the year its candidacy began is the enterprise's past, not the candidacy's outcome."""
    old = "企业名称,产品名称,认定日期\n乙纺织有限公司,色织面料,2016-12-31\n"
    report = imports.import_file(ledger, write(tmp_path, "old.csv", old), "famous_brands", editor="test")
    assert report.pipeline_closed == []


def test_a_stage_changes_by_hand_with_its_day_and_note_and_is_audited(ledger: Store) -> None:
    done = pipeline.set_stage(ledger, "wang", 6, "申报", dt.date(2019, 5, 1), "材料已报送", today=dt.date(2019, 6, 30))
    assert done == {"candidate_id": 6, "stage": "applied", "on": dt.date(2019, 5, 1), "before": "cultivating"}
    p = goal(ledger, "changzhou_service_brands").pipeline
    assert p is not None and p.by_stage == {"cultivating": 0, "coaching": 1, "applied": 1}
    steps = pipeline.history(ledger, [6])
    assert steps["stage_code"].tolist() == ["cultivating", "applied"] and steps["note"].tolist()[-1] == "材料已报送"
    log = services.editing.audit_log(ledger, None, "candidate_stage")
    assert len(log) == 1 and log.iloc[0]["actor"] == "wang"

    with pytest.raises(QcbrandError, match="早于上一阶段") as refused:
        pipeline.set_stage(ledger, "wang", 6, "辅导", dt.date(2019, 1, 1))
    assert "before the last stage" in refused.value.en
    with pytest.raises(QcbrandError, match="已结束"):
        pipeline.set_stage(ledger, "wang", 7, "培育")  # withdrawn: closed
    with pytest.raises(QcbrandError, match="不是培育库的阶段"):
        pipeline.set_stage(ledger, "wang", 6, "评审")
    with pytest.raises(QcbrandError, match="没有编号为 99"):
        pipeline.set_stage(ledger, "wang", 99, "辅导")
    with pytest.raises(QcbrandError, match="尚未到来"):
        pipeline.set_stage(ledger, "wang", 6, "辅导", dt.date.today() + dt.timedelta(days=3))


def test_a_candidate_list_is_refused_whole_naming_row_and_field(ledger: Store, tmp_path: Path) -> None:
    bad = CANDIDATES.replace("4,丙茶业有限公司,常州服务业名牌,申报", "4,丙茶业有限公司,常州服务业名牌,评审").replace(
        "6,戊食品有限公司,常州服务业名牌", "6,己无名有限公司,常州服务业名牌").replace(
        "2,乙纺织有限公司,江苏名牌产品", "2,乙纺织有限公司,江苏名牌产品提名奖")
    before = len(pipeline.candidates(ledger, LATER))
    with pytest.raises(ImportRefused) as refused:
        imports.import_file(ledger, write(tmp_path, "bad.csv", bad), "candidates", editor="test")
    errors = {(p.row, p.field) for p in refused.value.report.errors}  # type: ignore[attr-defined]
    assert {(5, "stage"), (7, "enterprise"), (3, "kind")} <= errors, errors  # the file's rows: the header is row 1
    assert len(pipeline.candidates(ledger, LATER)) == before  # nothing half-written


def test_the_same_list_again_adds_nothing_and_a_new_stage_is_a_warning(ledger: Store, tmp_path: Path) -> None:
    again = imports.import_file(ledger, write(tmp_path, "again.csv", CANDIDATES), "candidates", editor="test")
    assert (again.rows_new, again.rows_already_present) == (0, 7)
    moved = CANDIDATES.replace("2,乙纺织有限公司,江苏名牌产品,培育", "2,乙纺织有限公司,江苏名牌产品,辅导")
    report = imports.import_file(ledger, write(tmp_path, "moved.csv", moved), "candidates", editor="test")
    assert report.rows_new == 0
    (warning,) = [p for p in report.warnings if p.field == "stage"]
    assert warning.row == 3 and "candidates set 2 --stage coaching" in warning.en  # candidate 2, the file's row 3


def test_a_candidate_list_is_told_by_its_stage_column_whatever_its_title(ledger: Store, tmp_path: Path) -> None:
    titled = "2019年江苏名牌产品培育库名单\n" + CANDIDATES
    report = imports.import_file(ledger, write(tmp_path, "titled.csv", titled), None, editor="test", dry_run=True)
    assert report.record_kind == "candidates" and report.rows_already_present == 7


def test_the_command_line(ledger: Store, tmp_path: Path) -> None:
    db = str(ledger.path)
    ledger.close()
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", db, "candidates", "list", "--stage", "申报", "--as-of", "2019-06-30", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [(r["candidate_id"], r["enterprise"]) for r in json.loads(listed.output)] == [(1, "甲精密机械有限公司"), (4, "丙茶业有限公司")]
    moved = runner.invoke(cli, ["--db", db, "candidates", "set", "5", "--stage", "退出", "--on", "2019-03-01", "--note", "已计入"])
    assert moved.exit_code == 0 and "cultivating → withdrawn" in moved.output, moved.output
    board = runner.invoke(cli, ["--db", db, "scoreboard", "--as-of", "2019-06-30", "--format", "json"])
    goals = {g["goal_code"]: g for g in json.loads(board.output)["goals"]}
    assert goals["famous_brand_products"]["pipeline"] == {"cultivating": 1, "coaching": 0, "applied": 1}
    assert (goals["famous_brand_products"]["pipeline_expected"], goals["famous_brand_products"]["pipeline_projected"]) == (1, 2)
    assert goals["changzhou_service_brands"]["pipeline_open"] == 2
    history = runner.invoke(cli, ["--db", db, "candidates", "list", "--history", "--format", "csv", "--as-of", "2019-06-30"])
    assert history.exit_code == 0 and history.output.count(",退出,") == 2, history.output  # 5 and 7
    missing = runner.invoke(cli, ["--db", db, "candidates", "set", "99", "--stage", "辅导"])
    assert missing.exit_code == 1 and "there is no candidate number 99" in missing.output
    imported = runner.invoke(cli, ["--db", db, "candidates", "import", str(write(tmp_path, "c.csv", CANDIDATES))])
    # candidate 5 withdrew meanwhile: the list's row for it is a new candidacy, the other six are already there
    assert imported.exit_code == 0 and "新增 1 条，已存在 6 条" in imported.output, imported.output

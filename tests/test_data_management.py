"""Issue 4 end to end on real files: the published Excel shape goes in, the scoreboard moves by exactly
the rows added, the same file again changes nothing, a rollback puts everything back; bad input is
refused whole; corrections, revocations and merges reach the scoreboard; imports run one at a time
while viewers keep reading."""

import datetime as dt
import shutil
import threading
from pathlib import Path

import pytest

from qcbrand import intake, services
from qcbrand.errors import ImportRefused, QcbrandError
from qcbrand.ledger import integrity
from qcbrand.ledger.store import Store
from qcbrand.services import editing
from tests.files import CODE_A, NOTICE, brands_csv, published_brands_xlsx

DEADLINE = dt.date(2020, 12, 31)


@pytest.fixture
def city(demo_path: Path, tmp_path: Path) -> Store:
    """A private copy of the demo city to write to."""
    path = tmp_path / "city.duckdb"
    shutil.copy(demo_path, path)
    store = Store.open(path)
    yield store
    store.close()


def values(store: Store, as_of: dt.date = DEADLINE) -> dict[str, int]:
    return {s.goal_code: s.value for s in services.scoreboard(store, None, as_of)}


def test_published_excel_in_scoreboard_moves_exactly_then_rollback(city: Store) -> None:
    before = values(city)
    counts_before = city.table_counts()
    report = intake.import_file(city, "2019年度江苏名牌产品名单.xlsx", data=published_brands_xlsx(), editor="王编辑",
                                  create_enterprises=True)
    assert report.record_kind == "famous_brands" and report.rows_new == 4 and report.enterprises_new == 4
    assert [(p.row, p.severity) for p in report.problems if p.field == "—"] == [(9, "warning")]  # the note row
    rows = city.rows("SELECT e.name, e.district_code, f.granted_on, e.uscc FROM famous_brands f JOIN enterprises e "
                     "USING (enterprise_id) WHERE f.import_id = ? ORDER BY 1", [report.import_id])
    assert sorted(rows) == sorted([
        ("常州青枫机械有限公司", "wujin", dt.date(2019, 12, 1), CODE_A),      # an Excel date serial
        ("常州白鹭电子有限公司", "wujin", dt.date(2019, 11, 20), None),       # a date cell; 武进区 merged down
        ("常州云杉纺织有限公司", "wujin", dt.date(2019, 12, 31), None),       # 2019年12月: the month's last day
        ("溧阳天目茶业有限公司", "liyang", dt.date(2019, 12, 31), None),      # 2019.12 and the short 溧阳
    ])
    after = values(city)
    assert after["famous_brand_products"] == before["famous_brand_products"] + 4  # all four in force on the deadline
    assert {k: v for k, v in after.items() if k != "famous_brand_products"} == \
        {k: v for k, v in before.items() if k != "famous_brand_products"}

    again = intake.import_file(city, "2019年度江苏名牌产品名单.xlsx", data=published_brands_xlsx(), editor="王编辑",
                                 create_enterprises=True)
    assert again.rows_new == 0 and again.rows_already_present == 4 and again.enterprises_new == 0
    assert values(city) == after

    removed = intake.rollback(city, report.import_id, "王编辑")
    assert removed["famous_brands"] == 4 and removed["enterprises"] == 4
    assert values(city) == before
    # pinyin_chars is a cache of characters' readings: what it learnt from the file may stay
    kept = ("imports", "audit_log", "pinyin_chars")
    assert {k: v for k, v in city.table_counts().items() if k not in kept} == \
        {k: v for k, v in counts_before.items() if k not in kept}
    assert integrity.orphans(city) == dict.fromkeys(integrity.orphans(city), 0)
    with pytest.raises(QcbrandError):
        intake.rollback(city, report.import_id, "王编辑")
    actions = [r[0] for r in city.rows("SELECT action FROM audit_log WHERE import_id = ? ORDER BY audit_id", [report.import_id])]
    assert actions == ["import", "rollback"]


def test_ten_thousand_rows_with_one_bad_row_in_the_middle_writes_nothing(city: Store) -> None:
    before = city.table_counts()
    with pytest.raises(ImportRefused) as e:
        intake.import_file(city, "big.csv", data=brands_csv(10_000, bad_row=5_000).encode("gb18030"),
                             create_enterprises=True)
    [problem] = e.value.report.errors
    assert (problem.row, problem.field, problem.value) == (5_002, "district", "火星区")  # title and header above
    assert e.value.report.rows_in_file == 10_000 and e.value.report.rows_valid == 9_999
    assert city.table_counts() == before


def test_the_same_ten_thousand_rows_without_the_bad_one_go_in_whole(city: Store) -> None:
    report = intake.import_file(city, "big.csv", data=brands_csv(10_000).encode("utf-8-sig"), create_enterprises=True)
    assert report.rows_new == 10_000 and report.enterprises_new == 10_000


def test_an_old_district_needs_the_editors_choice(city: Store) -> None:
    text = "企业名称,所在地区,产品名称,认定年份\n常州戚墅堰机车配件有限公司,戚墅堰区,机车配件,2019\n"
    with pytest.raises(ImportRefused) as e:
        intake.import_file(city, "q.csv", data=text.encode(), create_enterprises=True)
    assert e.value.report.ambiguous_districts == ["戚墅堰区"]
    report = intake.import_file(city, "q.csv", data=text.encode(), create_enterprises=True,
                                  district_choices={"戚墅堰区": "jingkai"})
    assert report.rows_new == 1
    assert city.scalar("SELECT district_code FROM enterprises WHERE name = '常州戚墅堰机车配件有限公司'") == "jingkai"


def test_the_editor_can_remap_a_column(city: Store) -> None:
    text = "获奖方,地区,产品,年\n常州甲机械有限公司,武进,机床,2019\n"
    with pytest.raises(ImportRefused) as e:
        intake.import_file(city, "m.csv", "famous_brands", data=text.encode(), create_enterprises=True)
    # 地区 and 产品 are known headers; 获奖方 and 年 are not, and a column nobody explained refuses the list
    assert {p.field for p in e.value.report.errors} == {"enterprise", "granted_on", "获奖方", "年"}
    report = intake.import_file(city, "m.csv", "famous_brands", data=text.encode(), create_enterprises=True,
                                  column_map={"获奖方": "enterprise", "地区": "district", "产品": "product", "年": "granted_on"})
    assert report.rows_new == 1


def test_a_notice_pasted_as_text(city: Store) -> None:
    before = values(city)
    with pytest.raises(ImportRefused) as e:
        intake.import_file(city, "notice.txt", data=NOTICE.replace("（共3个）", "（共4个）").encode(), create_enterprises=True)
    assert [(p.row, p.field) for p in e.value.report.errors] == [(6, "count")]
    assert "共4个" in e.value.report.errors[0].zh and "实际列出3个" in e.value.report.errors[0].zh
    report = intake.import_file(city, "notice.txt", data=NOTICE.encode(), create_enterprises=True)
    assert report.record_kind == "notice" and report.rows_by_kind == {"quality_awards": 7} and report.rows_new == 7
    incomplete = [p for p in report.warnings if p.field == "count"]
    assert len(incomplete) == 1 and "不完整" in incomplete[0].zh
    # the two 省长质量奖 of 2019 are won within the plan; a year alone is read as 31 December
    assert values(city)["jiangsu_quality_award"] == before["jiangsu_quality_award"] + 2
    assert values(city, dt.date(2019, 12, 31))["jiangsu_quality_award"] == \
        values(city, dt.date(2019, 12, 30))["jiangsu_quality_award"] + 2


def test_two_imports_at_once_one_waits_and_viewers_keep_reading(city: Store) -> None:
    data = brands_csv(3_000).encode()
    results, errors, reads = [], [], []

    def run_import() -> None:
        try:
            results.append(intake.import_file(city, "same.csv", data=data, create_enterprises=True).rows_new)
        except Exception as e:
            errors.append(e)

    def view() -> None:
        for _ in range(20):
            reads.append(values(city)["famous_brand_products"])

    threads = [threading.Thread(target=run_import), threading.Thread(target=run_import), threading.Thread(target=view)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert sorted(results) == [0, 3_000]  # the second waited for the first, then found every row present
    assert len(reads) == 20
    assert city.scalar("SELECT count(*) FROM enterprises WHERE name LIKE '常州测试%'") == 3_000


def test_correct_revoke_and_merge_reach_the_scoreboard(city: Store) -> None:
    # revoke: a famous brand in force on the deadline stops counting from its revocation date
    behind = services.records_behind(city, None, "famous_brand_products", DEADLINE, limit=1000)
    record_id = int(behind[behind["granted_on"] < "2020-06-01"].iloc[0]["id"])
    before = values(city)["famous_brand_products"]
    editing.revoke(city, "王编辑", record_id, dt.date(2020, 6, 1), "抽查不合格")
    assert values(city)["famous_brand_products"] == before - 1
    assert values(city, dt.date(2020, 5, 31))["famous_brand_products"] == values(city, dt.date(2020, 5, 31))["famous_brand_products"]
    with pytest.raises(QcbrandError):
        editing.revoke(city, "王编辑", record_id, dt.date(2020, 6, 1), "  ")

    # correct: move a grant date out of the plan period and the 新增 goal drops by one
    led = services.records_behind(city, None, "yangzi_cup", DEADLINE)
    target = int(led.iloc[0]["id"])
    before_cup = values(city)["yangzi_cup"]
    after = editing.correct_record(city, "王编辑", target, {"granted_on": "2015年12月"})
    assert after["granted_on"] == dt.date(2015, 12, 31)
    assert values(city)["yangzi_cup"] == before_cup - 1
    with pytest.raises(QcbrandError) as e:
        editing.correct_record(city, "王编辑", target, {"granted_on": "去年"})
    assert "granted_on" in e.value.en

    # merge: two enterprises that drafted standards become one; the distinct-enterprise goal drops by one
    a, b = city.rows(  # a drafter with a credit code, and one listed without (merge refuses two different codes)
        "(SELECT min(d.enterprise_id) FROM standard_drafters d JOIN enterprises e USING (enterprise_id) WHERE e.uscc IS NOT NULL) "
        "UNION ALL (SELECT min(d.enterprise_id) FROM standard_drafters d JOIN enterprises e USING (enterprise_id) "
        "WHERE e.uscc IS NULL)")
    before_firms = values(city)["standard_drafting_enterprises"]
    b_records = city.scalar("SELECT count(*) FROM facts WHERE enterprise_id = ?", [b[0]])
    a_records = city.scalar("SELECT count(*) FROM facts WHERE enterprise_id = ?", [a[0]])
    editing.merge(city, "王编辑", a[0], b[0])
    assert values(city)["standard_drafting_enterprises"] == before_firms - 1
    assert city.scalar("SELECT count(*) FROM facts WHERE enterprise_id = ?", [a[0]]) == a_records + b_records
    merged_name = city.scalar("SELECT name FROM enterprises WHERE enterprise_id = ?", [b[0]])
    assert merged_name in city.scalar("SELECT former_names FROM enterprises WHERE enterprise_id = ?", [a[0]])
    assert b[0] not in set(services.search_enterprises(city, merged_name)["enterprise_id"])  # found as a former name of a
    assert a[0] in set(services.search_enterprises(city, merged_name)["enterprise_id"])
    assert integrity.orphans(city) == dict.fromkeys(integrity.orphans(city), 0)

    log = editing.audit_log(city, action=None)
    assert [a for a in log["action"][:3]] == ["merge", "correct", "revoke"]
    assert "抽查不合格" in editing.audit_log(city, text="抽查")["after"].iloc[0]


def test_merging_keeps_one_drafter_row_and_the_lead(fresh_db, ledger) -> None:
    a = ledger.enterprise("甲公司", "wujin")
    b = ledger.enterprise("甲公司（重复）", "wujin", uscc=CODE_A)
    ledger.standard("GB/T 9-2018", "national", "2018-01-01", [(a, "took_part"), (b, "led")])
    editing.merge(fresh_db, "t", a, b)
    assert fresh_db.rows("SELECT enterprise_id, role FROM standard_drafters") == [(a, "led")]
    assert fresh_db.scalar("SELECT uscc FROM enterprises WHERE enterprise_id = ?", [a]) == CODE_A
    with pytest.raises(QcbrandError):
        editing.merge(fresh_db, "t", a, b)  # already merged

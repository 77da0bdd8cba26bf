"""The rate indicators (issue 18): their readings known on a date, whether the latest meets the target by the
decision's wording, an editor's entry or correction (audited, refused when out of range), the page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qcbrand import services
from qcbrand.errors import QcbrandError
from qcbrand.ledger.store import Store
from qcbrand.rules.scoring import indicator_met, reading_known
from qcbrand.services import auth

from .conftest import REPO

PASSWORD = "correct horse battery"


@pytest.mark.parametrize(("value", "target", "comparison", "met"), [
    (95, 95, "at_least", True), (94.99, 95, "at_least", False),   # 稳定在95%以上
    (85, 85, "more_than", False), (85.1, 85, "more_than", True),  # 超过85
    (0.3, 0.3, "below", False), (0.29, 0.3, "below", True),       # 低于0.3
    (52.25, 55, "about", True), (57.75, 55, "about", True),       # 55%左右: within ±5 % of 55
    (52.2, 55, "about", False), (57.8, 55, "about", False),
])
def test_a_reading_meets_its_target_by_the_wording(value: float, target: float, comparison: str, met: bool) -> None:
    assert indicator_met(value, target, comparison) is met


def test_a_yearly_reading_is_known_once_its_year_has_ended() -> None:
    assert not reading_known(2019, dt.date(2019, 6, 30)) and reading_known(2018, dt.date(2019, 6, 30))
    assert reading_known(2019, dt.date(2019, 12, 31))


def test_the_demo_indicators_on_a_date(demo_db) -> None:
    items = services.indicators(demo_db, None, dt.date(2019, 6, 30))
    assert len(items) == 18 and {i.latest[0] for i in items} == {2018}
    forest = next(i for i in items if i.code == "forest_cover")
    assert forest.wording_zh == "林木覆盖率达到25%以上" and forest.target == 25
    assert forest.status == ("met" if forest.latest[1] >= 25 else "not_met")
    rates = [i for i in items if i.unit_zh == "%"]
    assert all(0 <= v <= 100 for i in rates for _, v, _ in i.readings)  # the demo's rates stay within 0–100


@pytest.fixture
def ledger(demo_path: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copy(demo_path, tmp_path / "rates.duckdb"))


def test_an_editor_sets_a_reading_audited_and_an_impossible_one_is_refused(ledger: Path) -> None:
    with Store.open(ledger) as store:
        before = next(i for i in services.indicators(store, None, dt.date(2021, 1, 1)) if i.code == "forest_cover").latest
        done = services.set_indicator_reading(store, None, "forest_cover", 2020, "25.4", "wang", "统计公报")
        assert done["before"]["value"] == before[1] and done["after"] == {"year": 2020, "value": 25.4, "source": "统计公报"}
        after = next(i for i in services.indicators(store, None, dt.date(2021, 1, 1)) if i.code == "forest_cover")
        assert after.latest == (2020, 25.4, "统计公报") and after.status == "met"
        entry = store.dicts("SELECT actor, action, CAST(before AS VARCHAR) AS b, CAST(after AS VARCHAR) AS a FROM audit_log "
                            "WHERE action = 'indicator_set'")
        assert len(entry) == 1 and entry[0]["actor"] == "wang" and json.loads(entry[0]["a"])["value"] == 25.4
        assert json.loads(entry[0]["b"])["value"] == before[1]
        for code, year, value, words in (("forest_cover", 2020, "125", "0–100"), ("forest_cover", 2020, "-1", "0–100"),
                                          ("high_tech_enterprises", 2020, "-5", "≥ 0"), ("forest_cover", 2020, "多", "数字"),
                                          ("no_such_rate", 2020, "1", "no_such_rate"), ("forest_cover", 20, "25", "年份")):
            with pytest.raises(QcbrandError) as refused:
                services.set_indicator_reading(store, None, code, year, value, "wang")
            assert words in refused.value.zh + refused.value.en and refused.value.en, (code, value)
        assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'indicator_set'") == 1  # nothing else written


def test_the_page_shows_an_indicator_and_an_editor_corrects_it_there(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCBRAND_DB", str(ledger))
    monkeypatch.setenv("QCBRAND_EDITORS", "wang=" + auth.hash_password(PASSWORD, iterations=1000))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/data.py").run()
    at.text_input[0].set_value("wang")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    at.switch_page("app_pages/indicators.py")
    at.query_params["indicator"] = "rd_share"
    at.query_params["as_of"] = "2021-01-01"
    at.run()
    assert not at.exception
    assert [m.value for m in at.metric][0] == "左右（±5%） 3 %"
    chart = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert "研发" in json.dumps(chart, ensure_ascii=False) and any(layer["mark"]["type"] == "rule" for layer in chart["vconcat"][0]["layer"])  # the target line
    at.number_input[0].set_value(2020)
    next(t for t in at.text_input if t.label == "读数").set_value("3.12")
    next(b for b in at.button if b.label == "保存读数").click().run()
    assert any("已保存" in s.value for s in at.success), [e.value for e in at.error]
    assert [m.value for m in at.metric][1] == "3.12 (2020)"
    bad = next(t for t in at.text_input if t.label == "读数")
    bad.set_value("300")
    next(b for b in at.button if b.label == "保存读数").click().run()
    assert any("超出范围" in e.value for e in at.error)
    with Store.open(ledger) as store:
        latest = next(i for i in services.indicators(store, None, dt.date(2021, 1, 1)) if i.code == "rd_share").latest
    assert latest[:2] == (2020, 3.12)

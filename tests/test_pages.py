"""The Streamlit app under AppTest on the demo database: it runs, and shows the engine's numbers."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qcbrand import api

APP = str(Path(__file__).resolve().parent.parent / "app.py")
DEADLINE = dt.date(2020, 12, 31)


@pytest.fixture
def app(demo_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QCBRAND_DB", str(demo_path))

    def make(**params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return make


def shown_values(at: AppTest) -> dict[str, int]:
    """Goal name -> value, from every scoreboard table on the page."""
    out = {}
    for frame in at.dataframe:
        out.update(dict(zip(frame.value["goal"], frame.value["value"])))
    return out


def engine_values(demo_db, as_of: dt.date, district: str | None = None, lang: str = "zh") -> dict[str, int]:
    return {s.name(lang): s.value for s in api.scoreboard(demo_db, None, as_of, district)}


def test_overview_runs_and_shows_the_engines_numbers(app, demo_db) -> None:
    at = app()
    assert not at.exception
    assert at.title[0].value == "常州市进一步深化质量强市工作的决定"
    assert shown_values(at) == engine_values(demo_db, DEADLINE)  # today is past the deadline: the deadline is shown
    headline = {s.name("zh"): s for s in api.scoreboard(demo_db, None, DEADLINE) if s.headline}
    assert {m.label: m.value for m in at.metric} == {
        name: f"{s.value:,} / {s.score.target:,.0f}" for name, s in headline.items()
    }
    assert any("示例数据" in i.value for i in at.info)


def test_as_of_and_district_from_the_url(app, demo_db) -> None:
    at = app(as_of="2019-06-30", district="武进")
    assert not at.exception
    assert shown_values(at) == engine_values(demo_db, dt.date(2019, 6, 30), "wujin")
    assert at.query_params["district"] == ["wujin"] or at.query_params["district"] == "wujin"


def test_english_switch_and_url(app, demo_db) -> None:
    at = app()
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Changzhou decision on further deepening the quality-strong-city work"
    assert shown_values(at) == engine_values(demo_db, DEADLINE, lang="en")
    at = app(lang="en")
    assert at.title[0].value.startswith("Changzhou")


@pytest.mark.parametrize(("param", "value"), [("as_of", "2020-13-45"), ("district", "火星区"), ("lang", "fr")])
def test_a_bad_parameter_gives_a_message_not_a_traceback(app, demo_db, param: str, value: str) -> None:
    at = app(**{param: value})
    assert not at.exception
    assert any(param in w.value and value in w.value for w in at.warning)
    assert shown_values(at) == engine_values(demo_db, DEADLINE)  # the defaults are used instead


def test_changing_the_date_changes_the_numbers(app, demo_db) -> None:
    at = app()
    at.sidebar.date_input[0].set_value(dt.date(2018, 12, 31)).run()
    assert shown_values(at) == engine_values(demo_db, dt.date(2018, 12, 31))

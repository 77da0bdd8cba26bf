"""User text is text: names, titles, marks and reasons with Markdown and HTML characters, imported from a real
CSV, are shown on every page exactly as written, never as links, emphasis or markup (the real-browser side of
this is tests/test_browser.py::test_names_with_markdown_show_as_written)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qcbrand import intake
from qcbrand.ledger.store import Store
from qcbrand.services import editing
from tests.conftest import shown

APP = str(Path(__file__).resolve().parent.parent / "app.py")
NAMES = [
    "[点我](javascript:alert(1))有限公司",
    '=HYPERLINK("http://x","a")有限公司',
    "*ST某某有限公司",
    "<b>粗体</b>科技有限公司",
    "$1$ :red[红]_斜_有限公司",
]
PRODUCT = "**加粗**产品 <i>x</i>"
REASON = "[撤销](http://x) *原因*"


def brands_csv() -> bytes:
    lines = ["企业名称,所在地区,产品名称,认定年份"]
    lines += [f'"{name.replace(chr(34), chr(34) * 2)}",武进,{PRODUCT},2019' for name in NAMES]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def city(demo_path: Path, tmp_path: Path) -> tuple[Path, dict[str, int], int]:
    path = tmp_path / "text.duckdb"
    shutil.copy(demo_path, path)
    with Store.open(path) as store:
        intake.import_file(store, "名单.csv", "famous_brands", data=brands_csv(), editor="<script>编辑</script>",
                             create_enterprises=True)
        ids = {name: store.scalar("SELECT enterprise_id FROM enterprises WHERE name = ?", [name]) for name in NAMES}
        record = store.scalar("SELECT min(id) FROM famous_brands WHERE import_id IS NOT NULL")
        editing.revoke(store, "<script>编辑</script>", record, dt.date(2020, 6, 30), REASON)
    assert all(ids.values())
    return path, ids, record


def page(path: Path, monkeypatch: pytest.MonkeyPatch, name: str, **params: str) -> AppTest:
    monkeypatch.setenv("QCBRAND_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if name != "overview":
        at.switch_page(f"app_pages/{name}.py")
    for key, value in {**params, "as_of": "2020-12-31"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def markdown_texts(at: AppTest) -> list[str]:
    """Every piece of Markdown the page renders (titles, text, captions, messages)."""
    return [e.value for e in [*at.title, *at.markdown, *at.caption, *at.subheader, *at.info, *at.warning, *at.error,
                              *at.success]]


def assert_literal(texts: list[str], wanted: str) -> None:
    found = [t for t in texts if wanted in shown(t)]
    assert found, wanted
    for text in found:  # no bracket, asterisk, angle bracket, dollar or colon left for Markdown to act on
        assert not any(ch in text.replace("\\" + ch, "") for ch in "[]()*<>$:_"), text


def test_the_enterprise_page_shows_each_name_as_written(city, monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids, _ = city
    for name, number in ids.items():
        at = page(path, monkeypatch, "enterprise", enterprise=str(number))
        assert shown(at.title[0].value) == name
        assert_literal([at.title[0].value], name)
        chart = json.loads(at.get("vega_lite_chart")[0].proto.spec)
        assert name in chart["vconcat"][0]["title"]["text"]  # chart text is never Markdown: as written


def test_records_tables_and_the_record_page_show_them_as_written(city, monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids, record = city
    at = page(path, monkeypatch, "brands")
    table = next(f.value for f in at.dataframe if "enterprise" in f.value.columns)
    assert set(NAMES) <= set(table["enterprise"]) and PRODUCT in " ".join(table["title"])
    at = page(path, monkeypatch, "record", record=str(record))
    assert_literal(markdown_texts(at), PRODUCT)
    facts = next(f.value for f in at.dataframe if "项目" in f.value.columns)
    assert any(REASON in str(v) for v in facts["内容"])
    labels = [link.label for link in at.get("page_link")]
    assert any(name in shown(label) for label in labels for name in NAMES)
    assert all("](" not in label.replace("\\]\\(", "") for label in labels)


def test_search_and_the_audit_log_show_them_as_written(city, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _, _ = city
    for name, typed in zip(NAMES, ["点我", "hyperlink", "*ST某某", "<b>粗体", ":red[红]"]):
        at = page(path, monkeypatch, "enterprise", q=typed)
        results = next(f.value for f in at.dataframe if "name" in f.value.columns)
        assert results["name"].iloc[0] == name, typed
    at = page(path, monkeypatch, "data")
    log = next(f.value for f in at.dataframe if "操作人" in f.value.columns)  # the audit log, headed in Chinese
    assert "<script>编辑</script>" in set(log["操作人"]) and any(REASON in str(v) for v in log["修改后"])


def test_a_url_parameter_with_markdown_is_shown_as_written(city, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _, _ = city
    at = page(path, monkeypatch, "goal", goal="[x](http://x)")
    assert_literal(markdown_texts(at), "[x](http://x)")

"""One language at a time (issue 18): every page, rendered in each language, shows no text of the other, in its
titles, captions, messages, metrics, widget labels, placeholders, options and tooltips, table headers and
cells. Allowed across languages: the ledger's names and titles, the decision's quoted wording, codes, numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qcbrand import i18n, services
from qcbrand.ledger.store import Store
from qcbrand.services import auth

from .conftest import REPO, shown

APP = str(REPO / "app.py")
PASSWORD = "correct horse battery"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[A-Za-z]{2,}")
# Latin words the Chinese interface may show: file formats, units, the tool's own name and the like
LATIN_OK = {"PNG", "SVG", "CSV", "XLSX", "TXT", "MB", "qcbrand", "import", "demo", "YYYY", "MM", "DD", "AAA", "AA",
            "GB", "DB", "T", "ISO", "CODE", "YEAR", "VALUE", "FILE", "set", "indicators", "zh", "en", "Language",
            "English", "Excel", "Word", "WPS", "PowerPoint",  # the language switch names each language in its own
            "hengda", "hd", "xlsx", "csv", "txt", "wang"}  # …, the file types and the editor's name  # the search box's examples of what may be typed
# the language switch is read by someone who does not read the page's language: it names both
SWITCH = ["语言 / Language", "Language / 语言", "中文"]
# the English paste help quotes the shapes Chinese lists take: quoted, as the decision's wording is
QUOTED = i18n.t("data.paste", "en")
# the pages and the views of them a user opens (a page, its query parameters)
VIEWS = [
    ("overview", {}), ("overview", {"district": "wujin"}), ("overview", {"as_of": "2026-12-02"}),
    ("goal", {"goal": "famous_brand_products"}), ("goal", {"goal": "led_standards", "district": "zhonglou"}),
    ("districts", {}), ("districts", {"district": "jingkai"}),
    ("enterprise", {"q": "恒达"}), ("enterprise", {"enterprise": "TOP"}),
    ("renewals", {"within": "24"}), ("indicators", {"indicator": "forest_cover"}),
    ("pipeline", {}), ("pipeline", {"goal": "changzhou_service_brands", "stage": "cultivating", "district": "wujin"}),
    ("brands", {}), ("trademarks", {}), ("awards", {}), ("standards", {}), ("record", {"record": "TRADEMARK"}),
    ("data", {}),
]


def texts(node) -> list[str]:
    """Every string a user can read in an element and its children."""
    out: list[str] = []
    proto = getattr(node, "proto", None)
    if type(proto).__name__ == "Html":
        return out  # a style sheet (the uploader's words), not text
    if proto is not None:
        for name in ("label", "body", "placeholder", "help", "value", "text", "delta"):
            if name in proto.DESCRIPTOR.fields_by_name:
                value = getattr(proto, name)
                if isinstance(value, str) and value:
                    out.append(value)
        if "options" in proto.DESCRIPTOR.fields_by_name:
            out.extend(str(o) for o in proto.options)
        if type(proto).__name__ == "Dataframe":
            columns = json.loads(proto.columns or "{}")
            out.extend(str(c.get("label") or "") for c in columns.values() if isinstance(c, dict))
            frame = node.value
            for column in frame.columns:
                if column in columns and (columns[column] is None or columns[column].get("hidden")):
                    continue  # hidden
                if str(column) in ("修改前", "修改后", "说明", "Before", "After", "Note"):
                    continue  # the audit log's record of a change: the values as they were written
                if not any(isinstance(c, dict) for c in columns.values()) or column not in columns:
                    out.append(str(column))  # a header straight from the frame
                out.extend(str(v) for v in frame[column] if isinstance(v, str) and not v.startswith(("goal?", "enterprise?",
                                                                                                       "record?", "districts?",
                                                                                                       "indicators?")))
    for child in getattr(node, "children", {}).values() if isinstance(getattr(node, "children", None), dict) else []:
        out.extend(texts(child))
    return out


class Allowed:
    """The ledger's own words: a run of Han characters (or a Latin word) is theirs only where one of them
    stands whole in the same text (个 alone is no name, though names contain it)."""

    def __init__(self, items: list[str]) -> None:
        self.index: dict[str, list[str]] = {}
        for item in set(items):
            for ch in set(item):
                self.index.setdefault(ch, []).append(item)

    def holds(self, run: str, text: str) -> bool:
        return any(run in item and item in text for item in self.index.get(run[0], ()))


@pytest.fixture(scope="module")
def allowed(demo_path: Path) -> Allowed:
    """What may show in either language: the ledger's own words and the decision's."""
    with Store.open(demo_path) as store:
        rows = store.rows("SELECT name FROM enterprises UNION ALL SELECT unnest(former_names) FROM enterprises "
                          "UNION ALL SELECT title FROM record_display UNION ALL SELECT reg_no FROM trademarks "
                          "UNION ALL SELECT wording_zh FROM goals UNION ALL SELECT wording_zh FROM indicators "
                          "UNION ALL SELECT source_zh FROM plans "
                          "UNION ALL SELECT product FROM famous_brands UNION ALL SELECT mark FROM trademarks "
                          "UNION ALL SELECT std_no FROM standards UNION ALL SELECT title FROM standards "
                          "UNION ALL SELECT uscc FROM enterprises UNION ALL SELECT source FROM indicator_readings "
                          "UNION ALL SELECT file_name FROM plans "
                          "UNION ALL SELECT unit FROM candidates UNION ALL SELECT note FROM candidates "
                          "UNION ALL SELECT note FROM candidate_steps")
    return Allowed([str(r[0]) for r in rows if r[0]] + [*SWITCH, QUOTED])


def ids(demo_path: Path) -> dict[str, str]:
    with Store.open(demo_path) as store:
        top = services.top_enterprises(store, services.get_plan(store).ends_on, limit=1).iloc[0]
        mark = store.scalar("SELECT min(id) FROM trademarks WHERE nice_class IS NOT NULL")
    return {"TOP": str(int(top.enterprise_id)), "TRADEMARK": str(mark)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_speaks_one_language(demo_path: Path, allowed: Allowed, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCBRAND_DB", str(demo_path))
    monkeypatch.setenv("QCBRAND_EDITORS", "wang=" + auth.hash_password(PASSWORD, iterations=1000))
    known = ids(demo_path)
    foreign: dict[str, set[str]] = {}
    for page, params in VIEWS:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page != "overview":
            at.switch_page(f"app_pages/{page}.py")
        for key, value in {**params, "lang": lang}.items():
            at.query_params[key] = known.get(value, value)
        at.run()
        if page == "data":  # the editor's tabs too: the import history and the audit log
            at.text_input[0].set_value("wang")
            at.text_input[1].set_value(PASSWORD)
            at.button[0].click().run()
        assert not at.exception, (page, params, at.exception)
        for text in map(shown, texts(at._tree)):
            if lang == "en":
                bad = {run for run in HAN.findall(text) if not allowed.holds(run, text)}
            else:
                bad = {w for w in WORD.findall(text) if w not in LATIN_OK and not allowed.holds(w, text)}
            if bad:
                foreign.setdefault(f"{page} {params}", set()).update(bad)
    assert not foreign, "\n".join(f"{view}: {sorted(words)[:12]}" for view, words in foreign.items())

"""The search ranks as people expect, worked out by hand on a small ledger, and the same from the API, the
command line and the page: the exact name first, then names that begin with the text, then names containing
it, then pinyin or initials at the start of the name or of the trade name after its place words; shorter names
first, then in pinyin order. Pinyin or initials inside a word are no match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcbrand import services
from qcbrand.cli import cli
from qcbrand.ledger.store import Store

from .conftest import REPO, Ledger

NAMES = ["恒达", "常州恒达机械有限公司", "恒达光电股份有限公司", "常州华盛服饰有限公司", "常州宏达动力有限公司",
         "江苏常州武进恒达新材料有限公司", "常州华德达科技有限公司"]
# By hand, from the rule:
EXPECTED = {
    # exact; begins with 恒达; contains it (10 characters before 15)
    "恒达": ["恒达", "恒达光电股份有限公司", "常州恒达机械有限公司", "江苏常州武进恒达新材料有限公司"],
    # initials hd from the name's start (恒达, 恒达光电) or after 常州 / 江苏常州武进 (恒达, 宏达); 华德达 is hdd… (a
    # match: 华德 is h, d) — all of rank 3: 2 characters, then the 10-character names in pinyin order
    # (changzhouhengda < changzhouhongda < hengdaguangdian), then 华德达's 11 and the 15-character one
    "hd": ["恒达", "常州恒达机械有限公司", "常州宏达动力有限公司", "恒达光电股份有限公司", "常州华德达科技有限公司",
           "江苏常州武进恒达新材料有限公司"],
    # pinyin heng at the start of a word; not inside 华盛's huasheng
    "heng": ["恒达", "常州恒达机械有限公司", "恒达光电股份有限公司", "江苏常州武进恒达新材料有限公司"],
    # initials in the middle of a word are no match: 达 (d) then 动 (d) is 宏达动力's "dd", not a word's start
    "dd": [],
}


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "search.duckdb"
    with Store.open(path) as store:
        services.init_database(store, actor="test")
        book = Ledger(store)
        for name in NAMES:
            book.enterprise(name, "wujin")
    return path


@pytest.mark.parametrize("text", list(EXPECTED))
def test_the_api_ranks_by_hand(ledger_path: Path, text: str) -> None:
    with Store.open(ledger_path) as store:
        assert services.search_enterprises(store, text)["name"].tolist() == EXPECTED[text]
        assert services.list_enterprises(store, text)["name"].tolist() == EXPECTED[text]


@pytest.mark.parametrize("text", ["恒达", "hd"])
def test_the_command_line_ranks_the_same(ledger_path: Path, text: str) -> None:
    out = CliRunner().invoke(cli, ["--db", str(ledger_path), "enterprises", "--text", text, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert [row["name"] for row in json.loads(out.output)] == EXPECTED[text]


def test_the_page_ranks_the_same(ledger_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("QCBRAND_DB", str(ledger_path))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/enterprise.py")
    at.query_params["q"] = "hd"
    at.run()
    results = next(f.value for f in at.dataframe if "name" in f.value.columns)
    assert results["name"].tolist() == EXPECTED["hd"]

"""A former name that now lies in two districts (the region file's [[former]] with two `now`), in Debian's headless
Chromium on the data page: the editor is offered exactly those districts, chooses one, and the list imports with
it. (The page reads the choices from the region; with another city's file, loaded by `qcbrand init --region` once
that exists, this test is the one to run on it.)"""

from __future__ import annotations

import pytest

from qcbrand.ledger.store import Store
from qcbrand.rules.region import default_region
from qcbrand.services import demo, list_enterprises
from tests.serve import editor_accounts, running_app, sign_in

pytestmark = pytest.mark.browser


def test_the_editor_chooses_among_the_districts_a_former_name_lies_in(tmp_path) -> None:
    split = next(f for f in default_region().former if len(f.now) > 1)
    names = {d.code: d.name_zh for d in default_region().districts}
    db = tmp_path / "region.duckdb"
    with Store.open(db) as store:
        demo.build(store)
    firms = tmp_path / "企业名录.csv"
    firms.write_text(f"企业名称,所在地区\n常州旧址机械有限公司,{split.name_zh}\n", encoding="utf-8")
    editors = editor_accounts()

    with running_app(db, editors) as (base, browser):
        page = browser.new_page(viewport={"width": 1440, "height": 1400})
        sign_in(page, base + "/data")
        page.locator('input[type="file"]').set_input_files(str(firms))
        question = page.locator('[data-testid="stRadio"]', has_text=f"“{split.name_zh}”已撤销")
        question.wait_for(timeout=60_000)
        offered = [t.strip() for t in question.locator("label").all_inner_texts()][1:]  # after the question itself
        assert offered == [names[c] for c in split.now], offered
        question.get_by_text(names[split.now[-1]], exact=True).click()
        page.wait_for_selector("text=将新增 1 条", timeout=30_000)
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_selector("text=新增 1 条记录", timeout=60_000)

    with Store.open(db, shared=True) as store:
        found = list_enterprises(store, "旧址机械", None)
        assert found["district"].tolist() == [split.now[-1]] or found["district"].tolist() == [names[split.now[-1]]]

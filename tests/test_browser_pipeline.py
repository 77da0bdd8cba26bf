"""The 培育库 page in Debian's headless Chromium against the real app server on the demo city: it opens from the
sidebar, shows each goal against its pipeline with the ledger's figures, filters by goal and stage (both in the
URL, kept on Reload and undone by Back), and the goal page links to it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qcbrand import services
from qcbrand.ledger.store import Store
from qcbrand.services import demo
from tests.serve import editor_accounts, running_app, sign_in
from tests.test_browser_state import choose, main_text, params, wait_for

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent
ON = dt.date(2019, 6, 30)


def test_the_pipeline_page_as_a_regulator_uses_it(tmp_path) -> None:
    db = tmp_path / "pipeline.duckdb"
    with Store.open(db) as store:
        demo.build(store)
        brands = next(s for s in services.scoreboard(store, None, ON) if s.goal_code == "famous_brand_products")
        assert brands.pipeline is not None and brands.pipeline.open
        applied = services.pipeline.candidates(store, ON, goal="famous_brand_products", stage="applied")
        every = services.pipeline.candidates(store, ON)

    with running_app(db) as (base, browser):
        page = browser.new_page(viewport={"width": 1440, "height": 1400})
        page.goto(f"{base}/?as_of={ON.isoformat()}")
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name="培育库").click()
        wait_for(page, lambda: "/pipeline" in page.url and f"培育对象（{len(every):,} 个）" in main_text(page), "the pipeline page")
        assert "各目标的缺口与培育库" in main_text(page) and "各区域在培对象" in main_text(page)
        page.screenshot(path="/tmp/pipeline-page.png", full_page=True)

        choose(page, "目标", "第4条 · 江苏名牌产品总数")
        wait_for(page, lambda: params(page).get("goal") == "famous_brand_products"
                 and f"培育库 {brands.pipeline.open} 个" in main_text(page), "one goal")  # type: ignore[union-attr]
        text = main_text(page)
        assert f"到期缺口 {brands.pipeline.shortfall:,.0f}" in text  # type: ignore[union-attr]
        assert f"{brands.pipeline.projected:,} / 230" in text  # type: ignore[union-attr]
        choose(page, "阶段", "申报")
        wait_for(page, lambda: params(page).get("stage") == "applied"
                 and f"培育对象（{len(applied)} 个）" in main_text(page), "one stage")
        page.reload()
        wait_for(page, lambda: f"培育对象（{len(applied)} 个）" in main_text(page), "the view after Reload")
        page.go_back()
        wait_for(page, lambda: "stage" not in params(page) and params(page).get("goal") == "famous_brand_products", "Back")

        page.goto(f"{base}/goal?as_of={ON.isoformat()}&goal=famous_brand_products")
        wait_for(page, lambda: "培育库：谁能补上缺口" in main_text(page), "the goal page's pipeline")
        page.get_by_role("link", name="培育对象：江苏名牌产品总数").click()
        wait_for(page, lambda: "/pipeline" in page.url and params(page).get("goal") == "famous_brand_products", "goal → pipeline")


def test_an_editor_imports_a_candidate_list_closes_one_by_a_record_and_moves_another(tmp_path) -> None:
    """On the data page, as an editor: a candidate list is told by its columns and imported; a list of records
    says before its commit which candidacy it closes; a candidate moves to 退出 by the form."""

    db = tmp_path / "editor.duckdb"
    with Store.open(db) as store:
        demo.build(store)
        before = len(services.pipeline.candidates(store, dt.date.today()))
        open_brand = services.pipeline.candidates(store, dt.date.today(), kind="jiangsu_famous_brand", open_only=True).iloc[0]
        other = services.pipeline.candidates(store, dt.date.today(), kind="changzhou_service_brand", open_only=True).iloc[0]
    brands = tmp_path / "2020年度江苏名牌产品名单.csv"
    brands.write_text(f"企业名称,产品名称,认定日期\n{open_brand['enterprise']},示例新产品,{dt.date.today().year - 1}-12-20\n",
                      encoding="utf-8")
    editors = editor_accounts()

    with running_app(db, editors) as (base, browser):
        page = browser.new_page(viewport={"width": 1440, "height": 1600})
        sign_in(page, base + "/data")

        page.locator('input[type="file"]').set_input_files(str(REPO / "tests" / "corpus" / "candidates.csv"))
        page.wait_for_selector('text="校验报告"', timeout=60_000)
        page.wait_for_selector("text=将新增 2 条", timeout=30_000)
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_selector("text=新增 2 条记录", timeout=60_000)

        page.get_by_role("button", name="新的导入").click()
        page.locator('input[type="file"]').set_input_files(str(brands))
        page.wait_for_selector("text=将使培育库中 1 个培育对象转为“获得”", timeout=60_000)  # said before the commit
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_selector("text=使培育库中 1 个培育对象转为“获得”", timeout=60_000)

        page.get_by_role("tab", name="更正、撤销与合并").click()
        form = page.locator('[data-testid="stForm"]', has_text="培育对象换阶段")
        form.get_by_label("编号").fill(str(int(other["candidate_id"])))
        form.locator('[data-testid="stSelectbox"]').click()
        page.get_by_role("option", name="退出", exact=True).click()
        form.get_by_label("备注").fill("企业放弃申报")
        form.get_by_role("button", name="保存阶段").click()
        page.wait_for_selector(f"text=培育对象 {int(other['candidate_id'])} 已于", timeout=30_000)
        page.screenshot(path="/tmp/data-page-stage.png", full_page=True)

    with Store.open(db, shared=True) as store:
        now = services.pipeline.candidates(store, dt.date.today())
        assert len(now) == before + 2
        rows = now.set_index("candidate_id")
        assert rows.loc[int(open_brand["candidate_id"]), "stage_code"] == "obtained"
        assert rows.loc[int(other["candidate_id"]), "stage_code"] == "withdrawn"
        assert rows.loc[int(other["candidate_id"]), "stage_since"] == dt.date.today()

"""The 培育库 page in Debian's headless Chromium against the real app server on the demo city: it opens from the
sidebar, shows each goal against its pipeline with the ledger's figures, filters by goal and stage (both in the
URL, kept on Reload and undone by Back), and the goal page links to it."""

from __future__ import annotations

import datetime as dt

import pytest

from qcbrand import services
from qcbrand.ledger.store import Store
from qcbrand.services import demo
from tests.serve import running_app
from tests.test_browser_state import choose, main_text, params, wait_for

pytestmark = pytest.mark.browser
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

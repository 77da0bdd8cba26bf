"""Two programmes in one ledger and the districts on a map, in Debian's headless Chromium against the real app
server: the sidebar's plan follows the date, a person chooses the other plan and another goal for the map, Reload
and Back keep both, the map is drawn on the overview, the goal page and a district's page, and its PNG downloads
with the page's goal in its name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qcbrand import services
from qcbrand.ledger.store import Store
from tests.serve import running_app
from tests.test_browser_state import choose, params, wait_for
from tests.test_plan_periods import NEXT, filled_template

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/qcbrand-shots")


def maps_drawn(page) -> int:
    """Vega views whose SVG or canvas is drawn, whose spec is a map (a geoshape): the charts' own titles say so."""
    return page.locator('[data-testid="stVegaLiteChart"]', has_text="各辖市区分布").count()


def test_the_sidebar_plan_and_the_map_goal_hold_through_reload_and_back(demo_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "plans.duckdb"
    shutil.copy(demo_path, db)
    with Store.open(db) as store:
        services.load_plan(store, filled_template(tmp_path))
    SHOTS.mkdir(exist_ok=True)

    with running_app(db) as (base, browser):
        page = browser.new_page(viewport={"width": 1440, "height": 1600})
        page.goto(f"{base}/?as_of=2019-06-30")
        page.locator("h1", has_text="常州市进一步深化质量强市工作的决定").wait_for(timeout=60_000)  # in force on the date
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
        wait_for(page, lambda: maps_drawn(page) == 1, "the overview's map")
        page.locator('[data-testid="stVegaLiteChart"]', has_text="各辖市区分布").screenshot(path=str(SHOTS / "overview-map.png"))

        choose(page, "地图显示的目标", "第4条 · 中国驰名商标总数")
        wait_for(page, lambda: params(page).get("map_goal") == "well_known_trademarks"
                 and page.locator('[data-testid="stVegaLiteChart"]', has_text="中国驰名商标总数：各辖市区分布").count() == 1,
                 "the map's goal in the URL")
        page.reload()
        wait_for(page, lambda: page.locator('[data-testid="stVegaLiteChart"]', has_text="中国驰名商标总数：各辖市区分布").count() == 1,
                 "the map's goal after Reload")

        choose(page, "计划（工作目标）", "2021–2025 · 【待填】质量强市工作规划")
        wait_for(page, lambda: params(page).get("plan") == NEXT
                 and page.locator("h1", has_text="【待填】质量强市工作规划").count() == 1, "the other plan")
        page.screenshot(path=str(SHOTS / "next-plan.png"))
        page.go_back()
        wait_for(page, lambda: page.locator("h1", has_text="常州市进一步深化质量强市工作的决定").count() == 1
                 and params(page).get("plan") == "changzhou-2016", "Back to the first plan")

        # the goal page: its own goal on the map, and both periods' targets on the trend
        page.goto(f"{base}/goal?as_of=2023-06-30&plan={NEXT}&goal=famous_brand_products")
        wait_for(page, lambda: maps_drawn(page) == 1, "the goal page's map")
        trend = page.locator('[data-testid="stVegaLiteChart"]').first
        trend.scroll_into_view_if_needed()
        wait_for(page, lambda: "2016–2020 目标值 230" in trend.inner_text() and "2021–2025 目标值 240" in trend.inner_text(),
                 "both periods' targets on the trend")
        page.screenshot(path=str(SHOTS / "goal-periods.png"))
        shown = page.locator('[data-testid="stVegaLiteChart"]', has_text="各辖市区分布")
        shown.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "goal-map.png"))
        with page.expect_download() as download:
            page.get_by_role("button", name="下载 PNG").nth(2).click()  # the trend's, the bars', the map's
        assert download.value.suggested_filename.startswith("qcbrand-famous_brand_products-map-2023-06-30")

        # a district's page: the map with the district outlined
        page.goto(f"{base}/districts?as_of=2019-06-30&district=wujin")
        page.locator("h1", has_text="武进区").wait_for(timeout=60_000)
        wait_for(page, lambda: maps_drawn(page) == 1, "the district page's map")
        page.locator('[data-testid="stVegaLiteChart"]', has_text="各辖市区分布").screenshot(path=str(SHOTS / "district-map.png"))

"""State that holds (issue 18), in Debian's headless Chromium against the real app server: five searches typed
in a row (no Enter) each shown and each in the URL; the renewals window changed three times; each filter of a
record browser; then Reload and Back, checking after every step what the page shows against the URL and the
ledger."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from qcbrand import services
from qcbrand.ledger.store import Store
from qcbrand.services import demo
from tests.serve import running_app

pytestmark = pytest.mark.browser
DEADLINE = dt.date(2020, 12, 31)


def params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def wait_for(page, check, what: str, timeout: float = 30.0) -> None:
    """Poll until `check()` holds (the app reruns after a pause in the typing)."""
    end = dt.datetime.now() + dt.timedelta(seconds=timeout)
    while dt.datetime.now() < end:
        try:
            if check():
                return
        except Exception:  # an element between two runs
            pass
        page.wait_for_timeout(250)
    raise AssertionError(f"{what}: url {page.url}")


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def choose(page, label: str, option: str) -> None:
    """Open a select box by its label and click an option, as a person does."""
    page.locator('[data-testid="stSelectbox"]', has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_typing_choosing_reloading_and_going_back_keep_the_view(tmp_path) -> None:
    db = tmp_path / "state.duckdb"
    with Store.open(db) as store:
        demo.build(store)
        uscc = store.scalar("SELECT uscc FROM enterprises WHERE uscc IS NOT NULL ORDER BY enterprise_id LIMIT 1")
        searches = ["恒达", "骁沐", "澄远", uscc, "hengda"]
        found = {q: len(services.search_enterprises(store, q)) for q in searches}
        first = {q: services.search_enterprises(store, q)["name"].iloc[0] for q in searches}
        assert all(found.values())
        hd = services.search_enterprises(store, "hd")
        found_hd, first_hd, first_hd_id = len(hd), hd["name"].iloc[0], int(hd["enterprise_id"].iloc[0])
        lapsing = {n: len(services.expiring(store, DEADLINE, n)) for n in (3, 6, 24)}
        brands = services.kinds_of(store, "famous_brand")
        jiangsu = brands[brands["code"] == "jiangsu_famous_brand"].iloc[0]["name_zh"]
        count_kind = int(services.browse(store, "famous_brand", DEADLINE, kind="jiangsu_famous_brand").iloc[0]["total_rows"])
        count_status = int(services.browse(store, "famous_brand", DEADLINE, kind="jiangsu_famous_brand",
                                      status="expired").iloc[0]["total_rows"])
        text_rows = services.browse(store, "famous_brand", DEADLINE, kind="jiangsu_famous_brand", status="expired", text="恒")
        count_text = int(text_rows.iloc[0]["total_rows"]) if not text_rows.empty else 0

    with running_app(db) as (base, browser):
        page = browser.new_page(viewport={"width": 1440, "height": 1400})
        page.goto(f"{base}/enterprise?as_of=2020-12-31")
        box = page.get_by_label("查找企业", exact=True)
        box.wait_for(timeout=60_000)

        # five searches typed in a row: each one's results shown, each in the URL, none thrown away
        for q in searches:
            box.fill(q)  # no Enter: the box commits after a pause in the typing
            wait_for(page, lambda: params(page).get("q") == q and f"找到 {found[q]} 家企业" in main_text(page)
                     and first[q] in main_text(page), f"the search {q}")  # the first result's link under the table
            assert box.input_value() == q
        page.reload()
        page.get_by_label("查找企业", exact=True).wait_for(timeout=60_000)
        wait_for(page, lambda: page.get_by_label("查找企业", exact=True).input_value() == "hengda"
                 and f"找到 {found['hengda']} 家企业" in main_text(page), "the search after Reload")
        page.go_back()  # the search before the last: the page follows the URL
        wait_for(page, lambda: page.get_by_label("查找企业", exact=True).input_value() == params(page).get("q", "")
                 and params(page).get("q") != "hengda", "Back to the search before")

        # a result opened in this tab from anywhere in its name's cell; Back returns to the search, Forward to it
        page.get_by_label("查找企业", exact=True).fill("hd")
        wait_for(page, lambda: params(page).get("q") == "hd" and f"找到 {found_hd} 家企业" in main_text(page), "the search hd")
        grid = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
        page.mouse.click(grid["x"] + grid["width"] * 0.3, grid["y"] + 35 + 17)  # the first row's name, away from its text
        wait_for(page, lambda: params(page).get("enterprise") == str(first_hd_id) and "q" not in params(page)
                 and page.locator("h1").first.inner_text() == first_hd, "the enterprise opened from its name")
        assert len(page.context.pages) == 1  # the same tab
        page.go_back()
        wait_for(page, lambda: params(page).get("q") == "hd"
                 and page.get_by_label("查找企业", exact=True).input_value() == "hd", "Back to the search")
        page.go_forward()
        wait_for(page, lambda: page.locator("h1").first.inner_text() == first_hd, "Forward to the enterprise")
        # another page from the sidebar, then Back: one step back to the enterprise
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name="到期提醒").click()
        wait_for(page, lambda: "/renewals" in page.url and "到期提醒" in page.locator("h1").first.inner_text(), "the renewals page")
        page.go_back()
        wait_for(page, lambda: page.locator("h1").first.inner_text() == first_hd, "Back from the sidebar's page")

        # the renewals window, three times: each choice holds
        page.goto(f"{base}/renewals?as_of=2020-12-31")
        page.locator('[data-testid="stSelectbox"]', has_text="到期时间").wait_for(timeout=60_000)
        for months in (6, 24, 3):
            choose(page, "到期时间", str(months))
            wait_for(page, lambda: params(page).get("within") == str(months)
                     and f"其后 {months} 个月内" in main_text(page)
                     and (f"共 {lapsing[months]:,} 条将到期" in main_text(page) or not lapsing[months]),
                     f"the window of {months} months")
        page.reload()
        wait_for(page, lambda: "其后 3 个月内" in main_text(page) and params(page).get("within") == "3", "after Reload")
        page.go_back()
        wait_for(page, lambda: params(page).get("within") == "24" and "其后 24 个月内" in main_text(page), "Back to 24")

        # each filter of a record browser, into the URL; a pasted link opens the same view
        page.goto(f"{base}/brands?as_of=2020-12-31")
        page.locator('[data-testid="stSelectbox"]', has_text="类别").wait_for(timeout=60_000)
        choose(page, "类别", jiangsu)
        wait_for(page, lambda: params(page).get("kind") == "jiangsu_famous_brand" and f"共 {count_kind:,} 条" in main_text(page),
                 "the kind filter")
        choose(page, "状态", "已过期")
        wait_for(page, lambda: params(page).get("status") == "expired" and f"共 {count_status:,} 条" in main_text(page),
                 "the status filter")
        page.get_by_label("文字筛选", exact=True).fill("恒")
        wait_for(page, lambda: params(page).get("text") == "恒" and f"共 {count_text:,} 条" in main_text(page), "the text filter")
        pasted = browser.new_context(viewport={"width": 1440, "height": 1400}).new_page()
        pasted.goto(page.url)
        wait_for(pasted, lambda: f"共 {count_text:,} 条" in main_text(pasted) and pasted.get_by_label("文字筛选", exact=True).input_value() == "恒",
                 "the pasted link")
        page.reload()
        wait_for(page, lambda: f"共 {count_text:,} 条" in main_text(page), "the filters after Reload")
        page.go_back()
        wait_for(page, lambda: "text" not in params(page) and f"共 {count_status:,} 条" in main_text(page), "Back to no text")
        assert re.search(r"status=expired", page.url)

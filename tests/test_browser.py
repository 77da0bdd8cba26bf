"""The journey of a regulator, in Debian's headless Chromium against the real app server: open the
overview, follow a goal that is behind to its page, download its chart as PNG, open an enterprise by
its URL in a new window, and switch to English."""

import datetime as dt
import io
import re

import pytest
from PIL import Image

from qcbrand import services
from qcbrand.ledger.store import Store
from qcbrand.services import demo
from tests.serve import editor_accounts, running_app, sign_in

pytestmark = pytest.mark.browser


def wait_ready(page) -> None:
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.wait_for_load_state("networkidle")


def test_regulator_journey(tmp_path) -> None:
    # The server is another process and DuckDB lets one process hold a file: this test's database
    # is its own, and the test lets go of it before the server starts.
    db = tmp_path / "browser.duckdb"
    deadline = dt.date(2020, 12, 31)
    with Store.open(db) as store:
        demo.build(store)
        behind = services.needing_attention(services.scoreboard(store, None, deadline))[0]
        firm = services.top_enterprises(store, deadline, "wujin", limit=1).iloc[0]

    with running_app(db) as (base, browser):
        page = browser.new_page(viewport={"width": 1440, "height": 1400}, accept_downloads=True)
        page.goto(base + "/")
        wait_ready(page)
        assert page.locator("h1").first.inner_text() == "常州市进一步深化质量强市工作的决定"
        assert page.get_by_text("示例数据").first.is_visible()
        assert "Page not found" not in page.content()

        # a goal that is behind, followed from the overview to its own page
        page.get_by_role("link", name=re.compile(re.escape(behind.name_zh))).first.click()
        page.wait_for_url(re.compile(r"/goal\?"), timeout=30_000)
        page.wait_for_selector(f'h1:has-text("{behind.name_zh}")', timeout=60_000)
        assert f"goal={behind.goal_code}" in page.url
        assert page.locator('[data-testid="stMetric"]').first.inner_text().endswith(
            f"{behind.value:,} / {behind.score.target:,.0f}")

        # its chart as a briefing PNG
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=re.compile("下载 PNG")).first.click()
        png = tmp_path / download.value.suggested_filename
        download.value.save_as(png)
        assert png.name.startswith(f"qcbrand-{behind.goal_code}-trend-2020-12-31") and png.suffix == ".png"
        assert Image.open(io.BytesIO(png.read_bytes())).width >= 1600

        # the same page's URL in a new window opens the same goal
        copied = page.url
        other = browser.new_context(viewport={"width": 1440, "height": 1400}).new_page()
        other.goto(copied)
        other.wait_for_selector(f'h1:has-text("{behind.name_zh}")', timeout=60_000)

        # an enterprise opened by its URL, then the whole page in English
        other.goto(f"{base}/enterprise?enterprise={int(firm.enterprise_id)}&as_of=2020-12-31")
        other.wait_for_selector(f'h1:has-text("{firm["name"]}")', timeout=60_000)
        other.wait_for_selector('text="区内排名"', timeout=30_000)
        other.get_by_text("English", exact=True).click()
        other.wait_for_selector('text="Rank in district"', timeout=30_000)
        assert "lang=en" in other.url


def headline(page, name: str) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text=name).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def test_editor_imports_the_published_excel_then_rolls_it_back(tmp_path) -> None:
    from tests.files import published_brands_xlsx

    db = tmp_path / "editor.duckdb"
    with Store.open(db) as store:
        demo.build(store)
        before = next(s for s in services.scoreboard(store, None, dt.date(2020, 12, 31)) if s.goal_code == "famous_brand_products")
    xlsx = tmp_path / "2019年度江苏名牌产品名单.xlsx"
    xlsx.write_bytes(published_brands_xlsx())
    editors = editor_accounts()

    with running_app(db, editors) as (base, browser):
        page = browser.new_page(viewport={"width": 1440, "height": 1600})
        page.goto(base + "/?as_of=2020-12-31")
        wait_ready(page)
        assert headline(page, "江苏名牌产品总数") == f"{before.value} / 230"

        sign_in(page, base + "/data?as_of=2020-12-31")

        def upload() -> None:
            page.locator('input[type="file"]').set_input_files(str(xlsx))
            page.wait_for_selector('text="校验报告"', timeout=60_000)

        upload()
        assert page.get_by_text("表头在第 3 行，其下 4 行数据").is_visible()
        page.get_by_text("同意新建 4 家未登记的企业").click()
        page.wait_for_selector("text=将新增 4 条", timeout=30_000)
        # before the commit: how the list was read, and what it does to the goal on the deadline
        page.wait_for_selector('text="名单是怎样读的"', timeout=30_000)
        page.wait_for_selector('text="导入后各目标的变化（2020-12-31）"', timeout=30_000)  # its figures: test_data_page.py
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_selector("text=已导入（第 1 次导入）：新增 4 条记录", timeout=60_000)

        # the sidebar keeps the session (and the login); a typed URL would start a new one
        page.locator("[data-testid=\"stSidebar\"]").get_by_role("link", name="总览").click()
        wait_ready(page)
        page.wait_for_function(f"document.body.innerText.includes('{before.value + 4} / 230')", timeout=30_000)
        assert headline(page, "江苏名牌产品总数") == f"{before.value + 4} / 230"

        page.locator("[data-testid=\"stSidebar\"]").get_by_role("link", name="数据管理").click()
        page.wait_for_selector('text="已登录：wang"', timeout=30_000)
        # after a commit the import screen says what was imported and offers a new import, not the same commit
        page.wait_for_selector("text=已导入（第 1 次导入）", timeout=30_000)
        assert page.get_by_role("button", name="确认导入").count() == 0
        page.screenshot(path=str(tmp_path / "after-commit.png"))
        page.get_by_role("button", name="新的导入").click()
        upload()
        page.wait_for_selector("text=将新增 0 条，已存在 4 条", timeout=30_000)

        page.get_by_role("tab", name="导入记录").click()
        page.get_by_text("确认撤回第 1 次导入").click()
        page.get_by_role("button", name="撤回此次导入").click()
        page.wait_for_selector("text=已撤回", timeout=60_000)

        page.locator("[data-testid=\"stSidebar\"]").get_by_role("link", name="总览").click()
        wait_ready(page)
        page.wait_for_function(f"document.body.innerText.includes('{before.value} / 230')", timeout=30_000)
        assert headline(page, "江苏名牌产品总数") == f"{before.value} / 230"


def test_names_with_markdown_show_as_written(tmp_path) -> None:
    """In a real browser, an enterprise named like a Markdown link or an Excel formula is shown as written:
    the heading reads exactly the name, and the page holds no link to where the name points."""
    from qcbrand import intake
    from tests.test_user_text import NAMES, brands_csv

    db = tmp_path / "text.duckdb"
    with Store.open(db) as store:
        demo.build(store)
        intake.import_file(store, "名单.csv", "famous_brands", data=brands_csv(), create_enterprises=True)
        ids = {name: store.scalar("SELECT enterprise_id FROM enterprises WHERE name = ?", [name]) for name in NAMES}

    with running_app(db) as (base, browser):
        page = browser.new_page(viewport={"width": 1440, "height": 1400})
        for name, number in ids.items():
            page.goto(f"{base}/enterprise?enterprise={number}&as_of=2020-12-31")
            heading = page.locator("h1").first
            heading.wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            assert heading.inner_text() == name
            assert page.locator('a[href^="javascript"], a[href="http://x"], a[href="http://x/"]').count() == 0
            assert page.locator("h1 b, h1 em, h1 strong, h1 .katex").count() == 0
        # the toolbar offers viewers no "Deploy"
        assert page.get_by_text("Deploy", exact=True).count() == 0

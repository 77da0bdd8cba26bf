"""Start the app on the demo database and photograph pages in headless Chromium (Debian's).

    .venv/bin/python scripts/screenshots.py [OUT_DIR] [PATH_AND_QUERY ...]

Used for the README's screenshot and for looking at pages as a user sees them.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.serve import running_app


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    paths = sys.argv[2:] or ["/?as_of=2020-12-31"]  # the overview is the default page, at /
    out.mkdir(parents=True, exist_ok=True)
    with running_app() as (base, browser):
        page = browser.new_page(viewport={"width": 1440, "height": 1800})
        for i, path in enumerate(paths):
            page.goto(base + path)
            page.wait_for_selector('[data-testid="stMetric"], [data-testid="stDataFrame"], [data-testid="stAlert"]', timeout=60000)
            page.wait_for_timeout(1500)
            name = out / f"shot-{i}.png"
            page.screenshot(path=str(name))
            print(name)


if __name__ == "__main__":
    main()

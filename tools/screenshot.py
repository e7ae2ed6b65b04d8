"""Screenshot app pages in headless Debian Chromium: `python tools/screenshot.py URL OUT.png [WIDTHxHEIGHT]`.

The app must already be running (`streamlit run app.py`). Used to look at pages by eye.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
from sangkien.ops.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def main() -> None:
    url, out = sys.argv[1], sys.argv[2]
    width, height = (int(x) for x in (sys.argv[3] if len(sys.argv) > 3 else "1366x768").split("x"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
        page.wait_for_timeout(1500)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        page.wait_for_timeout(2500)
        page.screenshot(path=out)
        errors = page.locator('[data-testid="stException"]').count()
        browser.close()
    print(f"{out}: {errors} error element(s)")


if __name__ == "__main__":
    main()

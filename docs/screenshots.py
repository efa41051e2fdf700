"""Take the README's screenshots from the playground, in the system's headless Chromium.

A fresh demo alliance in a temporary folder; then, as its people: an area message, the
judgement form, the summary with its radar, the Home tab, and the alliance lead's Home tab.

Run: .venv/bin/python docs/screenshots.py   (needs `pip install -e '.[test]'` and Chromium)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground import alliance  # noqa: E402
from playground.demo import playground  # noqa: E402
from tests.playground.browser import act_as, browser_page, go_to, type_in  # noqa: E402

HERE = Path(__file__).resolve().parent
RIVERSIDE = alliance.SCHOOLS["Riverside Infant School"][0]


def main() -> int:
    folder = tempfile.mkdtemp(prefix="screenshots-")
    with playground(Path(folder) / "demo.db") as url, browser_page(url, 1280, 860) as page:
        act_as(page, "URS1")
        go_to(page, RIVERSIDE)
        type_in(page, "/peer-review start")
        area = page.locator("article.msg", has_text="Which level is the best fit").last
        area.wait_for()
        area.scroll_into_view_if_needed()
        shot(page, "playground-area.png")
        area.get_by_role("button", name="Secure").click()
        modal = page.locator("#modal form.bk-modal")
        modal.wait_for()
        modal.locator("textarea").first.fill(
            "Governors see the plan termly; two shared INSET days a year."
        )
        shot(page, "playground-judgement.png")
        modal.locator("[data-close]").first.click()
        modal.wait_for(state="detached")
        act_as(page, "UOK1")
        go_to(page, alliance.TRIO)
        summary = page.locator("article.msg", has_text="Peer review summary")
        summary.locator(".thread-link").click()
        page.locator("#thread-messages img").first.wait_for()
        page.locator("#thread-messages img").first.scroll_into_view_if_needed()
        shot(page, "playground-summary.png")
        act_as(page, "UHM1")
        go_to(page, "home")
        page.get_by_role("button", name="Export the diagnostic").wait_for()
        shot(page, "playground-home.png")
        act_as(page, alliance.LEAD)
        go_to(page, "home")
        page.get_by_text(f"Alliance · {alliance.ALLIANCE}").wait_for()
        shot(page, "lead-home.png")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


def shot(page, name: str) -> None:
    page.wait_for_timeout(300)  # let the last answer draw
    page.screenshot(path=str(HERE / name))
    print("wrote", HERE / name)


if __name__ == "__main__":
    sys.exit(main())

"""A headless Chromium on the playground's page, for the browser test and the screenshots.

Chromium is the system's (Debian's ``chromium`` package, or ``$CHROMIUM``), driven by
Playwright for Python; nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


@contextlib.contextmanager
def browser_page(url: str, width: int = 1400, height: int = 900) -> Iterator[Any]:
    """A page open at `url`; its console errors and uncaught exceptions in ``page.errors``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
            page.goto(url + "/")
            yield page
        finally:
            browser.close()


def act_as(page: Any, person: str) -> None:
    page.select_option("#person", person)


def go_to(page: Any, room: str) -> None:
    page.click(f'#rooms [data-room="{room}"]')
    page.wait_for_selector(f'#rooms .here[data-room="{room}"]')


def type_in(page: Any, text: str, box: str = "#text") -> None:
    page.fill(box, text)
    page.press(box, "Enter")

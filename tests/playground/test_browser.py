"""The playground in a real browser: a school leader's walk, a partner's challenge, an export.

Headless Chromium from the system, driven by Playwright. Skipped, saying so, where either is
missing; ``.ci/run`` installs both and sets PEER_REVIEW_CI, which makes that a failure.
"""

from __future__ import annotations

import pytest

from playground import alliance
from playground.demo import playground
from tests.conftest import missing
from tests.playground.browser import act_as, browser_page, chromium_path, go_to, type_in

RIVERSIDE = alliance.SCHOOLS["Riverside Infant School"][0]


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("needs Playwright for Python (pip install -e '.[test]')")
    if chromium_path() is None:
        missing("needs Chromium (Debian: apt-get install chromium)")
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    with playground(db) as base:
        yield base


@pytest.fixture(scope="module")
def page(url):
    with browser_page(url) as opened:
        yield opened
        assert opened.errors == []  # no script error anywhere on the way


def test_the_first_visit_shows_the_workspace(url):
    with browser_page(url) as fresh:  # a browser of its own: nobody chosen on it yet
        # Well within the 20 s the page's next request waits for something to change.
        fresh.locator("#rooms .room.here").wait_for(timeout=10_000)
        assert fresh.locator("#person").input_value() == "UHM1"  # the first person
        assert fresh.locator("#title").text_content() == "peer-review"  # their DM with the bot
        assert fresh.locator("#messages article.msg").count() >= 1
        assert fresh.errors == []


def test_a_school_leader_starts_and_judges_an_area(page):
    act_as(page, "URS1")  # Farah Khan, head of Riverside, which has not started
    go_to(page, RIVERSIDE)
    type_in(page, "/peer-review start")
    area = page.locator("article.msg", has_text="Which level is the best fit").last
    area.get_by_role("button", name="Secure").click()
    modal = page.locator("#modal form.bk-modal")
    modal.wait_for()
    modal.locator("textarea").first.fill("Shared INSET days; governors see the plan termly.")
    modal.locator("button[type=submit]").click()
    modal.wait_for(state="detached")
    page.get_by_text("Infrastructure").first.wait_for()  # the next area, posted by the outbox
    assert page.locator("#messages").get_by_text("Secure (3)").count() >= 1


def test_a_partner_challenges_in_the_summary_thread(page):
    act_as(page, "UOK1")  # Chloe Patel, Oakfield: Hillmead's trio partner
    go_to(page, alliance.TRIO)
    summary = page.locator("article.msg", has_text="Hillmead Primary · Peer review summary")
    summary.locator(".thread-link").click()
    thread = page.locator("#thread-messages")
    thread.locator("img").first.wait_for()  # the radar chart, inline
    type_in(page, "S2SS: two deployments in a year looks Emerging to us.", box="#reply-text")
    mine = thread.locator("article.msg", has_text="looks Emerging to us")
    mine.locator(".reaction").wait_for()  # the bot filed it and said so with a reaction
    assert page.locator("#thread").is_visible()


def test_the_export_arrives_by_dm_and_downloads(page):
    act_as(page, "UHM1")  # Amara Okafor, Hillmead: its review is complete
    go_to(page, "home")
    page.get_by_role("button", name="Export the diagnostic").click()
    go_to(page, "DHM1")
    workbook = page.locator("a.file", has_text="Peer review diagnostic").first
    workbook.wait_for()
    with page.expect_download() as arriving:
        workbook.click()
    download = arriving.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as saved:
        assert saved.read(2) == b"PK"  # a real workbook (a zip)


def test_a_partner_files_a_reply_elsewhere_from_the_bots_note(page):
    act_as(page, "UOK1")  # Chloe Patel, Oakfield
    go_to(page, alliance.TRIO)
    summary = page.locator("article.msg", has_text="Hillmead Primary · Peer review summary")
    summary.locator(".thread-link").click()
    type_in(page, "Leadership: who signs the vision off each year?", box="#reply-text")
    thread = page.locator("#thread-messages")
    note = thread.locator("article.msg.ephemeral", has_text="Filed under Leadership")
    note.locator("select").select_option(label="2 Infrastructure")
    thread.locator("article.msg.ephemeral", has_text="Filed under Infrastructure").wait_for()
    assert note.count() == 0  # the note changed in its place
    assert page.locator("#messages").get_by_text("Filed under").count() == 0  # thread only

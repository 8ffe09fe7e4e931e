"""The web app in a real browser (Debian's Chromium through chromedriver): log in, mark a step done
with htmx, see the row and the summary change in place, switch language.

`make test` installs the `chromium` and `chromium-driver` packages when they are missing; without
them this test fails rather than skips, so a broken browser setup cannot pass unnoticed.
"""

from __future__ import annotations

import shutil
import tempfile

import pytest
from conftest import PASSWORD
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from actionplan.planning.models import ChangeRecord, Occurrence

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def browser():
    assert shutil.which(CHROMEDRIVER), "chromedriver missing: run `make test` (it installs chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # The machine has no route to Google's services: keep Chromium from trying at every start.
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
        "--lang=en-US",
    ]:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="actionplan-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver, condition, seconds: float = 10):
    # htmx replaces the row between finding it and reading it: a stale element means "look again".
    stale = [StaleElementReferenceException]
    return WebDriverWait(driver, seconds, ignored_exceptions=stale).until(condition)


@pytest.mark.django_db(transaction=True)
def test_log_in_mark_done_in_place_and_switch_language(browser, live_server, org):
    # Given alice logs in (her browser asks for English, the bakery works in Vietnamese)
    browser.get(f"{live_server.url}/login/")
    browser.find_element(By.NAME, "username").send_keys("alice")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.NAME, "password").submit()
    wait(browser, ec.url_contains("/o/acme/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Chiến lược"

    # When she marks the open one-off step `write` done
    occurrence = Occurrence.objects.get(step__key="write")
    row = f'tr[data-occurrence="{occurrence.id}"]'
    assert browser.find_element(By.CSS_SELECTOR, row).get_attribute("data-status") == "on_track"
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, f"{row} button[type=submit]").click()

    # Then htmx swaps the row in place (no page load) with the new status, as text too
    def status(b) -> str:
        return b.find_element(By.CSS_SELECTOR, row).get_attribute("data-status")

    wait(browser, lambda b: status(b) == "done_on_time")
    assert "hoàn thành đúng hạn" in browser.find_element(By.CSS_SELECTOR, row).text
    assert browser.find_element(By.TAG_NAME, "html") == page  # the same document: swapped, not reloaded
    summary = browser.find_element(By.ID, "status-summary").text
    assert "hoàn thành đúng hạn" in summary
    occurrence.refresh_from_db()
    assert occurrence.completed_at is not None
    assert ChangeRecord.objects.filter(object_ref="visibility/media/write", source="web").exists()

    # And the language switch turns the page English
    browser.find_element(By.CSS_SELECTOR, 'button[name="language"][value="en"]').click()
    wait(browser, lambda b: b.find_element(By.TAG_NAME, "h1").text == "Strategies")
    assert "done on time" in browser.find_element(By.CSS_SELECTOR, row).text

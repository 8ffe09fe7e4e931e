"""A check-in from the strategy tree in a real browser: htmx swaps the row, with the new percent."""

from __future__ import annotations

import pytest
from conftest import PASSWORD
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from test_browser import browser, wait  # noqa: F401 - the fixture, and its waiting helper

from actionplan.planning.models import CheckIn, Occurrence


@pytest.mark.django_db(transaction=True)
def test_check_in_from_the_tree_in_place(browser, live_server, org):  # noqa: F811 - the fixture
    # Given alice on the tree
    browser.get(f"{live_server.url}/login/")
    browser.find_element(By.NAME, "username").send_keys("alice")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.NAME, "password").submit()
    wait(browser, ec.url_contains("/o/acme/"))
    occurrence = Occurrence.objects.get(step__key="write")
    form = f'form[data-checkin-form="{occurrence.id}"]'
    page = browser.find_element(By.TAG_NAME, "html")

    # When she types 25 and a note into the row's check-in form and sends it
    browser.find_element(By.ID, f"qc-{occurrence.id}-percent").send_keys("25")
    browser.find_element(By.ID, f"qc-{occurrence.id}-note").send_keys("outline written")
    browser.find_element(By.CSS_SELECTOR, f"{form} button[type=submit]").click()

    # Then the row shows "đã xong 25%" in place, without a page load, and it is recorded
    percent = f'[data-percent="{occurrence.id}"]'
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, percent))
    assert browser.find_element(By.CSS_SELECTOR, percent).text == "đã xong 25%"
    assert browser.find_element(By.TAG_NAME, "html") == page
    row = CheckIn.objects.get()
    assert (row.percent, row.note, row.author.username) == (25, "outline written", "alice")

"""In a real browser: log in, open the process map, click a process box, land on its page."""

import re

import pytest
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.processes import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_click_a_box_of_the_map_opens_the_process(live_server, page, member):
    manager = member(Role.QSSE_MANAGER, username="qsse", all_sites=True)
    services.process_create(user=manager.user, code="M01", name="Strategy", kind="management", owner=manager)
    machining = services.process_create(user=manager.user, code="R05", name="Machining", kind="realisation")
    services.process_create(user=manager.user, code="S02", name="Maintenance", kind="support")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "qsse")
    page.fill("#id_password", "pass-1234-word")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/processes/map/")
    expect(page.locator("svg.process-map")).to_be_visible()
    box = page.locator('svg.process-map a[data-code="R05"]')
    expect(box).to_have_count(1)
    box.click()
    expect(page).to_have_url(re.compile(rf"/processes/{machining.pk}/$"))
    expect(page.locator("h1")).to_contain_text("R05")

    # The boxes are reachable with the keyboard too.
    page.go_back()
    page.locator('svg.process-map a[data-code="S02"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("S02")

"""Fixtures shared by the whole suite."""

import os
from datetime import date

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser build."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    """A French-speaking user (French is OpenQSSE's first language) on a desktop-sized window; a test
    module overrides it for another locale or size."""
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture
def page(page):
    """The browser tests' page, patient: the shared test machine can be slow, so pages and assertions
    wait longer than Playwright's defaults (restored afterwards for the other tests)."""
    from playwright.sync_api import expect

    page.set_default_timeout(60_000)
    expect.set_options(timeout=20_000)
    yield page
    expect.set_options(timeout=5_000)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site_a(db):
    from qsse.organization.tests.factories import SiteFactory

    return SiteFactory(code="MTL", name="Montluçon")


@pytest.fixture
def site_b(db):
    from qsse.organization.tests.factories import SiteFactory

    return SiteFactory(code="MOU", name="Moulins")


@pytest.fixture
def member(db, site_a):
    """``member(role, site=None, username=None)``: a person with an account in that role."""
    from qsse.organization.tests.factories import make_member

    def build(role, site=None, username=None, all_sites=False):
        return make_member(role, site=site or site_a, username=username, all_sites=all_sites)

    return build


# --- The demo company, seeded once for the whole run ----------------------------------------------

DEMO_TODAY = date(2026, 11, 25)


def _database_group(item) -> int:
    """0: database tests in a rolled-back transaction; 1: tests that commit (browser tests, which
    empty every table afterwards, data-migration rows included); 2: tests without a database."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if (
        (marker and marker.kwargs.get("transaction"))
        or "live_server" in fixtures
        or "transactional_db" in fixtures
    ):
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Database tests run before the tests that commit, whatever pytest's own reordering by
    parametrised fixtures did after pytest-django's sort (a test parametrised over the browser once
    pulled every browser test before half of the database tests, which then found the rows loaded by
    the data migrations gone). The tests of the demo company run last: its seeding (a minute or
    more) is done once, in a transaction kept open until the end of the run."""
    items.sort(key=_database_group)  # stable: keeps pytest's order inside each group
    demo_tests = [item for item in items if "demo_company" in getattr(item, "fixturenames", ())]
    if demo_tests:
        others = [item for item in items if "demo_company" not in getattr(item, "fixturenames", ())]
        items[:] = others + demo_tests


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    """Where the demo's files (Parquet datasets, attachments) live for the whole run."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="session")
def demo_company(django_db_setup, django_db_blocker, demo_media):
    """The demo company (``seed_demo(today=2026-11-25)``) seeded once inside a transaction rolled
    back at the end of the run; each test still runs in its own savepoint (``db``)."""
    from django.db import transaction
    from django.test import override_settings

    from qsse.demo.seeding import seed_demo

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield seed_demo(today=DEMO_TODAY)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

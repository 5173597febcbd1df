"""Fixtures shared by the whole suite."""

import os

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

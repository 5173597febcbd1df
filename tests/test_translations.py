"""French is the default language: every catalogue must be complete and valid."""

import subprocess
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
FRENCH_CATALOGUES = sorted(
    path for path in ROOT.glob("**/locale/fr/LC_MESSAGES/django.po") if ".venv" not in path.parts
)
APPS_WITH_TEXT = sorted(path.parent for path in (ROOT / "qsse").glob("*/apps.py"))


def test_every_app_has_a_french_catalogue():
    missing = [app.name for app in APPS_WITH_TEXT if not (app / "locale/fr/LC_MESSAGES/django.po").exists()]
    assert missing == []


@pytest.mark.parametrize("catalogue", FRENCH_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_french_catalogue_is_complete(catalogue):
    po = polib.pofile(str(catalogue))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("catalogue", FRENCH_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_french_catalogue_compiles(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(catalogue)], capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode()

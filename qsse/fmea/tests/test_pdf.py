"""The worksheet PDF in ?lang=fr|en (default: the interface language, French in the tests)."""

import pytest
from django.urls import reverse

from qsse.fmea import views

from .factories import add_line, make_fmea

pytestmark = pytest.mark.django_db


@pytest.fixture
def captured(monkeypatch):
    """The data handed to the Typst renderer, the PDF itself replaced by a marker."""
    calls = []

    def fake_render(template, data):
        calls.append(data)
        return b"%PDF-fake"

    monkeypatch.setattr(views, "render_pdf", fake_render)
    return calls


def test_pdf_language_follows_lang(client, manager, captured):
    fmea = make_fmea(manager.user)
    add_line(manager.user, fmea)
    client.force_login(manager.user)
    url = reverse("fmea:worksheet_pdf", args=[fmea.pk])

    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-fr.pdf"')
    assert captured[-1]["labels"]["columns"][1] == "Étape du procédé / élément"
    assert captured[-1]["fmea"]["kind"] == "AMDEC procédé (AMDEC-P)"

    response = client.get(url + "?lang=en")
    assert response["Content-Disposition"].endswith('-en.pdf"')
    assert captured[-1]["labels"]["columns"][1] == "Process step / item"
    assert captured[-1]["labels"]["leader"] == "Team leader"
    assert captured[-1]["fmea"]["kind"] == "Process FMEA (PFMEA)"
    assert captured[-1]["lines"][0][11] == "M"  # AP of S 7, O 5, D 6 (AIAG-VDA 2019 table)

    client.get(url + "?lang=de")  # unknown: the interface language
    assert captured[-1]["labels"]["leader"] == "Animateur de l'équipe"
    # The interface language stays French after an English PDF.
    assert "Grille AMDEC" in client.get(fmea.get_absolute_url()).content.decode()


def test_pdf_really_renders(client, manager):
    fmea = make_fmea(manager.user)
    add_line(manager.user, fmea)
    client.force_login(manager.user)
    response = client.get(reverse("fmea:worksheet_pdf", args=[fmea.pk]) + "?lang=en")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")

"""The worksheet PDF (Typst): data in French and English, the compiled document's node headings and
deviation texts, and the page ?lang=fr|en. No PDF text extractor is installed (no pypdf in uv.lock), so
the text is read back from the compiled Typst document with typst.query."""

import json
from datetime import date

import pytest
import typst
from django.urls import reverse

from qsse.core.choices import Role
from qsse.core.pdf import render_pdf
from qsse.hazop import report, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


@pytest.fixture
def study(manager, site_a):
    study = services.study_create(
        user=manager.user,
        title="HAZOP dépotage",
        installation="Poste de dépotage d’acide sulfurique",
        site=site_a,
        pid_reference="PID-DEP-01",
    )
    hose = services.node_add(user=manager.user, study=study, name="Flexible de dépotage", parameters=["flow"])
    tank = services.node_add(user=manager.user, study=study, name="Cuve de stockage", parameters=["level"])
    services.deviations_generate(user=manager.user, node=hose, parameters=["flow"], guide_words=["reverse"])
    (more_level,) = services.deviations_generate(
        user=manager.user, node=tank, parameters=["level"], guide_words=["more"]
    )
    more_level = services.deviation_update(
        user=manager.user,
        deviation=more_level,
        causes="Jaugeage erroné",
        consequences="Débordement d’acide dans la rétention",
        likelihood=3,
        severity=4,
        recommendation="Installer un LSHH coupant la pompe du camion",
    )
    services.deviation_create_action(
        user=manager.user, deviation=more_level, owner=manager, due_on=date(2027, 1, 31)
    )
    return study


def _query(data: dict, selector: str, field: str) -> list:
    payload = json.dumps(data, ensure_ascii=False)
    result = typst.query(
        str(report.TEMPLATE),
        selector,
        field=field,
        root=str(report.TEMPLATE.parent),
        sys_inputs={"data": payload},
    )
    return json.loads(result)


def test_worksheet_data_in_french_and_english(study):
    french = report.worksheet_data(study, "fr")
    assert french["labels"]["title"] == "Tableau HAZOP"
    assert french["labels"]["columns"][:2] == ["Mot-guide × paramètre", "Dérive"]
    assert [node["title"] for node in french["nodes"]] == ["1. Flexible de dépotage", "2. Cuve de stockage"]
    hose_row, tank_row = french["nodes"][0]["rows"][0], french["nodes"][1]["rows"][0]
    assert (hose_row["guide_word"], hose_row["parameter"], hose_row["text"]) == (
        "INVERSE",
        "débit",
        "Débit inverse",
    )
    # 3 × 4 = 12 with no "hazop" matrix configured: significant from 6 (the fallback rating).
    assert tank_row["risk"] == "12 (significative)"
    assert tank_row["action"].startswith("ACT-") and tank_row["action"].endswith("(Planifiée)")
    english = report.worksheet_data(study, "en")
    assert english["labels"]["title"] == "HAZOP worksheet"
    assert english["nodes"][1]["rows"][0]["guide_word"] == "MORE"
    assert english["nodes"][1]["rows"][0]["risk"] == "12 (significant)"
    assert english["study"]["status"] == "In progress"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pdf_holds_the_nodes_and_deviations(study, language):
    data = report.worksheet_data(study, language)
    pdf = render_pdf(report.TEMPLATE, data)
    assert pdf.startswith(b"%PDF")
    headings = _query(data, "heading", "body")
    assert [heading["text"] for heading in headings] == ["1. Flexible de dépotage", "2. Cuve de stockage"]
    assert _query(data, "<deviation>", "value") == ["Débit inverse", "Plus de niveau"]


def test_pdf_page(client, manager, member, site_a, site_b, study):
    client.force_login(manager.user)
    for language in ("fr", "en"):
        response = client.get(reverse("hazop:worksheet_pdf", args=[study.pk]), {"lang": language})
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f"{study.reference}-{language}.pdf" in response["Content-Disposition"]
    fallback = client.get(reverse("hazop:worksheet_pdf", args=[study.pk]), {"lang": "de"})
    assert f"{study.reference}-fr.pdf" in fallback["Content-Disposition"]
    client.force_login(member(Role.QSSE_MANAGER, site=site_b).user)
    assert client.get(reverse("hazop:worksheet_pdf", args=[study.pk])).status_code == 404

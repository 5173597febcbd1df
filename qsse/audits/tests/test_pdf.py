from datetime import date

import pytest

from qsse.audits import report, services
from qsse.core.pdf import render_pdf

from .factories import AuditWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(member, site_a):
    world = AuditWorld(member, site_a)
    audit = world.audit()
    services.checklist_add_from_clauses(user=world.lead.user, audit=audit, clauses=list(audit.criteria.all()))
    first, second = audit.questions.all()
    services.checklist_answers_bulk(
        user=world.lead.user,
        audit=audit,
        answers=[{"question": first.pk, "answer": "conform"}, {"question": second.pk, "answer": "minor"}],
    )
    services.finding_create(
        user=world.lead.user,
        audit=audit,
        kind="minor_nc",
        description="Instrument hors échéance",
        clause=world.clause("7.1"),
        requirement="Étalonnage",
        evidence="MIC-0142",
        today=date(2026, 3, 10),
    )
    services.audit_update(
        user=world.lead.user, audit=audit, maturity_rating=3, conclusion="Processus maîtrisé."
    )
    return audit


def test_report_data_in_french(audit):
    data = report.report_data(audit, "fr")
    assert data["labels"]["title"] == "Rapport d'audit"
    assert data["labels"]["findings"] == "Constats"
    assert data["reference"] == "AUD-2026-0001"
    assert ["Non-conformité mineure", "1"] in data["counts"]
    assert data["findings"][0]["clause"] == "§7.1 Ressources"
    assert data["findings"][0]["nc"].startswith("NC-")
    assert data["score"] == "75.0 %"  # (1 + 0.5) / 2
    assert data["maturity_label"].startswith("Défini")
    assert data["criteria"] == [
        "ISO 9001:2015 §7.1 Ressources",
        "ISO 9001:2015 §8.5 Production et prestation de service",
    ]


def test_report_data_in_english(audit):
    data = report.report_data(audit, "en")
    assert data["labels"]["title"] == "Audit report"
    assert ["Minor non-conformity", "1"] in data["counts"]
    assert data["findings"][0]["clause"] == "§7.1 Resources"
    assert data["maturity_label"].startswith("Defined")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_report_compiles_to_pdf(audit, language):
    pdf = render_pdf(report.TEMPLATE, report.report_data(audit, language))
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000

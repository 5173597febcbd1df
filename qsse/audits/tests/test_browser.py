"""End to end in Chromium (French UI): plan an audit with the form, build and fill its checklist on
the tablet layout, record an NC finding and see the NC reference, download the report in French and
in English; the offline queue of the checklist; axe-core WCAG 2.1 AA checks of the main pages."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from qsse.audits import services
from qsse.audits.models import Audit, ChecklistQuestion
from qsse.core.tests.browser import axe_violations, log_in

from .factories import AuditWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1280, "height": 1000}}


@pytest.fixture
def world(member, site_a):
    return AuditWorld(member, site_a)


def test_plan_fill_checklist_record_nc_and_download_reports(page, live_server, world):
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/audits/new/")
    page.locator("#id_kind").select_option("internal")
    page.locator("#id_title").fill("Audit interne usinage")
    page.locator("#id_process").select_option(str(world.process.pk))
    page.locator("#id_site").select_option(str(world.site.pk))
    page.locator("#id_standard").select_option(str(world.iso9001.pk))
    page.locator("#id_planned_start").fill("2026-03-10")
    page.locator("#id_planned_end").fill("2026-03-10")
    page.locator("#id_criteria").select_option([str(world.clause("7.1").pk), str(world.clause("8.5").pk)])
    page.locator("#id_lead_auditor").select_option(str(world.lead.pk))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AUD-2026-0001")
    expect(page.locator("#independence-check")).to_contain_text("aucun problème")
    audit = Audit.objects.get()

    # Checklist: one question per criterion, answered with the big buttons (saved by htmx).
    page.get_by_role("link", name="Questionnaire").click()
    page.get_by_role("button", name="Ajouter les questions des critères").click()
    first, second = ChecklistQuestion.objects.filter(audit=audit).order_by("position")
    page.locator(f"label[for=q{first.pk}-conform]").click()
    expect(page.locator(f"#question-{first.pk} .answer-status")).to_contain_text("Enregistré")
    page.locator(f"#q{second.pk}-evidence").fill("Micromètre MIC-0142 hors échéance d'étalonnage")
    page.locator(f"label[for=q{second.pk}-minor]").click()
    expect(page.locator(f"#question-{second.pk} .answer-status")).to_contain_text("NC mineure")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.answer, second.answer) == ("conform", "minor")
    assert second.evidence == "Micromètre MIC-0142 hors échéance d'étalonnage"

    # NC finding from the question: the NC record's reference appears in the findings table.
    page.locator(f"#question-{second.pk}").get_by_role("link", name="Enregistrer le constat").click()
    expect(page.locator("input[name=kind][value=minor_nc]")).to_be_checked()
    page.locator("#id_requirement").fill("Moyens de mesure étalonnés (§7.1.5)")
    page.locator("#id_description").fill("Instrument utilisé au-delà de son échéance d'étalonnage")
    page.get_by_role("button", name="Enregistrer le constat").click()
    expect(page.locator("#findings-table .nc-reference")).to_have_text(re.compile(r"NC-\d{4}-0001"))
    expect(page.locator("#finding-counts")).to_contain_text("NC mineures")

    # The report, in French then in English.
    page.get_by_role("link", name="Rapport", exact=True).click()
    for button, language in (("#report-fr", "fr"), ("#report-en", "en")):
        with page.expect_download() as download_info:
            page.locator(button).click()
        download = download_info.value
        assert download.suggested_filename == f"AUD-2026-0001-{language}.pdf"
        assert Path(download.path()).read_bytes().startswith(b"%PDF")


def test_offline_answers_are_queued_and_synced(page, live_server, world):
    audit = world.audit()
    services.checklist_add_from_clauses(user=world.lead.user, audit=audit, clauses=list(audit.criteria.all()))
    first, second = audit.questions.order_by("position")
    log_in(page, live_server, "lead")
    page.goto(f"{live_server.url}/audits/{audit.pk}/checklist/")
    page.context.set_offline(True)
    page.locator(f"#q{first.pk}-evidence").fill("Relevé hors ligne")
    page.locator(f"label[for=q{first.pk}-conform]").click()
    page.locator(f"label[for=q{second.pk}-observation]").click()
    expect(page.locator("#offline-queue")).to_contain_text("2 réponses en attente de synchronisation")
    first.refresh_from_db()
    assert first.answer == "not_assessed"
    page.context.set_offline(False)
    expect(page.locator("#offline-queue")).to_contain_text("synchronisées")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.answer, first.evidence, second.answer) == ("conform", "Relevé hors ligne", "observation")


def test_nc_answer_proposes_the_finding_and_programme_proposes_years(page, live_server, world):
    programme = services.programme_create(
        user=world.manager.user, title="Programme", start_year=2025, end_year=2027, standards=[world.iso9001]
    )
    services.programme_item_create(
        user=world.manager.user,
        programme=programme,
        process=world.process,
        planned_year=2025,
        risk_level="high",
    )
    audit = world.audit()
    services.checklist_add_from_clauses(user=world.lead.user, audit=audit, clauses=list(audit.criteria.all()))
    question = audit.questions.order_by("position").first()
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/audits/programmes/{programme.pk}/")
    expect(page.locator(".off-frequency")).to_have_count(1)
    page.locator("#propose-years").click()
    expect(page.locator(".off-frequency")).to_have_count(0)
    # 2026 is held by the audit planned that year: only 2027 is added
    assert sorted(programme.items.values_list("planned_year", flat=True)) == [2025, 2027]
    page.goto(f"{live_server.url}/audits/{audit.pk}/checklist/")
    page.locator(f"#q{question.pk}-evidence").fill("Pied à coulisse non étiqueté")
    page.locator(f"label[for=q{question.pk}-minor]").click()
    proposal = page.locator(f"#q{question.pk}-status .propose-finding")
    expect(proposal).to_be_visible()
    proposal.click()
    expect(page.locator("#finding-proposal")).to_be_visible()
    expect(page.locator("#id_evidence")).to_have_value("Pied à coulisse non étiqueté")
    expect(page.locator("input[name=kind][value=minor_nc]")).to_be_checked()
    assert page.locator("#id_requirement").input_value().startswith(f"§{question.clause.code} ")
    page.locator("#id_description").fill("Instrument non étalonné")
    page.get_by_role("button", name="Enregistrer le constat").click()
    expect(page.locator("body")).to_contain_text("NC-")
    finding = audit.findings.get()
    assert (finding.kind, finding.question_id) == ("minor_nc", question.pk)


def test_audit_and_programme_pages_pass_axe(page, live_server, world):
    programme = services.programme_create(
        user=world.manager.user,
        title="Programme triennal",
        start_year=2025,
        end_year=2027,
        standards=[world.iso9001],
    )
    services.programme_item_create(
        user=world.manager.user, programme=programme, process=world.process, planned_year=2027
    )
    audit = world.audit()
    services.checklist_add_from_clauses(user=world.lead.user, audit=audit, clauses=list(audit.criteria.all()))
    services.finding_create(
        user=world.lead.user, audit=audit, kind="minor_nc", description="Écart", requirement="§8.5"
    )
    template = services.checklist_template_create(
        user=world.manager.user,
        name="Pilotage",
        theme="steering",
        standard=world.iso9001,
        questions=[("Objectifs ?", world.clause("6.2"))],
    )
    question = audit.questions.first()
    services.checklist_answer(user=world.lead.user, question=question, answer="major", evidence="Relevé")
    log_in(page, live_server, "manager")
    found = {}
    for path in (
        "/audits/",
        "/audits/programmes/",
        f"/audits/programmes/{programme.pk}/",
        f"/audits/{audit.pk}/",
        f"/audits/{audit.pk}/checklist/",
        f"/audits/{audit.pk}/findings/",
        f"/audits/{audit.pk}/meetings/",
        f"/audits/{audit.pk}/report/",
        f"/audits/{audit.pk}/findings/?question={question.pk}",
        "/audits/new/",
        "/audits/auditors/",
        f"/audits/auditors/{world.lead.auditor.pk}/",
        f"/audits/auditors/{world.lead.auditor.pk}/edit/",
        "/audits/templates/",
        f"/audits/templates/{template.pk}/",
        f"/audits/templates/{template.pk}/edit/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    for path, violations in found.items():
        print(path)
        for violation in violations:
            print("   ", violation[:300])
    assert found == {}

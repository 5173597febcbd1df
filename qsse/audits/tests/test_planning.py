"""The programme plans from risks and past results (ISO 19011 §5.2/§5.4): last result read from the
latest completed audit, frequency per item, items off frequency, "propose the next years"; the
coverage matrix of a site programme and its supplier rows; clause coverage over the cycle."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.audits import selectors, services
from qsse.audits.calculations import (
    PlannedAudit,
    last_result_from_findings,
    missing_audit_years,
    programme_coverage,
)
from qsse.audits.models import ProgrammeItem
from qsse.core.choices import Role

from .factories import AuditWorld, make_process

pytestmark = pytest.mark.django_db
BASE = "/api/v1/audits"


# --- calculations (hand-worked, rule in docs/audits.md) --------------------------------------------


def test_last_result_from_findings():
    assert last_result_from_findings(["conformity", "minor_nc", "ofi"]) == "minor"
    assert last_result_from_findings(["minor_nc", "major_nc"]) == "major"
    assert last_result_from_findings(["conformity", "observation"]) == "good"
    assert last_result_from_findings([]) == "good"


@pytest.mark.parametrize(
    ("frequency", "planned", "last_done", "expected"),
    [
        # every 2 years, last audit 2024: due 2026 (planned), 2028 (nothing), 2030 window has 2029
        (2, [2026, 2029], 2024, [2028]),
        # every year, never audited: 2025 planned, 2026 missing, 2027 planned
        (1, [2025, 2027], None, [2026]),
        # every 3 years, last audit 2020: overdue, due the first year
        (3, [2027], 2020, [2025]),
        # every 3 years, never audited: the first audit within 2025–2027
        (3, [2027], None, []),
        # an audit held inside the programme does not move the start
        (2, [2025, 2027], 2025, []),
    ],
)
def test_missing_audit_years(frequency, planned, last_done, expected):
    end = 2030 if frequency == 2 and last_done == 2024 else 2027
    assert missing_audit_years(frequency, planned, 2025, end, last_done) == expected


def test_coverage_has_supplier_rows_and_clause_years():
    coverage = programme_coverage(
        processes=[(1, "Usinage")],
        years=[2025, 2026],
        audits=[
            PlannedAudit(None, 2025, True, supplier_name=" Thermi-Centre "),
            PlannedAudit(None, 2026, False, ("ISO|8.5",), supplier_name="thermi-centre"),
        ],
        required_clauses=["ISO|8", "ISO|9"],
        suppliers=["Thermi-Centre"],
    )
    assert [(r.label, r.process_id) for r in coverage.rows] == [("Usinage", 1), ("Thermi-Centre", None)]
    supplier = coverage.supplier_rows[0]
    assert [(c.done, c.planned) for c in supplier.cells] == [(1, 0), (0, 1)]
    assert coverage.uncovered_process_ids == (1,)
    assert coverage.process_coverage_rate == 0.0  # suppliers do not count as processes
    assert coverage.clause_years == (("ISO|8", (2026,)), ("ISO|9", ()))


# --- services and selectors -----------------------------------------------------------------------


@pytest.fixture
def world(member, site_a):
    return AuditWorld(member, site_a)


def completed_audit(world, start: date, finding_kind: str | None):
    audit = world.audit(planned_start=start)
    if finding_kind:
        services.finding_create(
            user=world.manager.user,
            audit=audit,
            kind=finding_kind,
            description="Constat",
            clause=world.clause("8.5"),
            today=date(2026, 1, 5),
        )
    services.audit_update(user=world.manager.user, audit=audit, conclusion="Conclusion.")
    for status in ("prepared", "in_progress", "reported"):
        services.audit_set_status(user=world.manager.user, audit=audit, status=status, today=start)
    return audit


@pytest.fixture
def programme(world):
    return services.programme_create(
        user=world.manager.user,
        title="Programme triennal",
        start_year=2025,
        end_year=2027,
        site=world.site,
        standards=[world.iso9001],
    )


def test_last_result_is_read_from_the_latest_completed_audit(world, programme):
    completed_audit(world, date(2024, 4, 3), None)
    last = completed_audit(world, date(2024, 5, 13), "minor_nc")
    item = services.programme_item_create(
        user=world.manager.user,
        programme=programme,
        process=world.process,
        planned_year=2027,
        risk_level="low",
        last_result="good",  # typed by hand: ignored, an audit is recorded
    )
    assert item.frequency_years == 2  # low risk, minor NCs → capped at 2
    (plan,) = selectors.programme_plan(programme)
    assert plan.last_result == "minor" and plan.last_audit.reference == last.reference
    assert plan.frequency_years == 2
    # last audit 2024, every 2 years → due 2026, nothing planned then
    assert plan.missing_years == (2026,) and plan.is_off_frequency


def test_manual_last_result_applies_without_audits_and_propose_fills_the_years(world, programme):
    other = make_process("SUP-02", "Achats", owner=world.lead)
    services.programme_item_create(
        user=world.manager.user,
        programme=programme,
        process=other,
        planned_year=2025,
        planned_month=6,
        risk_level="low",
        last_result="major",
        criteria=[world.clause("8.4")],
    )
    (plan,) = selectors.programme_plan(programme)
    assert (plan.last_result, plan.last_audit, plan.frequency_years) == ("major", None, 1)
    assert plan.missing_years == (2026, 2027)
    created = services.programme_propose_years(user=world.manager.user, programme=programme)
    assert [(i.planned_year, i.planned_month, i.frequency_years) for i in created] == [
        (2026, 6, 1),
        (2027, 6, 1),
    ]
    assert [c.code for c in created[0].criteria.all()] == ["8.4"]
    assert not any(p.is_off_frequency for p in selectors.programme_plan(programme))
    assert services.programme_propose_years(user=world.manager.user, programme=programme) == []


def test_site_programme_matrix_lists_the_site_processes_and_suppliers(world, programme, member, site_b):
    elsewhere = member(Role.PROCESS_OWNER, site=site_b, username="owner_b")
    painting = make_process("REA-09", "Peinture", owner=elsewhere)  # owned on the other site: left out
    unowned = make_process("SUP-07", "Maintenance")  # no owner, but planned: included
    services.programme_item_create(
        user=world.manager.user, programme=programme, process=unowned, planned_year=2026
    )
    services.programme_item_create(
        user=world.manager.user,
        programme=programme,
        supplier_name="Thermi-Centre",
        planned_year=2025,
        risk_level="high",
        criteria=[world.clause("8.4")],
    )
    coverage = selectors.programme_coverage_for(world.manager.user, programme)
    assert sorted(r.label for r in coverage.process_rows) == sorted([str(world.process), str(unowned)])
    (supplier,) = coverage.supplier_rows
    assert supplier.label == "Thermi-Centre" and [c.planned for c in supplier.cells] == [1, 0, 0]
    assert dict(coverage.clause_years)["ISO 9001:2015|8"] == (2025,)
    assert coverage.uncovered_process_ids == (world.process.pk,)
    everywhere = services.programme_create(
        user=world.manager.user, title="Groupe", start_year=2025, end_year=2027
    )
    labels = {r.label for r in selectors.programme_coverage_for(world.manager.user, everywhere).process_rows}
    assert str(painting) in labels  # a programme of every site lists every active process


def test_audit_planned_from_an_item_takes_its_clauses(world, programme):
    item = services.programme_item_create(
        user=world.manager.user,
        programme=programme,
        process=world.process,
        planned_year=2026,
        criteria=[world.clause("7.1"), world.clause("8.5")],
    )
    audit = world.audit(programme_item=item, criteria=[])
    assert sorted(c.code for c in audit.criteria.all()) == ["7.1", "8.5"]


# --- pages and API --------------------------------------------------------------------------------


def test_programme_page_shows_the_plan_and_proposes_years(client, world, programme):
    completed_audit(world, date(2024, 5, 13), "minor_nc")
    services.programme_item_create(
        user=world.manager.user,
        programme=programme,
        process=world.process,
        planned_year=2027,
        risk_level="low",
    )
    client.force_login(world.manager.user)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "ne suit pas la fréquence" in page
    assert "d'après AUD-2024-0001" in page
    assert "Couverture des chapitres sur le cycle" in page and "écart : non audité" in page
    response = client.post(reverse("audits:programme_propose", args=[programme.pk]))
    assert response.status_code == 302
    assert sorted(ProgrammeItem.objects.values_list("planned_year", flat=True)) == [2026, 2027]


def test_propose_reader_403_and_other_site_404(client, world, programme, member, site_a, site_b):
    reader = member(Role.READER, site=site_a, username="reader")
    client.force_login(reader.user)
    assert client.post(reverse("audits:programme_propose", args=[programme.pk])).status_code == 403
    stranger = member(Role.QSSE_MANAGER, site=site_b, username="moulins")
    client.force_login(stranger.user)
    assert client.get(programme.get_absolute_url()).status_code == 404
    assert client.post(reverse("audits:programme_propose", args=[programme.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(reader.user)
    assert api.post(f"{BASE}/programmes/{programme.pk}/propose/").status_code == 403
    assert api.get(f"{BASE}/programmes/{programme.pk}/plan/").status_code == 200
    api.force_authenticate(stranger.user)
    assert api.post(f"{BASE}/programmes/{programme.pk}/propose/").status_code == 404
    assert api.get(f"{BASE}/programmes/{programme.pk}/plan/").status_code == 404


def test_api_plan_propose_and_coverage_supplier_rows(world, programme):
    services.programme_item_create(
        user=world.manager.user,
        programme=programme,
        supplier_name="Thermi-Centre",
        planned_year=2025,
        risk_level="high",
    )
    api = APIClient()
    api.force_authenticate(world.manager.user)
    plan = api.get(f"{BASE}/programmes/{programme.pk}/plan/").json()
    assert [(p["subject"], p["frequency_years"], p["missing_years"]) for p in plan] == [
        ("Thermi-Centre", 1, [2026, 2027])
    ]
    created = api.post(f"{BASE}/programmes/{programme.pk}/propose/")
    assert created.status_code == 201
    assert [i["planned_year"] for i in created.json()] == [2026, 2027]
    coverage = api.get(f"{BASE}/programmes/{programme.pk}/coverage/").json()
    supplier = [r for r in coverage["rows"] if r["supplier_name"]]
    assert [c["planned"] for c in supplier[0]["cells"]] == [1, 1, 1]
    assert coverage["clause_years"]["ISO 9001:2015|4"] == []

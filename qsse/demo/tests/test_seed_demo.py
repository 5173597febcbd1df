"""seed_demo builds the demo company MBP through the services; checked once on a module-wide data set."""

import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import Client

from qsse.actions.choices import ActionStatus, EfficacyResult
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.demo import company
from qsse.demo.logins import demo_logins
from qsse.demo.seeding import seed_demo
from qsse.nonconformities.choices import NonconformityKind, NonconformityStatus
from qsse.nonconformities.models import EightDReport, Nonconformity
from qsse.organization.models import Organization, Person, Site, WorkUnit
from qsse.processes.models import Process, ProcessInteraction

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(demo_company):
    """The demo company, seeded once for the run (see the root conftest)."""
    return demo_company


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def test_organisation_sites_and_work_units(demo, db):
    organization = Organization.objects.get()
    assert organization.trade_name == "MBP"
    assert organization.naf_code == "25.62B"
    assert organization.headcount == 125
    assert (
        len(organization.siret) == 14
        and luhn_valid(organization.siret)
        and luhn_valid(organization.siret[:9])
    )
    sites = {site.name: site.headcount for site in Site.objects.all()}
    assert sites == {"Montluçon": 95, "Moulins": 30}
    assert WorkUnit.objects.count() == 10
    # Road travel and outdoor areas overlap the other units; the others add up to each site's headcount.
    per_site = dict(
        WorkUnit.objects.exclude(name__startswith="Déplacements")
        .values_list("site__name")
        .annotate(total=Count("pk"))
        .values_list("site__name", "total")
    )
    assert set(per_site) == {"Montluçon", "Moulins"}
    headcounts = {
        name: sum(
            WorkUnit.objects.filter(site__name=name)
            .exclude(name__startswith="Déplacements")
            .values_list("headcount", flat=True)
        )
        for name in ("Montluçon", "Moulins")
    }
    assert headcounts == {"Montluçon": 95, "Moulins": 30}


def test_every_role_has_people_and_scopes(demo, db):
    with_account = Person.objects.filter(user__isnull=False)
    roles = Counter(with_account.values_list("role", flat=True))
    assert roles[Role.ADMINISTRATOR] == 1
    assert roles[Role.QSSE_MANAGER] == 1
    assert roles[Role.AUDITOR] == 2
    assert roles[Role.PROCESS_OWNER] >= 10
    assert roles[Role.CONTRIBUTOR] >= 5  # QSSE assistant and team leaders
    assert roles[Role.READER] == 2  # CSE secretary, Moulins reader
    moulins_reader = Person.objects.get(user__username="lucie.arnaud")
    assert moulins_reader.role == Role.READER and not moulins_reader.has_all_sites
    assert list(moulins_reader.scope_sites.values_list("name", flat=True)) == ["Moulins"]
    assert Person.objects.filter(user__isnull=True, job_title__startswith="Opérat").count() >= 4


def test_process_map(demo, db):
    processes = Process.objects.all()
    assert 15 <= processes.count() <= 18
    assert set(processes.values_list("kind", flat=True)) == {"management", "realisation", "support"}
    for process in processes:
        assert process.owner is not None
        assert process.purpose and process.inputs and process.outputs and process.resources
        assert process.performance_objectives and process.indicators
    assert ProcessInteraction.objects.count() == len(company.INTERACTIONS) >= 20
    assert ProcessInteraction.objects.filter(source__code="REA-01", target__code="REA-02").exists()


def test_records_two_years(demo, db):
    records = Nonconformity.objects.all()
    assert 250 <= records.count() <= 350
    kinds = Counter(records.values_list("kind", flat=True))
    assert kinds[NonconformityKind.COMPLAINT] >= 30 and kinds[NonconformityKind.INCIDENT] >= 20
    assert set(records.exclude(customer_name="").values_list("customer_name", flat=True)) == {
        *company.CUSTOMERS_AUTOMOTIVE,
        company.CUSTOMER_AERONAUTICS,
    }
    assert set(records.exclude(supplier_name="").values_list("supplier_name", flat=True)) == {
        company.SUPPLIER_STEEL,
        company.SUPPLIER_HEAT_TREATMENT,
    }
    assert records.filter(detected_on__lt=date(2025, 1, 1)).count() == 0
    assert records.filter(detected_on__gte=TODAY).count() == 0
    for reference, detected_on in records.values_list("reference", "detected_on"):
        assert re.fullmatch(rf"(NC|INC|REC)-{detected_on.year}-\d{{4}}", reference)
    analysed = (
        records.filter(Q(why_steps__isnull=False) | Q(ishikawa_causes__isnull=False)).distinct().count()
    )
    assert records.count() / 4 <= analysed <= records.count() / 2
    assert EightDReport.objects.exclude(nonconformity__kind=NonconformityKind.COMPLAINT).count() == 0
    assert EightDReport.objects.count() >= 10
    statuses = set(records.values_list("status", flat=True))
    assert {NonconformityStatus.OPEN, NonconformityStatus.ACTION, NonconformityStatus.CLOSED} <= statuses


def test_actions_in_every_status_and_closing_rule(demo, db):
    actions = Action.objects.all()
    assert set(actions.values_list("status", flat=True)) == set(ActionStatus.values)
    overdue = actions.filter(status__in=(ActionStatus.PLANNED, ActionStatus.IN_PROGRESS), due_on__lt=TODAY)
    assert overdue.count() >= 10
    not_effective = actions.filter(efficacy_result=EfficacyResult.NOT_EFFECTIVE)
    assert not_effective.count() >= 3
    assert actions.filter(follow_up_of__isnull=False).count() >= 3
    for reference, created_at in actions.values_list("reference", "created_at"):
        assert reference.startswith(f"ACT-{created_at.year}-") or reference.startswith(
            f"ACT-{created_at.year + 1}-"
        )
    closed = Nonconformity.objects.filter(status=NonconformityStatus.CLOSED)
    assert closed.count() >= 100
    for nc in closed[:40]:
        own = actions.filter(origin_object_id=nc.pk, origin_content_type__model="nonconformity").exclude(
            status=ActionStatus.CANCELLED
        )
        assert own.exists()
        assert set(own.values_list("efficacy_result", flat=True)) == {EfficacyResult.EFFECTIVE}
        assert nc.closed_on is not None and nc.detected_on < nc.closed_on < TODAY


def test_seed_demo_is_idempotent(demo, db):
    before = (Nonconformity.objects.count(), Action.objects.count(), Person.objects.count())
    assert seed_demo(today=TODAY) is None
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "exists already" in out.getvalue()
    assert (Nonconformity.objects.count(), Action.objects.count(), Person.objects.count()) == before


def test_demo_logins_work(demo, db):
    rows = demo_logins()
    assert rows[0].username == "claire.morel" and rows[0].password == "openqsse-demo"
    assert len(rows) == sum(1 for spec in company.PEOPLE if spec.has_account)
    for row in rows:
        client = Client()
        assert client.login(username=row.username, password=row.password), row.username
    out = StringIO()
    call_command("print_demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text
    assert "lucie.arnaud" in text and "Moulins" in text

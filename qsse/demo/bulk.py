"""A large synthetic data set for benchmarks: ``seed_bulk --nonconformities 100000 --actions 300000``.

Speed over fidelity, on purpose: the rows are written with ``bulk_create`` in batches, bypassing
the services, so there is **no change history, no business event, no notification and no
permission check** for them, and the workflow rules (e.g. "a closed record has all its actions
checked effective") hold only as far as the generator below makes them hold. References are taken
from a block reserved in one step from the reference counters, so records created afterwards in the
application continue the numbering without collision. Never run it on a production database.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from qsse.actions.choices import ActionPriority, ActionStatus, ActionType, EfficacyResult
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.models import ReferenceCounter
from qsse.core.numbering import format_reference
from qsse.nonconformities.choices import REFERENCE_PREFIX, NonconformityStatus
from qsse.nonconformities.models import Nonconformity
from qsse.organization.models import Person
from qsse.processes.models import Process

from .scenarios import MACHINES, SCENARIOS
from .seeding import at, demo_organization, seed_demo

BULK_SEED = 2027
DEFAULT_SINCE = date(2021, 1, 1)


def reserve_references(prefix: str, year: int, count: int) -> int:
    """Reserve ``count`` consecutive numbers for ``prefix``/``year``; returns the first one."""
    with transaction.atomic():
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(prefix=prefix, year=year, last_number=0)], ignore_conflicts=True
        )
        counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
        first = counter.last_number + 1
        counter.last_number += count
        counter.save(update_fields=["last_number"])
    return first


@contextmanager
def explicit_timestamps(*models: type[Model]) -> Iterator[None]:
    """Let ``created_at``/``updated_at`` be written as given (auto_now/auto_now_add would overwrite them)."""
    saved = []
    for model in models:
        for name in ("created_at", "updated_at"):
            field = model._meta.get_field(name)
            saved.append((field, field.auto_now, field.auto_now_add))
            field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


@dataclass(frozen=True)
class NcPlan:
    detected_on: date
    scenario: int
    site_id: int
    status: str


@dataclass(frozen=True)
class NcRow:
    """What the actions need of an inserted record."""

    pk: int
    site_id: int
    process_id: int | None
    status: str
    detected_on: date
    closed_on: date | None
    label: str


@dataclass
class BulkSummary:
    nonconformities: int
    actions: int
    seconds: float


def _nc_status(rng: random.Random, age: int) -> str:
    if age > 180:
        weights = (0, 0, 10, 87, 3)
    elif age > 30:
        weights = (3, 10, 35, 50, 2)
    else:
        weights = (40, 30, 30, 0, 0)
    return rng.choices(
        (
            NonconformityStatus.OPEN,
            NonconformityStatus.ANALYSIS,
            NonconformityStatus.ACTION,
            NonconformityStatus.CLOSED,
            NonconformityStatus.CANCELLED,
        ),
        weights=weights,
    )[0]


class BulkGenerator:
    def __init__(
        self,
        *,
        since: date,
        today: date,
        batch_size: int,
        log: Callable[[str], None],
        seed: int = BULK_SEED,
    ) -> None:
        self.rng = random.Random(seed)
        self.since = since
        self.today = today
        self.batch_size = batch_size
        self.log = log
        self.sites = list(demo_organization().sites.values_list("pk", "code"))
        self.site_by_code = {code: pk for pk, code in self.sites}
        self.processes = {code: pk for pk, code in Process.objects.values_list("pk", "code")}
        accounts = list(
            Person.objects.filter(user__isnull=False, is_active=True).values_list(
                "pk", "site_id", "role", "user_id"
            )
        )
        self.people_by_site: dict[int, list[int]] = defaultdict(list)
        for pk, site_id, _role, _user in accounts:
            self.people_by_site[site_id].append(pk)
        self.all_people = [pk for pk, *_ in accounts]
        self.manager_user_id = next(user for _pk, _site, role, user in accounts if role == Role.QSSE_MANAGER)
        self.manager_person_id = next(pk for pk, _site, role, _user in accounts if role == Role.QSSE_MANAGER)
        self.nc_type = ContentType.objects.get_for_model(Nonconformity)

    def _day(self) -> date:
        span = (self.today - self.since).days
        return self.since + timedelta(days=self.rng.randrange(max(span, 1)))

    # Non-conformities ------------------------------------------------------------------------

    def nonconformities(self, count: int) -> list[NcRow]:
        rng = self.rng
        weights = [scenario.weight for scenario in SCENARIOS]
        indexes = range(len(SCENARIOS))
        plans = []
        for _ in range(count):
            detected_on = self._day()
            index = rng.choices(indexes, weights=weights)[0]
            scenario = SCENARIOS[index]
            site_id = self.site_by_code[scenario.site] if rng.random() < 0.7 else rng.choice(self.sites)[0]
            plans.append(
                NcPlan(detected_on, index, site_id, _nc_status(rng, (self.today - detected_on).days))
            )
        plans.sort(key=lambda plan: plan.detected_on)
        numbers: dict[tuple[str, int], int] = {}
        for (prefix, year), needed in Counter(
            (REFERENCE_PREFIX[SCENARIOS[plan.scenario].kind], plan.detected_on.year) for plan in plans
        ).items():
            numbers[(prefix, year)] = reserve_references(prefix, year, needed)
        rows: list[NcRow] = []
        for start in range(0, len(plans), self.batch_size):
            batch = [self._nc(plan, numbers) for plan in plans[start : start + self.batch_size]]
            with explicit_timestamps(Nonconformity):
                Nonconformity.objects.bulk_create(batch)
            rows.extend(
                NcRow(
                    nc.pk, nc.site_id, nc.process_id, nc.status, nc.detected_on, nc.closed_on, str(nc)[:255]
                )
                for nc in batch
            )
            if start and start % (self.batch_size * 10) == 0:
                self.log(f"  {start} records written")
        return rows

    def _nc(self, plan: NcPlan, numbers: dict[tuple[str, int], int]) -> Nonconformity:
        rng = self.rng
        scenario = SCENARIOS[plan.scenario]
        prefix = REFERENCE_PREFIX[scenario.kind]
        key = (prefix, plan.detected_on.year)
        number = numbers[key]
        numbers[key] = number + 1
        product = rng.choice(scenario.products)
        lot = f"L{plan.detected_on:%y}{plan.detected_on.isocalendar().week:02d}-{rng.randint(1, 999):03d}"
        values = {
            "product": product,
            "lot": lot,
            "customer": rng.choice(scenario.customers) if scenario.customers else "",
            "supplier": scenario.supplier,
            "machine": rng.choice(MACHINES),
            "value": "",
        }
        created = at(plan.detected_on, rng.randint(7, 17), rng.randrange(60))
        closed_on = None
        if plan.status == NonconformityStatus.CLOSED:
            closed_on = min(plan.detected_on + timedelta(days=rng.randint(20, 150)), self.today)
        people = self.people_by_site.get(plan.site_id) or self.all_people
        low, high = scenario.quantity
        return Nonconformity(
            reference=format_reference(prefix, plan.detected_on.year, number),
            kind=scenario.kind,
            title=scenario.title.format(**values)[:255],
            origin=scenario.origin,
            category=scenario.category,
            severity=rng.choices((1, 2, 3), weights=scenario.severity_weights)[0],
            status=plan.status,
            process_id=self.processes.get(scenario.process),
            site_id=plan.site_id,
            product=product,
            lot=lot if product else "",
            quantity_affected=Decimal(rng.randint(low, high)) if product else None,
            detected_on=plan.detected_on,
            detected_by_id=rng.choice(people),
            owner_id=rng.choice(people),
            description_what=scenario.what.format(**values),
            description_where=scenario.where.format(**values),
            description_how=scenario.how.format(**values),
            description_why=scenario.why.format(**values),
            containment=scenario.containment,
            customer_name=values["customer"],
            supplier_name=scenario.supplier,
            closed_on=closed_on,
            closed_by_id=self.manager_user_id if closed_on else None,
            created_by_id=self.manager_user_id,
            created_at=created,
            updated_at=at(closed_on) if closed_on else created,
        )

    # Actions ---------------------------------------------------------------------------------

    def actions(self, count: int, records: list[NcRow]) -> int:
        rng = self.rng
        # Records past the analysis get one action first (a closed record needs one); the rest at random.
        targets: list[NcRow | None] = [
            row for row in records if row.status in (NonconformityStatus.ACTION, NonconformityStatus.CLOSED)
        ][:count]
        while len(targets) < count:
            targets.append(rng.choice(records) if records else None)
        plans = sorted(((self._created(row), row) for row in targets), key=lambda item: item[0])
        numbers = {
            ("ACT", year): reserve_references("ACT", year, needed)
            for year, needed in Counter(created.year for created, _row in plans).items()
        }
        for start in range(0, len(plans), self.batch_size):
            batch = [
                self._action(created, row, numbers) for created, row in plans[start : start + self.batch_size]
            ]
            with explicit_timestamps(Action):
                Action.objects.bulk_create(batch)
            if start and start % (self.batch_size * 20) == 0:
                self.log(f"  {start} actions written")
        return len(plans)

    def _created(self, row: NcRow | None) -> date:
        if row is None:
            return self._day()
        return min(row.detected_on + timedelta(days=self.rng.randint(0, 20)), self.today)

    def _action(self, created: date, row: NcRow | None, numbers: dict[tuple[str, int], int]) -> Action:
        rng = self.rng
        key = ("ACT", created.year)
        number = numbers[key]
        numbers[key] = number + 1
        due_on = created + timedelta(days=rng.randint(7, 90))
        nc_status = row.status if row else None
        if nc_status == NonconformityStatus.CLOSED:
            status = ActionStatus.CHECKED if rng.random() > 0.02 else ActionStatus.CANCELLED
        elif nc_status == NonconformityStatus.CANCELLED:
            status = ActionStatus.CANCELLED
        elif nc_status in (NonconformityStatus.OPEN, NonconformityStatus.ANALYSIS):
            status = rng.choice((ActionStatus.PLANNED, ActionStatus.IN_PROGRESS))
        else:
            status = rng.choices(
                (
                    ActionStatus.PLANNED,
                    ActionStatus.IN_PROGRESS,
                    ActionStatus.DONE,
                    ActionStatus.CHECKED,
                    ActionStatus.CANCELLED,
                ),
                weights=(20, 40, 15, 22, 3),
            )[0]
        started_on = completed_on = checked_on = None
        if status in (ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CHECKED):
            started_on = min(created + timedelta(days=rng.randint(0, 10)), self.today)
        if status in (ActionStatus.DONE, ActionStatus.CHECKED):
            completed_on = min(max(due_on + timedelta(days=rng.randint(-15, 10)), started_on), self.today)
        if status == ActionStatus.CHECKED:
            checked_on = min(completed_on + timedelta(days=rng.randint(10, 60)), self.today)
            if row is not None and row.closed_on:
                checked_on = min(checked_on, row.closed_on)
                completed_on = min(completed_on, checked_on)
                started_on = min(started_on, completed_on)
        effective = status == ActionStatus.CHECKED and (
            nc_status == NonconformityStatus.CLOSED or rng.random() > 0.1
        )
        if row is not None:
            site_id, process_id = row.site_id, row.process_id
            action_type = ActionType.CONTAINMENT if rng.random() < 0.25 else ActionType.CORRECTIVE
            title = rng.choice(SCENARIOS).correctives[0].title
        else:
            site_id = rng.choice(self.sites)[0]
            process_id = rng.choice(list(self.processes.values()))
            action_type = rng.choice((ActionType.PREVENTIVE, ActionType.IMPROVEMENT))
            title = "Action d'amélioration issue de la revue de processus"
        people = self.people_by_site.get(site_id) or self.all_people
        created_at = at(created, rng.randint(7, 17), rng.randrange(60))
        return Action(
            reference=format_reference("ACT", created.year, number),
            title=title,
            type=action_type,
            origin_content_type=self.nc_type if row else None,
            origin_object_id=row.pk if row else None,
            origin_label=row.label if row else "",
            process_id=process_id,
            site_id=site_id,
            owner_id=rng.choice(people),
            due_on=due_on,
            priority=rng.choices(tuple(ActionPriority.values), weights=(2, 6, 3, 1))[0],
            status=status,
            progress=100 if completed_on else (rng.choice((10, 25, 50, 75)) if started_on else 0),
            started_on=started_on,
            completed_on=completed_on,
            efficacy_criterion="Aucune récurrence sur 3 mois",
            efficacy_check_due_on=due_on + timedelta(days=45),
            efficacy_checked_on=checked_on,
            efficacy_result=(EfficacyResult.EFFECTIVE if effective else EfficacyResult.NOT_EFFECTIVE)
            if checked_on
            else "",
            efficacy_checked_by_id=self.manager_person_id if checked_on else None,
            created_by_id=self.manager_user_id,
            created_at=created_at,
            updated_at=at(checked_on or completed_on or started_on) if started_on else created_at,
        )


def analyze_database() -> None:
    """Refresh the planner statistics after a bulk load, as autovacuum does after many inserts.

    On PostgreSQL, VACUUM also sets the visibility map, without which index-only scans are not used;
    VACUUM cannot run inside a transaction (a test, a caller's atomic block), ANALYZE can.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def seed_bulk(
    *,
    nonconformities: int,
    actions: int,
    since: date = DEFAULT_SINCE,
    today: date | None = None,
    batch_size: int = 2000,
    log: Callable[[str], None] = lambda message: None,
) -> BulkSummary:
    """Add ``nonconformities`` records and ``actions`` actions to the demo organisation (created first
    if missing), spread over sites, owners, statuses and dates from ``since`` to today."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    if demo_organization() is None:
        log("No demo organisation yet: running seed_demo first.")
        seed_demo(today=today)
    generator = BulkGenerator(since=since, today=today, batch_size=batch_size, log=log)
    with transaction.atomic():
        records = generator.nonconformities(nonconformities)
        log(f"{len(records)} non-conformities written in {time.perf_counter() - started:.1f} s")
        written = generator.actions(actions, records)
        log(f"{written} actions written in {time.perf_counter() - started:.1f} s")
    analyze_database()
    return BulkSummary(len(records), written, time.perf_counter() - started)

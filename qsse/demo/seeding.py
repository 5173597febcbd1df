"""Build the demo organisation (MBP) and two years of its records through the real services.

Everything is written as the QSSE manager through the services of each app, so the records carry
the same history, business events and notifications as records typed in by hand. Three things the
services cannot do are done afterwards with direct updates, on purpose and only here:

- dates the services set to "today" (creation timestamps, history and event dates, start,
  completion and closing dates) are moved back to the simulated day each step happened on
  (``Backdater``);
- action references, numbered by the services with the current year, are renumbered with the year
  each action was created in (``renumber_actions``);
- notifications older than 30 days are marked read.

The generator draws from ``random.Random(2026)`` only, so two runs on the same day produce the same
data.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max, Model, OuterRef, Subquery
from django.test.utils import override_settings
from django.utils import timezone

from qsse.actions import services as action_services
from qsse.actions.choices import ActionPriority, ActionStatus, ActionType, EfficacyResult
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent, Notification, ReferenceCounter
from qsse.nonconformities import services as nc_services
from qsse.nonconformities.choices import RootCauseSource
from qsse.nonconformities.models import EightDReport, IshikawaCause, Nonconformity, RootCause, WhyStep
from qsse.organization.models import Department, Organization, Person, Site, WorkUnit
from qsse.processes import services as process_services

from . import company
from .scenarios import EIGHT_D_TEAM, MACHINES, SCENARIOS, STANDALONE_ACTIONS, Scenario

SEED = 2026
HISTORY_START = date(2025, 1, 2)
# Share of working days on which something is reported (about 12 records a month).
DAILY_RATE = 0.6


def demo_organization() -> Organization | None:
    return Organization.objects.filter(legal_name=company.ORGANIZATION["legal_name"]).first()


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An aware datetime on ``day`` in the project's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# --- Organisation ------------------------------------------------------------------------------


@dataclass
class Organisation:
    organization: Organization
    sites: dict[str, Site]
    departments: dict[tuple[str, str], Department]
    work_units: dict[str, WorkUnit]
    people: dict[str, Person]


def build_organisation() -> Organisation:
    """The company, its sites, departments, work units and people, with user accounts.

    The organisation app has no write services: its records are reference data created directly.
    Every account gets the password ``company.DEMO_PASSWORD`` (hashed once: hashing is slow on purpose).
    """
    organization = Organization.objects.create(**company.ORGANIZATION)
    sites = {spec["code"]: Site.objects.create(organization=organization, **spec) for spec in company.SITES}
    departments = {
        (code, name): Department.objects.create(site=sites[code], name=name)
        for code, name in company.DEPARTMENTS
    }
    work_units = {}
    for key, code, department, name, headcount, description in company.WORK_UNITS:
        work_units[key] = WorkUnit.objects.create(
            site=sites[code],
            department=departments[(code, department)],
            name=name,
            headcount=headcount,
            description=description,
        )
    password = make_password(company.DEMO_PASSWORD)
    user_model = get_user_model()
    people = {}
    for spec in company.PEOPLE:
        site = sites[spec.site]
        department = departments.get((spec.site, spec.department))
        user = None
        if spec.has_account:
            user = user_model.objects.create(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@mbp-demo.invalid",
                password=password,
                is_staff=spec.role == Role.ADMINISTRATOR,
                is_superuser=spec.role == Role.ADMINISTRATOR,
            )
        person = Person.objects.create(
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@mbp-demo.invalid",
            job_title=spec.job_title,
            site=site,
            department=department,
            work_unit=work_units[spec.work_unit],
            user=user,
            role=spec.role,
            has_all_sites=spec.has_account and spec.scope is None,
        )
        if spec.has_account and spec.scope is not None:
            person.scope_sites.set([sites[code] for code in spec.scope])
        elif not spec.has_account:
            person.scope_sites.set([site])
        people[spec.key] = person
    return Organisation(organization, sites, departments, work_units, people)


def build_process_map(*, user: Any, people: dict[str, Person]) -> dict[str, Any]:
    processes = {}
    for position_by_kind, spec in _positions(company.PROCESSES):
        processes[spec.code] = process_services.process_create(
            user=user,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            owner=people[spec.owner],
            purpose=spec.purpose,
            inputs=spec.inputs,
            outputs=spec.outputs,
            resources=spec.resources,
            performance_objectives=spec.performance_objectives,
            indicators=spec.indicators,
            position=position_by_kind,
        )
    for source, target, flow in company.INTERACTIONS:
        process_services.interaction_add(
            user=user, source=processes[source], target=processes[target], flow=flow
        )
    return processes


def _positions(specs):
    counters: dict[str, int] = defaultdict(int)
    for spec in specs:
        yield counters[spec.kind], spec
        counters[spec.kind] += 1


# --- Backdating --------------------------------------------------------------------------------


class Backdater:
    """Moves the rows written during a step to the simulated moment of that step.

    Rows are found by primary key above the highest one seen before the step, so a step must not
    overlap another. Only the timestamp columns set automatically are changed.
    """

    def __init__(self) -> None:
        targets: list[tuple[type[Model], str]] = [
            (BusinessEvent, "occurred_at"),
            (Notification, "created_at"),
            (Nonconformity, "created_at"),
            (Action, "created_at"),
            (EightDReport, "created_at"),
        ]
        for model in (Nonconformity, Action, WhyStep, IshikawaCause, RootCause, EightDReport):
            targets.append((model.history.model, "history_date"))
        self.targets = targets
        self.marks = {model: self._max_pk(model) for model, _ in targets}

    @staticmethod
    def _max_pk(model: type[Model]) -> int:
        return model._default_manager.aggregate(m=Max("pk"))["m"] or 0

    @contextmanager
    def on(self, moment: datetime, user: Any = None) -> Iterator[None]:
        """Date the rows written inside the block ``moment``; history rows get ``user`` as author
        (what the history middleware records for a request)."""
        yield
        for model, column in self.targets:
            mark = self.marks[model]
            values: dict[str, Any] = {column: moment}
            if column == "history_date" and user is not None:
                values["history_user_id"] = user.pk
            elif column == "created_at" and hasattr(model, "updated_at"):
                values["updated_at"] = moment
            if model._default_manager.filter(pk__gt=mark).update(**values):
                self.marks[model] = self._max_pk(model)


# --- Records -----------------------------------------------------------------------------------

PRIORITY_BY_SEVERITY = {1: ActionPriority.NORMAL, 2: ActionPriority.HIGH, 3: ActionPriority.CRITICAL}


@dataclass
class Counts:
    records: int = 0
    closed: int = 0
    cancelled: int = 0
    actions: int = 0
    eight_d: int = 0
    analysed: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class RecordGenerator:
    """Two years of non-conformities, incidents and complaints with their analyses and actions."""

    def __init__(self, *, user: Any, org: Organisation, processes: dict[str, Any], today: date) -> None:
        self.user = user
        self.org = org
        self.people = org.people
        self.processes = processes
        self.today = today
        self.rng = random.Random(SEED)
        self.clock = Backdater()
        self.counts = Counts()
        self._weights = [scenario.weight for scenario in SCENARIOS]
        self._last_moment: datetime | None = None

    # Helpers ---------------------------------------------------------------------------------

    def _moment(self, day: date) -> datetime:
        """A working hour on ``day``, after the previous step when that was on the same day."""
        moment = at(day, self.rng.randint(7, 17), self.rng.choice((0, 10, 20, 30, 40, 50)))
        if self._last_moment is not None and self._last_moment.date() == day and moment <= self._last_moment:
            moment = self._last_moment + timedelta(minutes=10)
        self._last_moment = moment
        return moment

    def _step(self, day: date):
        return self.clock.on(self._moment(day), self.user)

    def _working_day(self, day: date) -> date:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def _later(self, day: date, low: int, high: int) -> date:
        return self._working_day(day + timedelta(days=self.rng.randint(low, high)))

    def _past(self, day: date) -> bool:
        return day < self.today

    # Driver ----------------------------------------------------------------------------------

    def run(self) -> Counts:
        day = HISTORY_START
        while day < self.today:
            if day.weekday() < 5 and self.rng.random() < DAILY_RATE:
                scenario = self.rng.choices(SCENARIOS, weights=self._weights)[0]
                self.record(scenario, day)
            day += timedelta(days=1)
        self.standalone_actions()
        return self.counts

    # One record ------------------------------------------------------------------------------

    def _texts(self, scenario: Scenario, detected_on: date) -> dict[str, Any]:
        rng = self.rng
        product = rng.choice(scenario.products)
        lot = f"L{detected_on:%y}{detected_on.isocalendar().week:02d}-{rng.randint(1, 999):03d}"
        customer = rng.choice(scenario.customers) if scenario.customers else ""
        values = {
            "product": product,
            "lot": lot,
            "customer": customer,
            "supplier": scenario.supplier,
            "machine": rng.choice(MACHINES),
            "value": self._value(scenario),
        }
        low, high = scenario.quantity
        quantity = rng.randint(low, high)
        shift = rng.choice(("du matin", "d'après-midi", "de nuit"))
        return {
            "title": scenario.title.format(**values)[:255],
            "product": product,
            "lot": lot if product else "",
            "customer_name": customer,
            "customer_reference": f"RC-{detected_on:%y}-{rng.randint(100, 9999)}" if customer else "",
            "supplier_name": scenario.supplier,
            "quantity_affected": Decimal(quantity) if product else None,
            "description_what": scenario.what.format(**values),
            "description_where": scenario.where.format(**values),
            "description_when": f"Le {detected_on:%d/%m/%Y}, équipe {shift}.",
            "description_how": scenario.how.format(**values),
            "description_how_many": (
                f"{quantity} pièce(s) concernée(s) sur le lot {lot}."
                if product
                else "Une personne concernée."
            ),
            "description_why": scenario.why.format(**values),
        }

    def _value(self, scenario: Scenario) -> str:
        rng = self.rng
        key = scenario.key
        if "dimension" in key or "diameter" in key:
            return f"{rng.uniform(24.93, 25.08):.3f}".replace(".", ",")
        if "roughness" in key:
            return f"{rng.uniform(0.9, 2.2):.1f}".replace(".", ",")
        if "anodising" in key:
            return str(rng.randint(8, 13))
        if "hardness" in key:
            return str(rng.choice((33, 34, 35, 36, 44, 45, 46)))
        if "distortion" in key:
            return f"{rng.uniform(0.15, 0.6):.2f}".replace(".", ",")
        if "torque" in key:
            return str(rng.randint(17, 21))
        if "delay" in key:
            return str(rng.randint(2, 12))
        if "emulsion" in key:
            return str(rng.randint(5, 60))
        return ""

    def record(self, scenario: Scenario, detected_on: date) -> None:
        rng = self.rng
        texts = self._texts(scenario, detected_on)
        severity = rng.choices((1, 2, 3), weights=scenario.severity_weights)[0]
        low, high = scenario.cost
        cost = Decimal(rng.randint(low, high)) if high else None
        with self._step(detected_on):
            nc = nc_services.nonconformity_create(
                user=self.user,
                kind=scenario.kind,
                title=texts.pop("title"),
                site=self.org.sites[scenario.site],
                detected_on=detected_on,
                origin=scenario.origin,
                category=scenario.category,
                severity=severity,
                process=self.processes[scenario.process],
                detected_by=self.people[rng.choice(scenario.detected_by)],
                owner=self.people[scenario.owner],
                containment=scenario.containment,
                disposition=rng.choice(scenario.dispositions),
                cost_of_nonquality=cost,
                **texts,
            )
        self.counts.records += 1
        self.counts.by_kind[scenario.kind] += 1
        priority = PRIORITY_BY_SEVERITY[severity]

        # A few records turn out to be duplicates and are cancelled early.
        if rng.random() < 0.03 and self._past(detected_on + timedelta(days=2)):
            with self._step(self._later(detected_on, 1, 2)):
                nc_services.nonconformity_cancel(
                    user=self.user, nonconformity=nc, reason="Doublon d'une déclaration déjà enregistrée."
                )
            self.counts.cancelled += 1
            return

        actions: list[Action] = []
        if scenario.containment_action:
            created = self._later(detected_on, 0, 1)
            if self._past(created):
                with self._step(created):
                    action = action_services.action_create(
                        user=self.user,
                        title=scenario.containment_action,
                        owner=self.people[scenario.owner],
                        due_on=self._later(created, 2, 7),
                        type=ActionType.CONTAINMENT,
                        origin=nc,
                        priority=priority,
                        efficacy_criterion="Aucune pièce non conforme livrée après le confinement",
                    )
                actions.append(action)
                self.counts.actions += 1
                self.progress_action(action, created, containment=True)

        # Most analyses start within days; some wait for a team meeting or the customer's returns.
        analysed_on = self._later(detected_on, 3, 12 if rng.random() < 0.75 else 35)
        if not self._past(analysed_on):
            return
        root_causes = self.analyse(nc, scenario, analysed_on)
        if scenario.kind == "complaint" and rng.random() < 0.7:
            self.eight_d(nc, scenario, analysed_on, root_causes)

        planned_on = self._later(analysed_on, 0, 4) if rng.random() < 0.8 else self._later(analysed_on, 5, 25)
        if not self._past(planned_on) or not scenario.correctives:
            return
        for index, template in enumerate(scenario.correctives):
            root_cause = root_causes[min(index, len(root_causes) - 1)]
            due_on = self._later(planned_on, 20, 60)
            with self._step(planned_on):
                action = nc_services.root_cause_create_action(
                    user=self.user,
                    root_cause=root_cause,
                    title=template.title,
                    owner=self.people[template.owner],
                    due_on=due_on,
                    priority=priority,
                    efficacy_criterion=template.efficacy_criterion,
                    efficacy_check_due_on=due_on + timedelta(days=rng.randint(30, 60)),
                    human_resources=rng.choice(("", "Équipe du processus", "Méthodes + maintenance")),
                    estimated_days=Decimal(rng.choice((1, 2, 3, 5, 8))) / 2,
                    estimated_cost=Decimal(rng.choice((0, 150, 400, 1200, 3500))) or None,
                )
            actions.append(action)
            self.counts.actions += 1
            self.progress_action(action, planned_on)
        self.maybe_close(nc, actions)

    def analyse(self, nc: Nonconformity, scenario: Scenario, analysed_on: date) -> list[RootCause]:
        """5 whys and/or Ishikawa for about a third of the records, a plain root cause otherwise."""
        rng = self.rng
        root_causes: list[RootCause] = []
        deep = (scenario.whys or scenario.ishikawa) and rng.random() < 0.5
        with self._step(analysed_on):
            if deep and scenario.whys and (not scenario.ishikawa or rng.random() < 0.7):
                nc_services.why_steps_set(user=self.user, nonconformity=nc, steps=list(scenario.whys))
                root_causes.append(nc_services.why_retain_last_answer(user=self.user, nonconformity=nc))
            if deep and scenario.ishikawa and (not root_causes or rng.random() < 0.5):
                for category, text, retained in scenario.ishikawa:
                    nc_services.ishikawa_cause_add(
                        user=self.user, nonconformity=nc, category=category, text=text, is_retained=retained
                    )
                root_causes.extend(
                    RootCause.objects.filter(nonconformity=nc, source=RootCauseSource.ISHIKAWA)
                )
            if root_causes:
                self.counts.analysed += 1
            else:
                root_causes.append(
                    nc_services.root_cause_add(
                        user=self.user,
                        nonconformity=nc,
                        description=scenario.root_cause,
                        source=RootCauseSource.OTHER,
                    )
                )
        return root_causes

    def eight_d(
        self, nc: Nonconformity, scenario: Scenario, analysed_on: date, root_causes: list[RootCause]
    ) -> None:
        with self._step(analysed_on):
            nc_services.eight_d_save(
                user=self.user,
                nonconformity=nc,
                d0_preparation="Réclamation enregistrée, accusé de réception envoyé au client sous 24 h.",
                d1_team=EIGHT_D_TEAM,
                d2_problem=nc.description_what,
                d3_containment=scenario.containment,
                d4_root_causes="\n".join(f"- {cause.description}" for cause in root_causes),
                d5_corrective_actions="\n".join(f"- {template.title}" for template in scenario.correctives),
                d6_implementation="Mise en œuvre suivie dans le plan d'actions ; validation par l'efficacité.",  # noqa: E501
                d7_prevention="Retour d'expérience partagé avec les îlots, pièces similaires ; AMDEC à jour.",
                d8_closure="Clôture après vérification de l'efficacité ; remerciements à l'équipe.",
            )
        self.counts.eight_d += 1

    # Actions ---------------------------------------------------------------------------------

    def _set_dates(self, record: Model, **dates: date | None) -> None:
        """Put back dates a service set to today, on the record and in its history rows."""
        for name, value in dates.items():
            setattr(record, name, value)
        type(record).objects.filter(pk=record.pk).update(**dates)
        history = type(record).history.model.objects.filter(id=record.pk)
        for name, value in dates.items():
            history.filter(**{name: self.today}).update(**{name: value})

    def progress_action(self, action: Action, created: date, *, containment: bool = False) -> None:
        """Move an action along its life up to today: started, done (or late), efficacy checked."""
        rng = self.rng
        user = self.user
        if rng.random() < 0.03:
            cancelled_on = self._later(created, 1, 10)
            if self._past(cancelled_on):
                with self._step(cancelled_on):
                    action_services.action_set_status(user=user, action=action, status=ActionStatus.CANCELLED)
                return
        started_on = self._later(created, 0, 5 if containment else 15)
        if not self._past(started_on):
            return
        with self._step(started_on):
            action_services.action_set_status(user=user, action=action, status=ActionStatus.IN_PROGRESS)
        self._set_dates(action, started_on=started_on)
        # Most actions finish around their due date; some slip and become overdue.
        slips = rng.random() < 0.1
        completed_on = self._working_day(action.due_on + timedelta(days=rng.randint(-12, 6)))
        if slips:
            # A slipped action is finished weeks late; only the recent ones are still overdue today.
            completed_on = self._working_day(action.due_on + timedelta(days=rng.randint(20, 60)))
            if not self._past(completed_on + timedelta(days=90)):
                return
        completed_on = max(completed_on, started_on)
        if not self._past(completed_on):
            return
        with self._step(completed_on):
            action_services.action_set_status(user=user, action=action, status=ActionStatus.DONE)
        self._set_dates(action, started_on=started_on, completed_on=completed_on)
        check_on = self._working_day(
            (action.efficacy_check_due_on or completed_on + timedelta(days=rng.randint(10, 30)))
            + timedelta(days=rng.randint(-5, 10))
        )
        check_on = max(check_on, completed_on)
        if not self._past(check_on):
            return
        effective = containment or rng.random() > 0.14
        if effective:
            with self._step(check_on):
                action_services.action_check_efficacy(
                    user=user,
                    action=action,
                    result=EfficacyResult.EFFECTIVE,
                    comment=rng.choice(
                        (
                            "Critère atteint, vérifié sur les enregistrements.",
                            "Aucune récurrence constatée sur la période.",
                            "Vérifié lors de l'audit de poste.",
                        )
                    ),
                    checked_on=check_on,
                )
            return
        follow_up = rng.choice((action_services.FOLLOW_UP_REOPEN, action_services.FOLLOW_UP_NEW_ACTION))
        with self._step(check_on):
            result = action_services.action_check_efficacy(
                user=user,
                action=action,
                result=EfficacyResult.NOT_EFFECTIVE,
                comment="Le défaut est réapparu après la mise en place de l'action.",
                checked_on=check_on,
                follow_up=follow_up,
            )
        if follow_up == action_services.FOLLOW_UP_REOPEN:
            # Reopened: the owner gets a new due date, the action starts its life again.
            with self._step(check_on):
                action_services.action_update(
                    user=user,
                    action=result,
                    due_on=self._later(check_on, 20, 40),
                    efficacy_check_due_on=self._later(check_on, 50, 80),
                )
            self._continue_reopened(result, check_on)
        else:
            self.counts.actions += 1
            with self._step(check_on):
                action_services.action_update(
                    user=user,
                    action=result,
                    efficacy_check_due_on=result.due_on + timedelta(days=rng.randint(30, 45)),
                )
            self.progress_action(result, check_on)

    def _continue_reopened(self, action: Action, reopened_on: date) -> None:
        rng = self.rng
        completed_on = self._working_day(action.due_on + timedelta(days=rng.randint(-10, 5)))
        if rng.random() < 0.15 or not self._past(completed_on):
            return
        with self._step(completed_on):
            action_services.action_set_status(user=self.user, action=action, status=ActionStatus.DONE)
        self._set_dates(action, completed_on=completed_on)
        check_on = self._working_day(action.efficacy_check_due_on or completed_on + timedelta(days=30))
        check_on = max(check_on, completed_on)
        if not self._past(check_on):
            return
        with self._step(check_on):
            action_services.action_check_efficacy(
                user=self.user,
                action=action,
                result=EfficacyResult.EFFECTIVE,
                comment="Efficace après reprise de l'action.",
                checked_on=check_on,
            )

    def maybe_close(self, nc: Nonconformity, actions: list[Action]) -> None:
        """Close the record when the rule allows it, a few days after the last efficacy check."""
        nc.refresh_from_db()
        if nc_services.closure_blockers(nc):
            return
        last_check = Action.objects.filter(
            origin_object_id=nc.pk, origin_content_type__model="nonconformity"
        ).aggregate(last=Max("efficacy_checked_on"))["last"]
        closed_on = self._later(last_check or nc.detected_on, 1, 10)
        if not self._past(closed_on):
            return
        with self._step(closed_on):
            nc_services.nonconformity_close(
                user=self.user,
                nonconformity=nc,
                comment="Toutes les actions sont réalisées et jugées efficaces.",
            )
        self._set_dates(nc, closed_on=closed_on)
        self.counts.closed += 1

    def standalone_actions(self) -> None:
        """Improvement and preventive actions from process reviews, spread over the two years."""
        rng = self.rng
        span = (self.today - HISTORY_START).days
        for round_number in range(2):
            for action_type, process_code, title, owner in STANDALONE_ACTIONS:
                created = self._working_day(HISTORY_START + timedelta(days=rng.randint(0, max(span - 5, 1))))
                if not self._past(created):
                    continue
                process = self.processes[process_code]
                site = self.org.sites[company.MOULINS if "Moulins" in title else company.MONTLUCON]
                due_on = self._later(created, 30, 120)
                with self._step(created):
                    action = action_services.action_create(
                        user=self.user,
                        title=title if round_number == 0 else f"{title} ({created.year})",
                        owner=self.people[owner],
                        due_on=due_on,
                        type=action_type,
                        process=process,
                        site=site,
                        description=f"Action décidée en revue du processus {process.code}.",
                        efficacy_criterion="Objectif de la revue de processus atteint",
                        efficacy_check_due_on=due_on + timedelta(days=rng.randint(30, 60)),
                    )
                self.counts.actions += 1
                self.progress_action(action, created)
        self.main_user_current_actions()

    def main_user_current_actions(self) -> None:
        """The QSSE manager's own work in hand, so that "My actions" shows today's workload."""
        for offset, (action_type, process_code, title, due_in, status) in enumerate(
            MAIN_USER_CURRENT_ACTIONS
        ):
            created = self._working_day(self.today - timedelta(days=30 + 7 * offset))
            with self._step(created):
                action = action_services.action_create(
                    user=self.user,
                    title=title,
                    owner=self.people["qsse_manager"],
                    due_on=self.today + timedelta(days=due_in),
                    type=action_type,
                    process=self.processes[process_code],
                    site=self.org.sites[company.MONTLUCON],
                    description="Action du plan QSSE de l'année en cours.",
                    efficacy_criterion="Résultat vérifié en revue de direction",
                    efficacy_check_due_on=self.today + timedelta(days=due_in + 45),
                )
            self.counts.actions += 1
            if status != ActionStatus.PLANNED:
                with self._step(created):
                    action_services.action_set_status(user=self.user, action=action, status=status)
                self._set_dates(action, started_on=created)


MAIN_USER_CURRENT_ACTIONS = [
    ("preventive", "SUP-05", "Préparer l'audit de certification ISO 45001", -4, ActionStatus.IN_PROGRESS),
    (
        "improvement",
        "MAN-02",
        "Consolider les indicateurs QSSE pour la revue de direction",
        6,
        ActionStatus.IN_PROGRESS,
    ),
    (
        "corrective",
        "MAN-02",
        "Former les pilotes de processus à l'analyse des causes (8D)",
        12,
        ActionStatus.PLANNED,
    ),
    (
        "improvement",
        "SUP-05",
        "Mettre à jour l'analyse environnementale du site de Montluçon",
        26,
        ActionStatus.PLANNED,
    ),
    ("preventive", "MAN-01", "Présenter le bilan QSSE annuel au CSE", 40, ActionStatus.PLANNED),
]


# --- Fix-ups after generation ------------------------------------------------------------------


def restore_creation_dates() -> None:
    """Creation and update timestamps from the (backdated) history rows.

    A service saving an instance read before a step was backdated writes its stale ``created_at``
    back; the history rows are never re-saved, so they hold the true simulated dates.
    """
    for model in (Nonconformity, Action, EightDReport):
        history = model.history.model.objects.filter(id=OuterRef("pk"))
        model.objects.update(
            created_at=Subquery(
                history.filter(history_type="+").order_by("history_id").values("history_date")[:1]
            ),
            updated_at=Subquery(history.order_by("-history_id").values("history_date")[:1]),
        )


_ACTION_REFERENCE = re.compile(r"ACT-\d{4}-\d{4,}")


def renumber_actions() -> int:
    """Number actions with the year they were created in (the service uses the current year).

    Also rewrites the references quoted in history rows, business events and notifications, and
    sets the ``ACT`` counters so that the next action created in the application follows on.
    Returns the number of references changed.
    """
    actions = list(Action.objects.order_by("created_at", "pk").only("pk", "reference", "created_at"))
    numbers: dict[int, int] = defaultdict(int)
    mapping: dict[str, str] = {}
    for action in actions:
        year = timezone.localtime(action.created_at).year
        numbers[year] += 1
        new = f"ACT-{year}-{numbers[year]:04d}"
        if new != action.reference:
            mapping[action.reference] = new
    if not mapping:
        return 0
    by_reference = {action.reference: action for action in actions}
    # Two passes so that no intermediate value collides with the unique constraint.
    for old in mapping:
        by_reference[old].reference = f"TMP-{by_reference[old].pk}"
    Action.objects.bulk_update([by_reference[old] for old in mapping], ["reference"], batch_size=500)
    for old, new in mapping.items():
        by_reference[old].reference = new
    Action.objects.bulk_update([by_reference[old] for old in mapping], ["reference"], batch_size=500)
    history = Action.history.model
    for old, new in mapping.items():
        history.objects.filter(id=by_reference[old].pk).update(reference=new)

    def rewrite(text: str) -> str:
        return _ACTION_REFERENCE.sub(lambda match: mapping.get(match.group(0), match.group(0)), text)

    events = list(BusinessEvent.objects.filter(detail__contains="ACT-"))
    for event in events:
        event.detail = rewrite(event.detail)
    BusinessEvent.objects.bulk_update(events, ["detail"], batch_size=500)
    notifications = list(Notification.objects.filter(subject__contains="ACT-"))
    for notification in notifications:
        notification.subject = rewrite(notification.subject)
    Notification.objects.bulk_update(notifications, ["subject"], batch_size=500)
    ReferenceCounter.objects.filter(prefix="ACT").delete()
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(prefix="ACT", year=year, last_number=last) for year, last in numbers.items()]
    )
    return len(mapping)


@dataclass
class DemoSummary:
    organisation: Organisation
    processes: int
    interactions: int
    counts: Counts
    modules: dict[str, int] = field(default_factory=dict)


def seed_modules(*, org: Organisation, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """The steering modules' demo records, seeded after the NCs and actions they refer to."""
    from qsse.duer.demo import seed_duer

    from .accidents import link_accidents_to_duer, seed_accidents
    from .analysis import seed_analysis
    from .audits import seed_audits
    from .compliance import seed_compliance
    from .context import seed_context
    from .documents import seed_documents
    from .energy import seed_energy
    from .environment import seed_environment
    from .fmea import seed_fmea
    from .haccp import seed_haccp
    from .hazop import seed_hazop
    from .icpe import seed_icpe
    from .indicators import seed_indicators
    from .industrialrisks import seed_industrialrisks
    from .inspections import seed_inspections
    from .retention import seed_retention
    from .reviews import seed_reviews
    from .surveillance import seed_surveillance
    from .waste import seed_waste

    counts: dict[str, int] = {}
    # Reviews come last: they collect what the other modules hold.
    for seed in (
        seed_context,
        seed_indicators,
        seed_analysis,
        seed_fmea,
        seed_haccp,
        seed_hazop,
        seed_surveillance,
        seed_audits,
        seed_compliance,
        seed_inspections,
        seed_icpe,
        seed_accidents,
        seed_duer,
        link_accidents_to_duer,
        seed_waste,
        seed_environment,
        seed_industrialrisks,
        seed_retention,
        seed_documents,
        seed_energy,
        seed_reviews,
    ):
        counts.update(seed(org=org, user=user, processes=processes, today=today))
    return counts


def seed_demo(*, today: date | None = None) -> DemoSummary | None:
    """Create the demo organisation and its history; None (and nothing written) when it exists already."""
    if demo_organization() is not None:
        return None
    today = today or timezone.localdate()
    # Demo accounts have e-mail addresses: the notifications of the seeding are not mailed.
    with (
        override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}),
        transaction.atomic(),
    ):
        org = build_organisation()
        user = org.people["qsse_manager"].user
        clock = Backdater()
        with clock.on(at(HISTORY_START - timedelta(days=30)), user):
            processes = build_process_map(user=user, people=org.people)
        counts = RecordGenerator(user=user, org=org, processes=processes, today=today).run()
        restore_creation_dates()
        renumber_actions()
        extra = seed_modules(org=org, user=user, processes=processes, today=today)
        Notification.objects.filter(created_at__lt=at(today - timedelta(days=30))).update(is_read=True)
        interactions = sum(process.outgoing_interactions.count() for process in processes.values())
    return DemoSummary(org, len(processes), interactions, counts, extra)

"""The permission matrix of non-conformities and actions.

Every role × operation (view, create, edit, close, delete) × channel (the pages, the API) × record
(``own``: one the user is responsible for; ``other``: someone else's on the user's site;
``other_site``: one of a site outside the user's scope, on which the user is nevertheless named
responsible, so that the site check is seen to win over "own") is checked against ``EXPECTED``,
written out by hand from ``DEFAULT_GRANTS`` in ``qsse/core/permissions.py``:

- ``OK``: the operation is done, and the change is read back from the database;
- ``DENIED``: 403, and nothing changed (every row of both tables, their history and the business
  events are the same before and after);
- ``HIDDEN``: 404 for any operation on a record outside the user's sites, pages and API alike,
  even for a role that lacks the operation altogether: such a record does not exist for the user;
- ``NO_SITE``: creating on a site outside the user's scope: that site is not a valid choice (the
  form and the serializer offer only the user's sites), so the page answers the form again (200)
  with the message under "site", the API answers 400 on ``site``, and nothing is saved.

For "create", ``own`` names the user in charge of the new record, ``other`` a colleague of the same
site, ``other_site`` puts the record on the other site. Closing an action is its efficacy check.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qsse.actions import services as action_services
from qsse.actions.choices import ActionStatus, EfficacyResult
from qsse.actions.forms import ActionForm
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent
from qsse.nonconformities import services as nc_services
from qsse.nonconformities.choices import NonconformityStatus, RootCauseSource
from qsse.nonconformities.forms import NonconformityForm
from qsse.nonconformities.models import Nonconformity
from qsse.processes import services as process_services
from qsse.processes.choices import ProcessKind

pytestmark = pytest.mark.django_db

OK, DENIED, HIDDEN, NO_SITE = "ok", "403", "404", "no_site"
OPERATIONS = ("view", "create", "edit", "close", "delete")
WHOSE = ("own", "other", "other_site")

# role → operation → outcome for (own, other, other_site). Non-conformities and actions follow the
# same policy (both use DEFAULT_GRANTS; "own" = owner, detector or process owner of the record).
EXPECTED: dict[str, dict[str, tuple[str, str, str]]] = {
    Role.ADMINISTRATOR: {
        "view": (OK, OK, HIDDEN),
        "create": (OK, OK, NO_SITE),
        "edit": (OK, OK, HIDDEN),
        "close": (OK, OK, HIDDEN),
        "delete": (OK, OK, HIDDEN),
    },
    Role.QSSE_MANAGER: {
        "view": (OK, OK, HIDDEN),
        "create": (OK, OK, NO_SITE),
        "edit": (OK, OK, HIDDEN),
        "close": (OK, OK, HIDDEN),
        "delete": (OK, OK, HIDDEN),
    },
    Role.PROCESS_OWNER: {
        "view": (OK, OK, HIDDEN),
        "create": (OK, OK, NO_SITE),
        "edit": (OK, OK, HIDDEN),
        "close": (OK, DENIED, HIDDEN),
        "delete": (DENIED, DENIED, HIDDEN),
    },
    Role.AUDITOR: {
        "view": (OK, OK, HIDDEN),
        "create": (OK, OK, NO_SITE),
        "edit": (OK, DENIED, HIDDEN),
        "close": (DENIED, DENIED, HIDDEN),
        "delete": (DENIED, DENIED, HIDDEN),
    },
    Role.CONTRIBUTOR: {
        "view": (OK, OK, HIDDEN),
        "create": (OK, OK, NO_SITE),
        "edit": (OK, DENIED, HIDDEN),
        "close": (DENIED, DENIED, HIDDEN),
        "delete": (DENIED, DENIED, HIDDEN),
    },
    Role.READER: {
        "view": (OK, OK, HIDDEN),
        # The role lacks "create": refused before the site is even read.
        "create": (DENIED, DENIED, DENIED),
        "edit": (DENIED, DENIED, HIDDEN),
        "close": (DENIED, DENIED, HIDDEN),
        "delete": (DENIED, DENIED, HIDDEN),
    },
}

# How the user is made responsible for the "own" record (and the other site's one): each form of
# responsibility the policy knows is used by some role. Actions have no detector: their owner then.
RESPONSIBLE_AS = {
    Role.ADMINISTRATOR: "owner",
    Role.QSSE_MANAGER: "owner",
    Role.PROCESS_OWNER: "process_owner",
    Role.AUDITOR: "detector",
    Role.CONTRIBUTOR: "detector",
    Role.READER: "owner",
}

NC_API = "/api/v1/nonconformities/"
ACTION_API = "/api/v1/actions/"
NEW_TITLE = "Title set by the permission matrix"


def _cases():
    for role in Role:
        for operation in OPERATIONS:
            for index, whose in enumerate(WHOSE):
                for kind in ("nonconformity", "action"):
                    for channel in ("ui", "api"):
                        expected = EXPECTED[role][operation][index]
                        yield pytest.param(
                            role,
                            operation,
                            whose,
                            kind,
                            channel,
                            expected,
                            id=f"{role}-{operation}-{whose}-{kind}-{channel}-{expected}",
                        )


def test_the_table_covers_every_role_and_operation():
    assert set(EXPECTED) == set(Role.values)
    assert all(set(row) == set(OPERATIONS) for row in EXPECTED.values())


# --- Data, built through the real services -------------------------------------------------------


def _today():
    return timezone.localdate()


@pytest.fixture
def people(member, site_a, site_b):
    """The builder (a QSSE manager of every site) and a colleague of the user on site A."""
    return {
        "builder": member(Role.QSSE_MANAGER, all_sites=True, username="builder"),
        "colleague": member(Role.CONTRIBUTOR, site=site_a, username="colleague"),
    }


def _responsibility(role, whose, kind, user_person, colleague, process):
    """The fields that make the record the user's (``own``, ``other_site``) or a colleague's."""
    if whose == "other":
        return {"owner": colleague}
    how = RESPONSIBLE_AS[role]
    if how == "process_owner":
        return {"process": process, "owner": None if kind == "nonconformity" else colleague}
    if how == "detector" and kind == "nonconformity":
        return {"detected_by": user_person, "owner": None}
    return {"owner": user_person}


def _build_nc(builder, *, site, closable: bool, **responsibility) -> Nonconformity:
    nc = nc_services.nonconformity_create(
        user=builder.user,
        kind="nonconformity",
        title="Burr on bore Ø12",
        site=site,
        detected_on=_today() - timedelta(days=3),
        **responsibility,
    )
    if closable:
        root_cause = nc_services.root_cause_add(
            user=builder.user,
            nonconformity=nc,
            description="Worn deburring tool",
            source=RootCauseSource.OTHER,
        )
        action = nc_services.root_cause_create_action(
            user=builder.user,
            root_cause=root_cause,
            title="Replace the tool every 500 parts",
            owner=builder,
            due_on=_today() + timedelta(days=10),
        )
        _make_done(builder, action)
        action_services.action_check_efficacy(
            user=builder.user, action=action, result=EfficacyResult.EFFECTIVE
        )
    return Nonconformity.objects.get(pk=nc.pk)


def _make_done(builder, action: Action) -> Action:
    action_services.action_set_status(user=builder.user, action=action, status=ActionStatus.IN_PROGRESS)
    return action_services.action_set_status(user=builder.user, action=action, status=ActionStatus.DONE)


def _build_action(builder, *, site, done: bool, **responsibility) -> Action:
    action = action_services.action_create(
        user=builder.user,
        title="Deburr the shaft ends",
        due_on=_today() + timedelta(days=10),
        site=site,
        **responsibility,
    )
    if done:
        _make_done(builder, action)
    return Action.objects.get(pk=action.pk)


def _snapshot():
    """Every row of both tables, their history and the business events."""
    return {
        "nonconformity": list(Nonconformity.objects.order_by("pk").values()),
        "nonconformity_history": Nonconformity.history.count(),
        "action": list(Action.objects.order_by("pk").values()),
        "action_history": Action.history.count(),
        "events": BusinessEvent.objects.count(),
    }


def _form_data(form_class, instance, **overrides):
    """What the edit page posts back: the current values of the form's fields, ``overrides`` applied."""
    form = form_class(instance=instance, user=AnonymousUser())
    data = {}
    for name, value in model_to_dict(instance, fields=list(form.fields)).items():
        data[name] = "" if value is None else value
    for name in getattr(form_class, "edit_only_fields", ()):
        value = getattr(instance, name)
        data[name] = "" if value is None else value
    data.update(overrides)
    return data


# --- Operations, one per channel -------------------------------------------------------------------


class Operations:
    """Runs one operation through one channel; returns the response."""

    def __init__(self, user, channel: str):
        self.channel = channel
        if channel == "ui":
            self.client = Client()
            self.client.force_login(user)
        else:
            self.client = APIClient()
            self.client.force_authenticate(user)

    # Non-conformities.

    def nonconformity_view(self, nc):
        if self.channel == "ui":
            return self.client.get(reverse("nonconformities:nonconformity_detail", args=[nc.pk]))
        return self.client.get(f"{NC_API}{nc.pk}/")

    def nonconformity_create(self, *, site, owner):
        values = {
            "kind": "nonconformity",
            "title": NEW_TITLE,
            "origin": "internal",
            "category": "product",
            "severity": 1,
            "site": site.pk,
            "owner": owner.pk,
            "detected_on": (_today() - timedelta(days=1)).isoformat(),
        }
        if self.channel == "ui":
            return self.client.post(reverse("nonconformities:nonconformity_create"), values)
        return self.client.post(NC_API, values, format="json")

    def nonconformity_edit(self, nc):
        if self.channel == "ui":
            data = _form_data(NonconformityForm, nc, title=NEW_TITLE)
            return self.client.post(reverse("nonconformities:nonconformity_edit", args=[nc.pk]), data)
        return self.client.patch(f"{NC_API}{nc.pk}/", {"title": NEW_TITLE}, format="json")

    def nonconformity_close(self, nc):
        if self.channel == "ui":
            return self.client.post(
                reverse("nonconformities:nonconformity_close", args=[nc.pk]), {"comment": "Effective"}
            )
        return self.client.post(f"{NC_API}{nc.pk}/close/", {"comment": "Effective"}, format="json")

    def nonconformity_delete(self, nc):
        if self.channel == "ui":
            return self.client.post(reverse("nonconformities:nonconformity_delete", args=[nc.pk]))
        return self.client.delete(f"{NC_API}{nc.pk}/")

    # Actions.

    def action_view(self, action):
        if self.channel == "ui":
            return self.client.get(reverse("actions:action_detail", args=[action.pk]))
        return self.client.get(f"{ACTION_API}{action.pk}/")

    def action_create(self, *, site, owner):
        values = {
            "title": NEW_TITLE,
            "type": "corrective",
            "priority": 2,
            "owner": owner.pk,
            "site": site.pk,
            "due_on": (_today() + timedelta(days=20)).isoformat(),
        }
        if self.channel == "ui":
            return self.client.post(reverse("actions:action_create"), values)
        return self.client.post(ACTION_API, values, format="json")

    def action_edit(self, action):
        if self.channel == "ui":
            data = _form_data(ActionForm, action, title=NEW_TITLE)
            return self.client.post(reverse("actions:action_edit", args=[action.pk]), data)
        return self.client.patch(f"{ACTION_API}{action.pk}/", {"title": NEW_TITLE}, format="json")

    def action_close(self, action):
        values = {"result": EfficacyResult.EFFECTIVE, "checked_on": _today().isoformat()}
        if self.channel == "ui":
            return self.client.post(reverse("actions:action_efficacy", args=[action.pk]), values)
        return self.client.post(f"{ACTION_API}{action.pk}/check-efficacy/", values, format="json")

    def action_delete(self, action):
        if self.channel == "ui":
            return self.client.post(reverse("actions:action_delete", args=[action.pk]))
        return self.client.delete(f"{ACTION_API}{action.pk}/")


# What an allowed operation answers, by channel.
SUCCESS_STATUS = {
    ("ui", "view"): 200,
    ("ui", "create"): 302,
    ("ui", "edit"): 302,
    ("ui", "close"): 302,
    ("ui", "delete"): 302,
    ("api", "view"): 200,
    ("api", "create"): 201,
    ("api", "edit"): 200,
    ("api", "close"): 200,
    ("api", "delete"): 204,
}


def _assert_done(kind, operation, channel, response, record, *, user, owner, before):
    """The allowed operation really happened."""
    model = Nonconformity if kind == "nonconformity" else Action
    assert response.status_code == SUCCESS_STATUS[(channel, operation)], response.content[:500]
    if operation == "view":
        body = response.content.decode()
        assert record.reference in body and record.title in body
    elif operation == "create":
        created = model.objects.get(title=NEW_TITLE)
        assert created.owner_id == owner.pk
        assert created.created_by_id == user.pk
        if channel == "ui":
            assert response["Location"] == created.get_absolute_url()
    elif operation == "edit":
        assert model.objects.get(pk=record.pk).title == NEW_TITLE
        assert model.history.count() == before[f"{kind}_history"] + 1
    elif operation == "close":
        refreshed = model.objects.get(pk=record.pk)
        if kind == "nonconformity":
            assert refreshed.status == NonconformityStatus.CLOSED
            assert refreshed.closed_by_id == user.pk
            assert refreshed.closed_on == _today()
        else:
            assert refreshed.status == ActionStatus.CHECKED
            assert refreshed.efficacy_result == EfficacyResult.EFFECTIVE
            assert refreshed.efficacy_checked_by_id == user.person.pk
    elif operation == "delete":
        assert not model.objects.filter(pk=record.pk).exists()
        assert model.history.filter(id=record.pk, history_type="-").count() == 1
        if channel == "ui":
            list_name = (
                "nonconformities:nonconformity_list" if kind == "nonconformity" else "actions:action_list"
            )
            assert response["Location"] == reverse(list_name)


@pytest.mark.parametrize(("role", "operation", "whose", "kind", "channel", "expected"), list(_cases()))
def test_permission_matrix(role, operation, whose, kind, channel, expected, member, people, site_a, site_b):
    user_person = member(role, site=site_a, username="matrix-user")
    user = user_person.user
    builder, colleague = people["builder"], people["colleague"]
    site = site_b if whose == "other_site" else site_a
    owner = colleague if whose == "other" else user_person

    record = None
    if operation != "create":
        process = None
        if RESPONSIBLE_AS[role] == "process_owner":
            process = process_services.process_create(
                user=builder.user,
                code="PR-MACH",
                name="Machining",
                kind=ProcessKind.REALISATION,
                owner=user_person,
            )
        responsibility = _responsibility(role, whose, kind, user_person, colleague, process)
        if kind == "nonconformity":
            record = _build_nc(builder, site=site, closable=operation == "close", **responsibility)
        else:
            record = _build_action(builder, site=site, done=operation == "close", **responsibility)
        if whose == "other":
            assert user_person.pk not in record.responsible_person_ids()
        else:
            assert user_person.pk in record.responsible_person_ids()

    before = _snapshot()
    operations = Operations(user, channel)
    run = getattr(operations, f"{kind}_{operation}")
    response = run(site=site, owner=owner) if operation == "create" else run(record)

    if expected == OK:
        _assert_done(kind, operation, channel, response, record, user=user, owner=owner, before=before)
        return
    if expected == NO_SITE:
        if channel == "ui":
            assert response.status_code == 200
            assert list(response.context["form"].errors) == ["site"]
        else:
            assert response.status_code == 400
            assert list(response.json()) == ["site"]
    else:
        assert response.status_code == int(expected), response.content[:500]
    assert _snapshot() == before


# --- Beyond the matrix: what a visible record shows of records the user may not see ---------------


@pytest.mark.parametrize("channel", ["ui", "api"])
def test_a_visible_record_does_not_reveal_the_actions_of_another_site(
    channel, member, people, site_a, site_b
):
    """A record moved to site B keeps its corrective action of site A: a user of site B sees the
    record and its root cause, not the action (page and API alike); the closing rule still counts it."""
    builder = people["builder"]
    nc = _build_nc(builder, site=site_a, closable=False, owner=None)
    root_cause = nc_services.root_cause_add(
        user=builder.user, nonconformity=nc, description="Worn deburring tool", source=RootCauseSource.OTHER
    )
    hidden = nc_services.root_cause_create_action(
        user=builder.user,
        root_cause=root_cause,
        title="Montluçon-only corrective action",
        owner=builder,
        due_on=_today() + timedelta(days=10),
    )
    nc_services.nonconformity_update(user=builder.user, nonconformity=nc, site=site_b)
    reader = member(Role.READER, site=site_b, username="moulins-reader")

    response = Operations(reader.user, channel).nonconformity_view(nc)

    assert response.status_code == 200
    if channel == "api":
        root_causes = response.json()["root_causes"]
        assert [(rc["description"], rc["actions"]) for rc in root_causes] == [("Worn deburring tool", [])]
    else:
        html = response.content.decode()
        section = html[html.index('id="root-causes"') :]
        section = section[: section.index("</section>")]
        assert "Worn deburring tool" in section
        assert hidden.reference not in section and hidden.title not in section
        # The record's own history still tells that an action was created (its audit trail).
        assert response.context["closure_blockers"] == ["1 action n’est pas encore réalisée."]

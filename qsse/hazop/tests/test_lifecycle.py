"""Life cycle of a HAZOP study (completed once every deviation is rated or justified, then archived)
and of a deviation (closed once its action is done, or with a justification): services, pages, API."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.actions import services as action_services
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent
from qsse.hazop import services
from qsse.hazop.models import Deviation, HazopStudy

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


@pytest.fixture
def worksheet(manager, site_a):
    """A study of a solvent tank with two deviations on the level: "Pas de niveau", "Plus de niveau"."""
    study = services.study_create(
        user=manager.user, title="HAZOP cuve", installation="Cuve de solvant T-101", site=site_a
    )
    node = services.node_add(user=manager.user, study=study, name="Cuve T-101", parameters=["level"])
    no_level, more_level = services.deviations_generate(
        user=manager.user, node=node, parameters=["level"], guide_words=["no", "more"]
    )
    return study, node, no_level, more_level


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_study_completes_only_when_every_deviation_is_rated_or_justified(manager, worksheet):
    study, node, no_level, more_level = worksheet
    with pytest.raises(ValidationError) as error:
        services.study_complete(user=manager.user, study=study, today=TODAY)
    assert _messages(error.value) == (
        "2 dérives ne sont ni cotées ni justifiées : l’étude ne peut pas être terminée."
    )
    services.deviation_update(user=manager.user, deviation=more_level, likelihood=2, severity=3)
    with pytest.raises(ValidationError) as error:
        services.study_complete(user=manager.user, study=study, today=TODAY)
    assert _messages(error.value) == (
        "1 dérive n’est ni cotée ni justifiée : l’étude ne peut pas être terminée."
    )
    services.deviation_update(
        user=manager.user, deviation=no_level, justification="Alimentation gravitaire : pas de pompe"
    )
    study = services.study_complete(user=manager.user, study=study, today=TODAY)
    study.refresh_from_db()
    assert (study.status, study.completed_on) == ("completed", TODAY)
    assert BusinessEvent.objects.filter(object_id=study.pk, verb="HAZOP study completed").count() == 1
    assert study.history.first().status == "completed"

    # Completed: the worksheet no longer grows, and a rated deviation stays rated or justified.
    with pytest.raises(ValidationError) as error:
        services.node_add(user=manager.user, study=study, name="Pompe P-102")
    assert _messages(error.value) == (
        "Cette étude HAZOP est terminée : rouvrez-la pour modifier ses nœuds ou ses dérives."
    )
    with pytest.raises(ValidationError):
        services.deviations_generate(user=manager.user, node=node, parameters=["level"], guide_words=["less"])
    with pytest.raises(ValidationError):
        services.deviation_update(user=manager.user, deviation=more_level, likelihood=None, severity=None)
    more_level.refresh_from_db()
    assert (more_level.likelihood, more_level.severity) == (2, 3)
    # The analysis itself may still be completed (recommendation, safeguards).
    services.deviation_update(user=manager.user, deviation=more_level, safeguards="LSH-101 avec alarme")

    study = services.study_reopen(user=manager.user, study=study)
    assert (study.status, study.completed_on) == ("draft", None)
    services.study_complete(user=manager.user, study=study, today=TODAY)
    study = services.study_archive(user=manager.user, study=study, today=date(2026, 12, 4))
    assert (study.status, study.archived_on) == ("archived", date(2026, 12, 4))
    with pytest.raises(ValidationError) as error:
        services.deviation_update(user=manager.user, deviation=more_level, causes="x")
    assert _messages(error.value) == "Cette étude HAZOP est archivée : elle ne peut plus être modifiée."
    with pytest.raises(ValidationError):
        services.study_reopen(user=manager.user, study=study)


def test_empty_or_draft_study_rules(manager, site_a):
    study = services.study_create(user=manager.user, title="Vide", installation="Rien", site=site_a)
    with pytest.raises(ValidationError) as error:
        services.study_complete(user=manager.user, study=study)
    assert _messages(error.value) == "L’étude n’a encore aucune dérive : elle ne peut pas être terminée."
    with pytest.raises(ValidationError) as error:
        services.study_archive(user=manager.user, study=study)
    assert _messages(error.value) == "Seule une étude terminée peut être archivée."
    assert HazopStudy.objects.get(pk=study.pk).status == "draft"


def test_deviation_closes_when_its_action_is_done_or_with_a_justification(manager, worksheet):
    study, node, no_level, more_level = worksheet
    more_level = services.deviation_update(
        user=manager.user,
        deviation=more_level,
        causes="Vanne de remplissage bloquée ouverte",
        consequences="Débordement de solvant",
        likelihood=3,
        severity=4,
        recommendation="Ajouter un LSHH coupant l’alimentation",
    )
    more_level = services.deviation_create_action(
        user=manager.user, deviation=more_level, owner=manager, due_on=date(2027, 1, 31)
    )
    action = more_level.action
    with pytest.raises(ValidationError) as error:
        services.deviation_close(user=manager.user, deviation=more_level, justification="Pressé")
    assert _messages(error.value) == (
        f"L’action {action.reference} n’est pas encore réalisée : la dérive reste ouverte."
    )
    action_services.action_set_status(user=manager.user, action=action, status="done")
    more_level.refresh_from_db()
    closed = services.deviation_close(user=manager.user, deviation=more_level, today=TODAY)
    assert (closed.status, closed.closed_on, closed.justification) == ("closed", TODAY, "")
    assert closed.history.first().status == "closed"
    assert BusinessEvent.objects.filter(object_id=study.pk, verb="Deviation closed").count() == 1
    with pytest.raises(ValidationError) as error:
        services.deviation_close(user=manager.user, deviation=closed)
    assert _messages(error.value) == "Cette dérive est déjà clôturée."
    with pytest.raises(ValidationError):
        services.deviation_update(user=manager.user, deviation=closed, causes="autre")

    # Without an action, a justification is required.
    with pytest.raises(ValidationError) as error:
        services.deviation_close(user=manager.user, deviation=no_level)
    assert error.value.message_dict["justification"] == [
        "Aucune action n’a été engagée pour cette dérive : justifiez sa clôture "
        "(par exemple, les barrières existantes suffisent)."
    ]
    closed = services.deviation_close(
        user=manager.user, deviation=no_level, justification="Alimentation gravitaire", today=TODAY
    )
    assert (closed.status, closed.justification) == ("closed", "Alimentation gravitaire")


def test_deviation_with_a_cancelled_action_closes_only_with_a_justification(manager, worksheet):
    study, node, no_level, more_level = worksheet
    services.deviation_update(
        user=manager.user, deviation=no_level, recommendation="Contrôler le niveau chaque poste"
    )
    no_level = services.deviation_create_action(
        user=manager.user, deviation=no_level, owner=manager, due_on=date(2027, 1, 31)
    )
    action_services.action_set_status(user=manager.user, action=no_level.action, status="cancelled")
    no_level.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.deviation_close(user=manager.user, deviation=no_level)
    assert error.value.message_dict["justification"] == [
        f"L’action {no_level.action.reference} a été annulée : justifiez la clôture."
    ]
    closed = services.deviation_close(
        user=manager.user, deviation=no_level, justification="Remplacée par une mesure en continu"
    )
    assert closed.status == "closed"


def test_reader_and_contributor_cannot_move_the_life_cycle(member, manager, worksheet, site_a):
    study, node, no_level, more_level = worksheet
    reader = member(Role.READER, site=site_a)
    contributor = member(Role.CONTRIBUTOR, site=site_a)
    services.deviation_update(user=manager.user, deviation=no_level, justification="Sans objet")
    for user in (reader.user, contributor.user):
        with pytest.raises(PermissionDenied):
            services.study_complete(user=user, study=study)
        with pytest.raises(PermissionDenied):
            services.deviation_close(user=user, deviation=no_level)
    services.deviation_update(user=manager.user, deviation=more_level, likelihood=1, severity=1)
    services.study_complete(user=manager.user, study=study)
    for user in (reader.user, contributor.user):
        with pytest.raises(PermissionDenied):
            services.study_archive(user=user, study=study)
        with pytest.raises(PermissionDenied):
            services.study_reopen(user=user, study=study)
    assert HazopStudy.objects.get(pk=study.pk).status == "completed"


def test_pages(client, member, manager, worksheet, site_a):
    study, node, no_level, more_level = worksheet
    client.force_login(manager.user)
    page = client.get(reverse("hazop:study_detail", args=[study.pk])).content.decode()
    assert "Terminer l’étude" in page and "Archiver l’étude" not in page
    response = client.post(reverse("hazop:study_complete", args=[study.pk]), follow=True)
    assert "2 dérives ne sont ni cotées ni justifiées" in response.content.decode()
    services.deviation_update(user=manager.user, deviation=no_level, likelihood=1, severity=2)
    services.deviation_update(user=manager.user, deviation=more_level, likelihood=2, severity=2)
    response = client.post(reverse("hazop:study_complete", args=[study.pk]), follow=True)
    page = response.content.decode()
    assert "L’étude HAZOP est terminée." in page and "Archiver l’étude" in page
    assert "Ajouter le nœud" not in page  # the worksheet is frozen once completed
    row = client.get(reverse("hazop:deviation_row", args=[no_level.pk]), {"edit": 1}).content.decode()
    assert "Clôturer la dérive" in row
    response = client.post(
        reverse("hazop:deviation_close", args=[no_level.pk]),
        {"justification": "Niveau bas sans conséquence"},
        follow=True,
    )
    assert "La dérive « Pas de niveau » est clôturée." in response.content.decode()
    assert Deviation.objects.get(pk=no_level.pk).status == "closed"

    reader = member(Role.READER, site=site_a)
    client.force_login(reader.user)
    page = client.get(reverse("hazop:study_detail", args=[study.pk])).content.decode()
    assert "Archiver l’étude" not in page
    assert client.post(reverse("hazop:study_archive", args=[study.pk])).status_code == 403
    assert client.post(reverse("hazop:deviation_close", args=[more_level.pk])).status_code == 403
    client.force_login(manager.user)
    client.post(reverse("hazop:study_archive", args=[study.pk]))
    assert HazopStudy.objects.get(pk=study.pk).status == "archived"


def test_api(member, manager, worksheet, site_a):
    study, node, no_level, more_level = worksheet
    api = APIClient()
    api.force_authenticate(manager.user)
    reader = APIClient()
    reader.force_authenticate(member(Role.READER, site=site_a).user)

    # Study update.
    assert (
        reader.patch(f"/api/v1/hazop/studies/{study.pk}/", {"title": "x"}, format="json").status_code == 403
    )
    updated = api.patch(f"/api/v1/hazop/studies/{study.pk}/", {"title": "HAZOP cuve T-101"}, format="json")
    assert updated.status_code == 200 and updated.data["title"] == "HAZOP cuve T-101"

    # Raising the action from the recommendation.
    api.patch(
        f"/api/v1/hazop/deviations/{more_level.pk}/",
        {"likelihood": 3, "severity": 4, "recommendation": "Ajouter un LSHH"},
        format="json",
    )
    body = {"owner": manager.pk, "due_on": "2027-01-31"}
    assert (
        reader.post(f"/api/v1/hazop/deviations/{more_level.pk}/action/", body, format="json").status_code
        == 403
    )
    raised = api.post(f"/api/v1/hazop/deviations/{more_level.pk}/action/", body, format="json")
    assert raised.status_code == 201 and raised.data["status"] == "action"
    assert raised.data["action_reference"].startswith("ACT-")

    # Closing a deviation.
    url = f"/api/v1/hazop/deviations/{no_level.pk}/close/"
    assert reader.post(url, {"justification": "x"}, format="json").status_code == 403
    refused = api.post(url, {}, format="json")
    assert refused.status_code == 400 and "justification" in refused.data
    closed = api.post(url, {"justification": "Alimentation gravitaire"}, format="json")
    assert closed.status_code == 200 and closed.data["status"] == "closed"

    # Completing, then archiving the study.
    complete = f"/api/v1/hazop/studies/{study.pk}/complete/"
    archive = f"/api/v1/hazop/studies/{study.pk}/archive/"
    assert reader.post(complete).status_code == 403
    assert api.post(archive).data == {"non_field_errors": ["Seule une étude terminée peut être archivée."]}
    done = api.post(complete)
    assert done.status_code == 200 and done.data["status"] == "completed"
    assert reader.post(archive).status_code == 403
    archived = api.post(archive)
    assert archived.status_code == 200 and archived.data["status"] == "archived"
    assert archived.data["archived_on"] is not None

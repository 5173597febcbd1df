"""Deleting an action entered by mistake: confirmation page, 403 and 404."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from qsse.actions.models import Action
from qsse.core.choices import Role

from .factories import make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager")


def _delete_url(action):
    return reverse("actions:action_delete", args=[action.pk])


def test_the_manager_confirms_then_deletes_and_lands_on_the_list(client, manager, site_a):
    action = make_action(user=manager.user, site=site_a, title="Entered twice")
    client.force_login(manager.user)

    detail = client.get(action.get_absolute_url()).content.decode()
    assert f'href="{_delete_url(action)}"' in detail

    page = client.get(_delete_url(action))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Supprimer {action.reference} ?" in html
    assert "Entered twice" in html
    assert "Supprimer l'action" in html

    response = client.post(_delete_url(action))
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:action_list")
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [f"Action {action.reference} supprimée."]
    assert not Action.objects.filter(pk=action.pk).exists()
    assert Action.history.filter(id=action.pk, history_type="-").count() == 1


def test_the_owner_who_is_a_contributor_sees_no_delete_button_and_gets_403(client, member, manager, site_a):
    contributor = member(Role.CONTRIBUTOR, username="operator")
    action = make_action(user=manager.user, owner=contributor, site=site_a)
    client.force_login(contributor.user)

    assert _delete_url(action) not in client.get(action.get_absolute_url()).content.decode()
    assert client.get(_delete_url(action)).status_code == 403
    assert client.post(_delete_url(action)).status_code == 403
    assert Action.objects.filter(pk=action.pk).exists()


def test_an_action_of_another_site_is_not_found(client, manager, member, site_b):
    other_site_manager = member(Role.QSSE_MANAGER, site=site_b, username="moulins")
    action = make_action(user=other_site_manager.user, site=site_b)
    client.force_login(manager.user)

    assert client.get(_delete_url(action)).status_code == 404
    assert client.post(_delete_url(action)).status_code == 404
    assert Action.objects.filter(pk=action.pk).exists()

"""Deleting a record entered by mistake: confirmation page, refusal when it has actions, 403 and 404."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from qsse.core.choices import Role
from qsse.nonconformities.models import Nonconformity

from .factories import make_corrective_action, make_nc

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager")


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _delete_url(nc):
    return reverse("nonconformities:nonconformity_delete", args=[nc.pk])


def test_the_manager_confirms_then_deletes_and_lands_on_the_list(client, manager, site_a):
    nc = make_nc(manager.user, site_a, title="Entered twice")
    client.force_login(manager.user)

    detail = client.get(nc.get_absolute_url()).content.decode()
    assert f'href="{_delete_url(nc)}"' in detail

    page = client.get(_delete_url(nc))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Supprimer NC-2026-0001 ?" in html
    assert "Entered twice" in html
    assert "Supprimer la fiche" in html

    response = client.post(_delete_url(nc))
    assert response.status_code == 302
    assert response["Location"] == reverse("nonconformities:nonconformity_list")
    assert _messages(response) == ["NC-2026-0001 est supprimée."]
    assert not Nonconformity.objects.filter(pk=nc.pk).exists()
    assert Nonconformity.history.filter(id=nc.pk, history_type="-").count() == 1


def test_a_record_with_actions_is_not_deleted_and_the_page_says_to_cancel_it(client, manager, site_a):
    nc = make_nc(manager.user, site_a)
    make_corrective_action(manager.user, nc, manager)
    client.force_login(manager.user)

    response = client.post(_delete_url(nc))

    assert response.status_code == 302
    assert response["Location"] == f"{nc.get_absolute_url()}#closure"
    assert _messages(response) == [
        "Cette fiche a des actions dans le plan d’action : annulez-la au lieu de la supprimer."
    ]
    assert Nonconformity.objects.filter(pk=nc.pk).exists()


def test_a_contributor_sees_no_delete_button_and_gets_403(client, manager, member, site_a):
    contributor = member(Role.CONTRIBUTOR, username="operator")
    nc = make_nc(manager.user, site_a, owner=contributor)
    client.force_login(contributor.user)

    assert _delete_url(nc) not in client.get(nc.get_absolute_url()).content.decode()
    assert client.get(_delete_url(nc)).status_code == 403
    assert client.post(_delete_url(nc)).status_code == 403
    assert Nonconformity.objects.filter(pk=nc.pk).exists()


def test_a_record_of_another_site_is_not_found(client, manager, member, site_b):
    other_site_manager = member(Role.QSSE_MANAGER, site=site_b, username="moulins")
    nc = make_nc(other_site_manager.user, site_b)
    client.force_login(manager.user)

    assert client.get(_delete_url(nc)).status_code == 404
    assert client.post(_delete_url(nc)).status_code == 404
    assert Nonconformity.objects.filter(pk=nc.pk).exists()

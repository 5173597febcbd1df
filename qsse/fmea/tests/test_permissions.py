"""Rights: a reader cannot create or edit (pages and API: 403); a user scoped to one site does not
see another site's FMEAs (list, page, API); a contributor edits only FMEAs where they are leader or
team member."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.core.choices import Role

from .factories import LINE, add_line, make_fmea

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_reader_cannot_create_or_edit(client, member, manager, site_a):
    reader = member(Role.READER, username="reader")
    fmea = make_fmea(manager.user, site=site_a)
    line = add_line(manager.user, fmea)
    client.force_login(reader.user)
    assert client.get(fmea.get_absolute_url()).status_code == 200
    assert client.get(reverse("fmea:fmea_create")).status_code == 403
    assert client.get(reverse("fmea:fmea_edit", args=[fmea.pk])).status_code == 403
    assert client.post(reverse("fmea:line_add", args=[fmea.pk]), {}).status_code == 403
    assert client.get(reverse("fmea:line_edit", args=[line.pk])).status_code == 403
    assert client.get(reverse("fmea:line_rerate", args=[line.pk])).status_code == 403
    assert client.get(reverse("fmea:line_action", args=[line.pk])).status_code == 403
    assert client.post(reverse("fmea:rating_guides"), {}).status_code == 403
    assert client.post(reverse("fmea:settings"), {}).status_code == 403
    assert client.post(reverse("fmea:fmea_status", args=[fmea.pk]), {"status": "approved"}).status_code == 403
    assert "Create action" not in client.get(fmea.get_absolute_url()).content.decode()
    client_api = api(reader)
    assert (
        client_api.post("/api/v1/fmea/fmeas/", {"kind": "process", "title": "x"}, format="json").status_code
        == 403
    )
    assert client_api.post("/api/v1/fmea/lines/", {**LINE, "fmea": fmea.pk}, format="json").status_code == 403
    assert (
        client_api.patch(f"/api/v1/fmea/lines/{line.pk}/", {"severity": 2}, format="json").status_code == 403
    )
    assert client_api.post("/api/v1/fmea/ap-tables/import/", {}, format="json").status_code == 403


def test_site_scope(client, member, manager, site_a, site_b):
    mine = make_fmea(manager.user, site=site_a)
    other = make_fmea(manager.user, site=site_b)
    line = add_line(manager.user, other)
    shared = make_fmea(manager.user)  # organisation-wide
    scoped = member(Role.PROCESS_OWNER, site=site_a, username="owner_mtl")
    client.force_login(scoped.user)
    page = client.get(reverse("fmea:fmea_list")).content.decode()
    assert mine.reference in page and shared.reference in page and other.reference not in page
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("fmea:line_edit", args=[line.pk])).status_code == 404
    references = {row["reference"] for row in api(scoped).get("/api/v1/fmea/fmeas/").data["results"]}
    assert references == {mine.reference, shared.reference}
    assert api(scoped).get("/api/v1/fmea/lines/").data["count"] == 0
    assert api(scoped).get(f"/api/v1/fmea/lines/{line.pk}/").status_code == 404


def test_contributor_edits_only_as_leader_or_team_member(client, member, manager, site_a):
    contributor = member(Role.CONTRIBUTOR, username="contrib")
    theirs = make_fmea(manager.user, site=site_a, team=[contributor])
    not_theirs = make_fmea(manager.user, site=site_a)
    client.force_login(contributor.user)
    data = {f"new-{key}": value for key, value in LINE.items()}
    assert client.post(reverse("fmea:line_add", args=[theirs.pk]), data).status_code == 302
    assert client.post(reverse("fmea:line_add", args=[not_theirs.pk]), data).status_code == 403
    line = theirs.lines.get()
    assert (
        api(contributor).patch(f"/api/v1/fmea/lines/{line.pk}/", {"severity": 2}, format="json").status_code
        == 200
    )

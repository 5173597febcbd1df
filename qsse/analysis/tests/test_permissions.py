"""Who may do what: a reader cannot upload (page and API 403); a user scoped to one site does not see
another site's datasets (pages and API)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.analysis import services
from qsse.analysis.models import Dataset, DecisionStudy
from qsse.core.choices import Role

from .factories import csv_file, upload

pytestmark = pytest.mark.django_db


def logged(person, api: bool = False):
    client = APIClient() if api else Client()
    client.force_login(person.user)
    return client


def test_reader_cannot_upload_page_and_api(member):
    reader = member(Role.READER, username="reader")
    page = logged(reader)
    assert page.get(reverse("analysis:dataset_upload")).status_code == 403
    assert page.post(reverse("analysis:dataset_upload"), {"name": "X", "file": csv_file()}).status_code == 403
    assert page.post(reverse("analysis:dataset_import"), {"source_key": "nonconformities"}).status_code == 403
    response = logged(reader, api=True).post(
        "/api/v1/analysis/datasets/", {"file": csv_file(), "name": "X"}, format="multipart"
    )
    assert response.status_code == 403
    assert Dataset.objects.count() == 0
    # The list page offers no upload form to a reader.
    assert 'enctype="multipart/form-data"' not in page.get(reverse("analysis:dataset_list")).content.decode()


def test_reader_may_run_the_tools_but_not_save_or_create_studies(member):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    dataset = upload(manager.user)
    reader = member(Role.READER, username="reader")
    api = logged(reader, api=True)
    response = api.post(
        f"/api/v1/analysis/datasets/{dataset.pk}/pareto/", {"category": "Site"}, format="json"
    )
    assert response.status_code == 200
    page = logged(reader)
    save = page.post(
        reverse("analysis:analysis_save", args=[dataset.pk, "pareto"]),
        {"title": "T", "parameters": '{"category": "Site"}'},
    )
    assert save.status_code == 403
    assert page.get(reverse("analysis:decision_create", args=["matrix"])).status_code == 403
    response = api.post(
        "/api/v1/analysis/decision-studies/", {"kind": "tree", "title": "T", "data": {}}, format="json"
    )
    assert response.status_code == 403
    assert api.delete(f"/api/v1/analysis/datasets/{dataset.pk}/").status_code == 403
    assert DecisionStudy.objects.count() == 0


def test_site_scope_on_datasets(member, site_a, site_b):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    on_a = upload(manager.user, name="Montluçon", site=site_a)
    on_b = upload(manager.user, name="Moulins", site=site_b)
    shared = upload(manager.user, name="Groupe")
    local = member(Role.CONTRIBUTOR, username="local", site=site_a)
    page = logged(local)
    listing = page.get(reverse("analysis:dataset_list")).content.decode()
    assert "Montluçon" in listing and "Groupe" in listing and "Moulins</a>" not in listing
    assert page.get(on_b.get_absolute_url()).status_code == 404
    assert page.get(reverse("analysis:tool_run", args=[on_b.pk, "pareto"])).status_code == 404
    assert page.get(on_a.get_absolute_url()).status_code == 200
    api = logged(local, api=True)
    data = api.get("/api/v1/analysis/datasets/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert sorted(row["name"] for row in rows) == ["Groupe", "Montluçon"]
    assert (
        api.post(
            f"/api/v1/analysis/datasets/{on_b.pk}/pareto/", {"category": "Site"}, format="json"
        ).status_code
        == 404
    )
    assert api.get(f"/api/v1/analysis/datasets/{shared.pk}/").status_code == 200


def test_contributor_edits_only_own_studies(member):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    study = services.decision_study_create(
        user=manager.user, kind="tree", title="Arbre", data={"goal": "But", "children": [{"name": "Moyen"}]}
    )
    contributor = member(Role.CONTRIBUTOR, username="contributor")
    page = logged(contributor)
    assert page.get(study.get_absolute_url()).status_code == 200
    assert page.get(reverse("analysis:decision_edit", args=[study.pk])).status_code == 403
    api = logged(contributor, api=True)
    assert (
        api.patch(f"/api/v1/analysis/decision-studies/{study.pk}/", {"title": "X"}, format="json").status_code
        == 403
    )

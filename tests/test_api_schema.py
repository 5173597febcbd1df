"""The OpenAPI schema covers every module and generates without warning."""

import re

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_is_valid_and_covers_every_module(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    for prefix in (
        "/api/v1/sites/",
        "/api/v1/people/",
        "/api/v1/processes/",
        "/api/v1/process-interactions/",
        "/api/v1/actions/",
        "/api/v1/nonconformities/",
    ):
        assert prefix in paths, prefix
    # Every domain app publishes endpoints under its own prefix.
    for module in (
        "context",
        "indicators",
        "analysis",
        "reviews",
        "fmea",
        "haccp",
        "hazop",
        "surveillance",
        "audits",
        "compliance",
        "inspections",
        "icpe",
        "duer",
        "environment",
        "industrial-risks",
        "accidents",
        "ohs-report",
        "documents",
        "energy",
        "retention",
        "waste",
    ):
        assert any(path.startswith(f"/api/v1/{module}/") for path in paths), module
    assert "/api/v1/nonconformities/{id}/close/" in paths
    assert "/api/v1/actions/{id}/check-efficacy/" in paths


@pytest.mark.django_db
def test_docs_page_is_served_without_a_cdn(client, member):
    from qsse.core.choices import Role

    client.force_login(member(Role.READER).user)
    page = client.get("/api/v1/docs/").content.decode()
    # Every script and stylesheet is served by the application itself (the page's CSRF token is
    # random text, so the check looks at addresses, not at the bare letters "cdn").
    external = re.findall(r"""(?:src|href)=["'](?:https?:)?//[^"']+""", page)
    assert "swagger-ui" in page and external == []
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page

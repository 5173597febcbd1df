"""Pages of the process map: map, list, sheet, forms, interactions, PDF, search and dashboard."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qsse.core.choices import Role
from qsse.processes import services
from qsse.processes.models import Process, ProcessInteraction

pytestmark = pytest.mark.django_db

# Session, user, person, person sites, count, page of rows (owners joined), unread notifications,
# owners offered by the filter.
QUERIES_LIST = 8


@pytest.fixture
def demo(manager, member, make_process):
    owner = member(Role.PROCESS_OWNER, username="pilot")
    processes = {
        "M01": make_process("M01", kind="management", name="Strategy and management review", owner=manager),
        "R01": make_process("R01", name="Sales and customer relations", owner=owner),
        "R02": make_process(
            "R02", name="Machining", purpose="Machine parts to drawing", inputs="Work orders"
        ),
        "S01": make_process("S01", kind="support", name="Maintenance"),
    }
    services.interaction_add(
        user=manager.user, source=processes["R01"], target=processes["R02"], flow="Orders"
    )
    services.interaction_add(
        user=manager.user, source=processes["M01"], target=processes["R01"], flow="Objectives"
    )
    return {"owner": owner, **processes}


def login(client, person):
    client.force_login(person.user)
    return client


def test_map_draws_every_process_as_a_link(client, member, demo):
    login(client, member(Role.READER))
    response = client.get(reverse("processes:process_map"))
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[
        html.index('<svg class="process-map"') : html.index("</svg>", html.index('<svg class="process-map"'))
    ]
    assert 'role="group"' in svg and '<title id="process-map-title">' in svg and "<desc" in svg
    for code in ("M01", "R01", "R02", "S01"):
        href = reverse("processes:process_detail", args=[demo[code].pk])
        assert re.search(rf'<a href="{href}"[^>]*data-code="{code}"', svg), code
        assert f">{code}</tspan>" in svg
    assert svg.count('class="flow"') == 2
    assert 'viewBox="0 0 ' in svg
    # Coordinates are printed with a dot even in French.
    assert not re.search(r'(x|y|width|height)="\d+,\d', svg)
    # The text version lists the interactions.
    assert "Orders" in html[html.index("process-map-text") :]
    # Two processes without owner: the warning says so.
    assert "2 processus n’ont pas encore de pilote" in html or "2 processes have no owner yet" in html


def test_map_query_count_does_not_grow_with_processes(
    client, member, manager, make_process, django_assert_max_num_queries
):
    for number in range(30):
        make_process(f"R{number:02d}", owner=manager)
    login(client, member(Role.READER))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("processes:process_map")).status_code == 200


def test_list_query_count_does_not_grow_with_rows(
    client, member, manager, make_process, django_assert_num_queries
):
    login(client, member(Role.READER))
    make_process("R00", owner=manager)
    with django_assert_num_queries(QUERIES_LIST) as few:
        client.get(reverse("processes:process_list"))
    for number in range(1, 40):
        make_process(f"R{number:02d}", owner=manager)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("processes:process_list"))
    assert response.context["page_obj"].paginator.count == 40


def test_list_filters(client, member, demo):
    login(client, member(Role.READER))
    response = client.get(reverse("processes:process_list"), {"kind": "realisation"})
    html = response.content.decode()
    assert "R01" in html and "R02" in html and "M01" not in html
    response = client.get(reverse("processes:process_list"), {"owner_missing": "true"})
    html = response.content.decode()
    assert "R02" in html and "S01" in html and "R01" not in html


def test_list_excel_export(client, member, demo):
    login(client, member(Role.READER))
    response = client.get(reverse("processes:process_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["M01", "R01", "R02", "S01"]


def test_detail_shows_the_sheet_and_interactions(client, member, demo):
    login(client, member(Role.READER))
    response = client.get(reverse("processes:process_detail", args=[demo["R02"].pk]))
    html = response.content.decode()
    assert "Machine parts to drawing" in html and "Work orders" in html
    assert "R01 – Sales and customer relations" in html and "Orders" in html
    assert reverse("processes:process_sheet_pdf", args=[demo["R02"].pk]) in html
    # A reader gets neither edit button nor interaction form.
    assert reverse("processes:process_edit", args=[demo["R02"].pk]) not in html
    assert 'name="interaction-flow"' not in html


def test_reader_cannot_open_the_forms(client, member, demo):
    login(client, member(Role.READER))
    assert client.get(reverse("processes:process_create")).status_code == 403
    assert client.get(reverse("processes:process_edit", args=[demo["R02"].pk])).status_code == 403
    response = client.post(reverse("processes:process_deactivate", args=[demo["R02"].pk]))
    assert response.status_code == 403
    assert Process.objects.get(pk=demo["R02"].pk).is_active


def test_manager_creates_a_process(client, manager):
    login(client, manager)
    response = client.post(
        reverse("processes:process_create"),
        {"code": "r07", "name": "Inspection and shipping", "kind": "realisation", "owner": manager.pk},
    )
    process = Process.objects.get(code="R07")
    assert response.status_code == 302 and response["Location"] == process.get_absolute_url()
    assert process.owner == manager


def test_create_with_duplicate_code_shows_a_field_error(client, manager, demo):
    login(client, manager)
    response = client.post(
        reverse("processes:process_create"), {"code": "R01", "name": "Dup", "kind": "realisation"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert Process.objects.filter(code="R01").count() == 1


def test_owner_edits_own_sheet_but_not_structure(client, demo):
    login(client, demo["owner"])
    url = reverse("processes:process_edit", args=[demo["R01"].pk])
    form = client.get(url).context["form"]
    assert form.fields["name"].disabled and form.fields["owner"].disabled
    assert not form.fields["purpose"].disabled
    response = client.post(url, {"name": "Renamed", "purpose": "Turn needs into orders", "code": "HACK"})
    assert response.status_code == 302
    process = Process.objects.get(pk=demo["R01"].pk)
    assert (process.code, process.name, process.purpose) == (
        "R01",
        "Sales and customer relations",
        "Turn needs into orders",
    )


def test_owner_cannot_edit_another_process(client, demo):
    login(client, demo["owner"])
    response = client.post(reverse("processes:process_edit", args=[demo["R02"].pk]), {"purpose": "x"})
    assert response.status_code == 403
    assert Process.objects.get(pk=demo["R02"].pk).purpose == "Machine parts to drawing"


def test_interaction_add_with_htmx_returns_the_section(client, demo):
    login(client, demo["owner"])
    url = reverse("processes:interaction_add", args=[demo["R01"].pk])
    response = client.post(
        url,
        {
            "interaction-direction": "outgoing",
            "interaction-other": demo["S01"].pk,
            "interaction-flow": "Machine needs",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card mb-3" id="interactions"')
    assert "Machine needs" in html
    assert ProcessInteraction.objects.filter(source=demo["R01"], target=demo["S01"]).exists()


def test_interaction_add_errors_are_shown_and_nothing_saved(client, manager, demo):
    login(client, manager)
    url = reverse("processes:interaction_add", args=[demo["R01"].pk])
    response = client.post(
        url,
        {
            "interaction-direction": "outgoing",
            "interaction-other": demo["R02"].pk,
            "interaction-flow": "orders",
        },
    )
    assert response.status_code == 400
    assert response.context["interaction_form"].errors["flow"]
    assert ProcessInteraction.objects.count() == 2


def test_owner_cannot_declare_an_input_from_another_process(client, demo):
    login(client, demo["owner"])
    url = reverse("processes:interaction_add", args=[demo["R01"].pk])
    response = client.post(
        url,
        {"interaction-direction": "incoming", "interaction-other": demo["S01"].pk, "interaction-flow": "x"},
    )
    # Only "delivers to" is offered to a process owner: the choice is invalid, nothing is saved.
    assert response.status_code == 400
    assert ProcessInteraction.objects.count() == 2


def test_interaction_delete_permissions(client, member, demo):
    interaction = ProcessInteraction.objects.get(source=demo["M01"], target=demo["R01"])
    login(client, demo["owner"])  # owner of the target, not of the source
    url = reverse("processes:interaction_delete", args=[demo["R01"].pk, interaction.pk])
    assert client.post(url).status_code == 403
    assert ProcessInteraction.objects.filter(pk=interaction.pk).exists()
    own = ProcessInteraction.objects.get(source=demo["R01"])
    client.post(reverse("processes:interaction_delete", args=[demo["R01"].pk, own.pk]))
    assert not ProcessInteraction.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_process_sheet_pdf(client, member, demo, language):
    login(client, member(Role.READER))
    client.cookies["django_language"] = language
    response = client.get(
        reverse("processes:process_sheet_pdf", args=[demo["R02"].pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_process_sheet_data_follows_the_language(rf, member, demo):
    from django.utils import translation

    from qsse.processes.views import process_sheet_data

    request = rf.get("/")
    request.user = member(Role.READER).user
    with translation.override("fr"):
        data = process_sheet_data(request, demo["R01"])
    assert data["labels"]["title"] == "Fiche processus"
    assert data["type_line"] == "Type : Réalisation"
    assert data["downstream"] == [{"code": "R02", "name": "Machining", "flow": "Orders"}]
    assert data["upstream"] == [
        {"code": "M01", "name": "Strategy and management review", "flow": "Objectives"}
    ]
    assert data["organisation"] == "Mécanique Bourbonnaise de Précision SAS"
    with translation.override("en"):
        assert process_sheet_data(request, demo["R01"])["labels"]["title"] == "Process sheet"


def test_search_and_dashboard(client, member, demo):
    login(client, member(Role.READER))
    response = client.get(reverse("core:search"), {"q": "machin"})
    assert reverse("processes:process_detail", args=[demo["R02"].pk]) in response.content.decode()
    html = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("processes:process_map") in html
    assert "owner_missing=true" in html


def test_detail_query_count_does_not_grow_with_interactions(
    client, manager, make_process, django_assert_num_queries
):
    login(client, manager)
    hub = make_process("R00", owner=manager)
    url = reverse("processes:process_detail", args=[hub.pk])
    first = make_process("S00", kind="support", owner=manager)
    services.interaction_add(user=manager.user, source=first, target=hub, flow="Flow 0")
    client.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(1, 12):
        other = make_process(f"S{number:02d}", kind="support", owner=manager)
        services.interaction_add(user=manager.user, source=other, target=hub, flow=f"Flow {number}")
        services.interaction_add(user=manager.user, source=hub, target=other, flow=f"Back {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["upstream"]) == 12 and len(response.context["downstream"]) == 11

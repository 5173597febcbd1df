"""Pages: QQOQCCP form, list (filters, query count, Excel, Pareto), detail and analysis, 8D PDF."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core.choices import Role
from qsse.nonconformities import services
from qsse.nonconformities.choices import Category, IshikawaCategory, NonconformityKind, NonconformityStatus
from qsse.nonconformities.models import IshikawaCause, Nonconformity, WhyStep

from .factories import complete_action, make_corrective_action, make_nc

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER)


@pytest.fixture
def client_manager(client, manager):
    client.force_login(manager.user)
    return client


def form_data(site, **overrides):
    data = {
        "kind": "nonconformity",
        "title": "Burr on bore Ø12",
        "origin": "internal",
        "category": "product",
        "severity": "2",
        "site": site.pk,
        "detected_on": "2026-03-02",
        "description_what": "Burr inside the bore after drilling",
        "product": "Hub 4411",
        "lot": "L2603-07",
        "quantity_affected": "40",
    }
    data.update(overrides)
    return data


def test_create_with_a_missing_title_shows_the_field_message_in_french(client_manager, site_a):
    response = client_manager.post(
        reverse("nonconformities:nonconformity_create"), form_data(site_a, title="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Ce champ est obligatoire."]
    assert "Ce champ est obligatoire." in response.content.decode()
    assert Nonconformity.objects.count() == 0


def test_a_complaint_without_customer_reference_is_refused_with_a_field_message(client_manager, site_a):
    response = client_manager.post(
        reverse("nonconformities:nonconformity_create"),
        form_data(site_a, kind="complaint", origin="customer", customer_name="Stellantis"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["customer_reference"]
    assert "référence" in errors["customer_reference"][0]
    assert Nonconformity.objects.count() == 0


def test_create_a_complaint_in_the_qqoqccp_form(client_manager, site_a, manager):
    page = client_manager.get(reverse("nonconformities:nonconformity_create") + "?kind=complaint")
    html = page.content.decode()
    for question in ("Qui ?", "Quoi ?", "Où ?", "Quand ?", "Comment ?", "Combien ?", "Pourquoi ?"):
        assert question in html
    assert page.context["form"]["kind"].value() == "complaint"
    response = client_manager.post(
        reverse("nonconformities:nonconformity_create"),
        form_data(
            site_a,
            kind="complaint",
            origin="customer",
            customer_name="Stellantis",
            customer_reference="CLM-2026-118",
            detected_by=manager.pk,
        ),
    )
    nc = Nonconformity.objects.get()
    assert response.status_code == 302 and response["Location"] == nc.get_absolute_url()
    assert (nc.reference, nc.customer_reference, nc.quantity_affected) == (
        "REC-2026-0001",
        "CLM-2026-118",
        Decimal("40"),
    )


def test_a_reader_cannot_open_the_form(client, member):
    reader = member(Role.READER)
    client.force_login(reader.user)
    assert client.get(reverse("nonconformities:nonconformity_create")).status_code == 403


def test_list_filters_paginates_and_stays_within_a_query_budget(
    client_manager, manager, site_a, django_assert_max_num_queries
):
    for index in range(60):
        make_nc(
            manager.user,
            site_a,
            title=f"Record {index}",
            category=Category.PRODUCT if index % 3 else Category.PROCESS,
        )
    url = reverse("nonconformities:nonconformity_list")
    with django_assert_max_num_queries(14):
        response = client_manager.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 50
    # The Pareto panel is not computed with the table: htmx loads it as soon as the page is shown.
    assert "stats" not in response.context
    assert 'hx-get="/nonconformities/stats/" hx-trigger="load"' in response.content.decode()
    with django_assert_max_num_queries(8):
        panel = client_manager.get(reverse("nonconformities:nonconformity_stats"), **HTMX)
    stats = panel.context["stats"]
    assert [(row.count, row.cumulative_percent) for row in stats["pareto"]] == [(40, 66.7), (20, 100.0)]
    assert "<svg" in panel.content.decode()
    filtered = client_manager.get(url, {"category": "process"})
    assert filtered.context["page_obj"].paginator.count == 20  # indexes 0, 3, ..., 57
    # Every word must match: "Record" and "12" (Record 12; NC-2026-0012 is Record 11, a product record).
    filtered = client_manager.get(url, {"category": "process", "q": "Record 12"})
    assert [row.title for row, _ in filtered.context["rows"]] == ["Record 12"]
    partial = client_manager.get(url, {"category": "process", "page": "1"}, **HTMX).content.decode()
    # With the table comes a new loader of the panel (out of band), for the new filters.
    loader = re.search(r'<section id="nc-summary"[^>]*>', partial).group(0)
    assert 'hx-swap-oob="true"' in loader and 'hx-get="/nonconformities/stats/?category=process"' in loader


def test_list_is_scoped_to_the_site(client, member, manager, site_a, site_b):
    make_nc(manager.user, site_a, title="Montluçon record")
    other = member(Role.QSSE_MANAGER, site=site_b)
    client.force_login(other.user)
    response = client.get(reverse("nonconformities:nonconformity_list"))
    assert response.context["rows"] == []


def test_excel_export_of_the_filtered_list(client_manager, manager, site_a):
    make_nc(manager.user, site_a, title="Burr", cost_of_nonquality=Decimal("120.50"))
    make_nc(manager.user, site_a, title="Scratch", kind=NonconformityKind.INCIDENT)
    response = client_manager.get(
        reverse("nonconformities:nonconformity_list"), {"export": "xlsx", "kind": "nonconformity"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Référence", "Type", "Titre")
    assert len(rows) == 2
    assert rows[1][0] == "NC-2026-0001" and rows[1][2] == "Burr" and rows[1][-1] == 120.5


def test_detail_shows_the_analysis_and_the_closing_rule(client_manager, manager, site_a):
    nc = make_nc(manager.user, site_a)
    services.ishikawa_cause_add(
        user=manager.user,
        nonconformity=nc,
        category=IshikawaCategory.MACHINE,
        text="Worn deburring tool",
        is_retained=True,
    )
    response = client_manager.get(nc.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="w-100 h-auto fishbone"' in html and "Worn deburring tool" in html
    # Coordinates are never localised (a French decimal comma would break the drawing).
    assert re.search(r'<line x1="\d+\.\d" y1="\d+\.\d" x2="\d+\.\d" y2="\d+\.\d" stroke="#0b4f6c"', html)
    assert response.context["closure_blockers"] == ["Aucune action corrective n’a encore été créée."]
    assert "Aucune action corrective n’a encore été créée." in html
    assert '<button class="btn btn-sm btn-success w-100" type="submit" disabled' in html
    assert 'id="record-panels"' in html


def test_five_whys_through_htmx(client_manager, manager, site_a):
    nc = make_nc(manager.user, site_a)
    url = reverse("nonconformities:nonconformity_whys", args=[nc.pk])
    form = client_manager.get(url, **HTMX)
    assert form.status_code == 200 and form.content.decode().count('name="why-') >= 10
    data = {"why-TOTAL_FORMS": "5", "why-INITIAL_FORMS": "0"}
    data.update(
        {
            "why-0-question": "Why a burr?",
            "why-0-answer": "Tool worn",
            "why-1-question": "Why worn?",
            "why-1-answer": "No tool-life counter",
        }
    )
    response = client_manager.post(url, data, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#whys"
    assert list(WhyStep.objects.values_list("answer", flat=True)) == ["Tool worn", "No tool-life counter"]
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.ANALYSIS
    # A half-filled row: field message, nothing replaced.
    data["why-2-question"] = "Why no counter?"
    response = client_manager.post(url, data, **HTMX)
    assert "Donnez la réponse à ce pourquoi." in response.content.decode()
    assert WhyStep.objects.count() == 2


def test_ishikawa_add_and_remove_through_htmx(client_manager, manager, site_a):
    nc = make_nc(manager.user, site_a)
    response = client_manager.post(
        reverse("nonconformities:nonconformity_ishikawa_add", args=[nc.pk]),
        {"category": "material", "text": "Bar out of tolerance"},
        **HTMX,
    )
    assert response.status_code == 200
    assert 'data-category="material"' in response.content.decode()
    cause = IshikawaCause.objects.get()
    response = client_manager.post(
        reverse("nonconformities:nonconformity_ishikawa_remove", args=[nc.pk, cause.pk]), **HTMX
    )
    assert response.status_code == 200 and not IshikawaCause.objects.exists()


def test_close_is_refused_then_allowed(client_manager, manager, site_a):
    nc = make_nc(manager.user, site_a)
    url = reverse("nonconformities:nonconformity_close", args=[nc.pk])
    client_manager.post(url, {"comment": "done"})
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.OPEN
    _, action = make_corrective_action(manager.user, nc, manager)
    complete_action(manager.user, action)
    response = client_manager.post(url, {"comment": "No recurrence"})
    nc.refresh_from_db()
    assert response.status_code == 302 and nc.status == NonconformityStatus.CLOSED


def test_forbidden_actions_answer_403_or_404_and_change_nothing(client, member, manager, site_a, site_b):
    nc = make_nc(manager.user, site_a)
    reader = member(Role.READER)
    client.force_login(reader.user)
    assert client.post(reverse("nonconformities:nonconformity_close", args=[nc.pk])).status_code == 403
    assert (
        client.post(
            reverse("nonconformities:nonconformity_ishikawa_add", args=[nc.pk]),
            {"category": "machine", "text": "x"},
        ).status_code
        == 403
    )
    assert client.get(reverse("nonconformities:nonconformity_edit", args=[nc.pk])).status_code == 403
    other = member(Role.QSSE_MANAGER, site=site_b)
    client.force_login(other.user)
    assert client.get(nc.get_absolute_url()).status_code == 404
    assert not IshikawaCause.objects.exists()


def test_root_cause_to_corrective_action(client_manager, manager, site_a):
    nc = make_nc(manager.user, site_a)
    client_manager.post(
        reverse("nonconformities:nonconformity_root_cause_add", args=[nc.pk]),
        {"description": "No tool-life counter", "source": "other"},
    )
    root_cause = nc.root_causes.get()
    url = reverse("nonconformities:nonconformity_root_cause_action", args=[nc.pk, root_cause.pk])
    form = client_manager.get(url, **HTMX)
    assert f'name="rc{root_cause.pk}-title"' in form.content.decode()
    prefix = f"rc{root_cause.pk}-"
    response = client_manager.post(
        url,
        {
            prefix + "title": "Install a tool-life counter",
            prefix + "owner": manager.pk,
            prefix + "due_on": "2099-06-30",
            prefix + "efficacy_criterion": "No burr over 3 months",
        },
    )
    assert response.status_code == 302
    action = root_cause.actions.get()
    assert (action.title, action.efficacy_criterion) == (
        "Install a tool-life counter",
        "No burr over 3 months",
    )


def test_corrective_action_from_the_inline_form_reloads_the_record(client_manager, manager, site_a):
    """htmx follows HX-Redirect with a same-page #fragment as a mere scroll: HX-Refresh reloads it."""
    nc = make_nc(manager.user, site_a)
    root_cause = services.root_cause_add(
        user=manager.user, nonconformity=nc, description="No counter", source="other"
    )
    url = reverse("nonconformities:nonconformity_root_cause_action", args=[nc.pk, root_cause.pk])
    prefix = f"rc{root_cause.pk}-"
    response = client_manager.post(
        url,
        {
            prefix + "title": "Install a counter",
            prefix + "owner": manager.pk,
            prefix + "due_on": "2099-06-30",
        },
        **HTMX,
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{nc.get_absolute_url()}#root-causes"
    assert response["HX-Refresh"] == "true"
    assert root_cause.actions.get().title == "Install a counter"


def test_eight_d_form_is_prefilled_then_saved_and_exported_as_pdf(client_manager, manager, site_a):
    nc = make_nc(
        manager.user,
        site_a,
        kind=NonconformityKind.COMPLAINT,
        containment="Sorting of 400 parts at the customer",
    )
    url = reverse("nonconformities:nonconformity_eight_d", args=[nc.pk])
    page = client_manager.get(url)
    assert page.context["form"]["d3_containment"].value() == "Sorting of 400 parts at the customer"
    client_manager.post(
        url, {"d1_team": "Q. Manager", "d2_problem": "Scratches", "d3_containment": "Sorting"}
    )
    nc.refresh_from_db()
    assert nc.eight_d.d2_problem == "Scratches"
    response = client_manager.get(reverse("nonconformities:nonconformity_eight_d_pdf", args=[nc.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000
    assert nc.reference in response["Content-Disposition"]


def test_fishbone_print_view_and_dashboard_and_search(client_manager, manager, site_a):
    nc = make_nc(manager.user, site_a, kind=NonconformityKind.COMPLAINT, title="Scratched hubs")
    services.ishikawa_cause_add(
        user=manager.user, nonconformity=nc, category="method", text="No protective film"
    )
    page = client_manager.get(reverse("nonconformities:nonconformity_fishbone_print", args=[nc.pk]))
    assert "No protective film" in page.content.decode() and "<svg" in page.content.decode()
    dashboard = client_manager.get(reverse("core:dashboard")).content.decode()
    assert "Scratched hubs" in dashboard
    search = client_manager.get(reverse("core:search"), {"q": "CLM-2026"}).content.decode()
    assert nc.reference in search


def test_detail_query_count_does_not_grow_with_the_analysis(
    client_manager, manager, site_a, django_assert_max_num_queries
):
    nc = make_nc(manager.user, site_a)
    for index in range(4):
        cause = services.ishikawa_cause_add(
            user=manager.user,
            nonconformity=nc,
            category=IshikawaCategory.METHOD,
            text=f"Cause {index}",
            is_retained=True,
        )
        services.root_cause_create_action(
            user=manager.user,
            root_cause=cause.root_causes.get(),
            title=f"Action {index}",
            owner=manager,
            due_on=date(2099, 1, 1),
        )
    with django_assert_max_num_queries(19):
        response = client_manager.get(nc.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("ACT-") >= 4


def test_edit_page_and_english_labels(client_manager, manager, site_a):
    nc = make_nc(manager.user, site_a)
    url = reverse("nonconformities:nonconformity_edit", args=[nc.pk])
    data = form_data(site_a, title="Burr on bore Ø12 H7", kind="complaint")  # the kind is fixed once reported
    response = client_manager.post(url, data)
    nc.refresh_from_db()
    assert response.status_code == 302 and (nc.title, nc.kind) == ("Burr on bore Ø12 H7", "nonconformity")
    english = client_manager.get(nc.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Root causes and corrective actions" in english and "Severity" in english


def test_actions_raised_outside_the_root_causes_are_listed(client_manager, manager, site_a):
    nc = make_nc(manager.user, site_a)
    action_services.action_create(
        user=manager.user,
        title="Sort the stock",
        owner=manager,
        due_on=date(2099, 1, 1),
        type=ActionType.CONTAINMENT,
        origin=nc,
    )
    response = client_manager.get(nc.get_absolute_url())
    assert [action.title for action in response.context["other_actions"]] == ["Sort the stock"]
    assert "Autres actions issues de cette fiche" in response.content.decode()
    assert response.context["summary"]["total"] == 1


def test_stats_panel_counts_the_filtered_records_the_user_may_see(
    client, member, manager, site_a, site_b, django_assert_max_num_queries
):
    boss = member(Role.QSSE_MANAGER, all_sites=True, username="boss")
    make_nc(manager.user, site_a, category=Category.PRODUCT, cost_of_nonquality=Decimal("120.40"))
    make_nc(manager.user, site_a, category=Category.PRODUCT)
    make_nc(manager.user, site_a, category=Category.PROCESS, kind=NonconformityKind.INCIDENT)
    make_nc(boss.user, site_b, category=Category.SAFETY, cost_of_nonquality=Decimal("999.00"))
    reader = member(Role.READER, site=site_a, username="reader")
    client.force_login(reader.user)
    url = reverse("nonconformities:nonconformity_stats")
    with django_assert_max_num_queries(8):
        response = client.get(url, **HTMX)
    content = response.content.decode()
    assert "<html" not in content and content.lstrip().startswith("<section")
    stats = response.context["stats"]
    # Montluçon only: 2 product records, 1 process; the Moulins safety record is not seen.
    assert [(row.label, row.count, row.cumulative_percent) for row in stats["pareto"]] == [
        ("Produit", 2, 66.7),
        ("Processus", 1, 100.0),
    ]
    assert "3 fiches, dont 3 non clôturées." in content
    assert "120,40 €" in content
    incidents = client.get(url, {"kind": "incident"}, **HTMX)
    assert [(row.label, row.count) for row in incidents.context["stats"]["pareto"]] == [("Processus", 1)]
    client.force_login(boss.user)
    assert client.get(url, **HTMX).context["stats"]["total"] == 4


def test_stats_page_without_javascript(client_manager, manager, site_a):
    make_nc(manager.user, site_a, category=Category.PRODUCT)
    list_page = client_manager.get(reverse("nonconformities:nonconformity_list"), {"category": "product"})
    assert '<a href="/nonconformities/stats/?category=product">' in list_page.content.decode()
    response = client_manager.get(reverse("nonconformities:nonconformity_stats"), {"category": "product"})
    content = response.content.decode()
    assert response.status_code == 200 and "<html" in content and "<h1" in content
    assert 'href="/nonconformities/?category=product"' in content  # back to the list, same filters
    assert response.context["stats"]["total"] == 1 and "<svg" in content


def test_stats_panel_needs_a_signed_in_user(client):
    response = client.get(reverse("nonconformities:nonconformity_stats"), **HTMX)
    assert response.status_code == 302 and response["Location"].startswith("/login/")

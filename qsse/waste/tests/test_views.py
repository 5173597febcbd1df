"""Pages of the waste module: register (filters, totals, Excel, PDF), recording a removal with the
French errors, import, list of waste search and picker, dashboard, permissions, query budgets."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
import typst
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from qsse.core.choices import Role
from qsse.waste import report, selectors, services
from qsse.waste.models import WasteRemoval

from .factories import make_contractor, make_stream, treatment

pytestmark = pytest.mark.django_db


HEADINGS = (
    "Date d'enlèvement",
    "Site",
    "Flux",
    "Code déchet",
    "Dénomination usuelle",
    "Quantité",
    "Unité",
    "Destination",
    "Code de traitement",
    "N° de bordereau",
)


@pytest.fixture
def client_manager(client, manager):
    client.force_login(manager.user)
    return client


@pytest.fixture
def setup(manager, site_a, site_b):
    facility = make_contractor(
        manager.user, name="Traitements Spéciaux d'Auvergne", address="Route de Gannat\n63200 Riom"
    )
    chips = make_stream(
        manager.user, site_a, facility=facility, treatment_code=treatment("R4"), sorting_flow="metal"
    )
    emulsions = make_stream(
        manager.user,
        site_a,
        "12 01 09*",
        "Émulsions usagées",
        facility=facility,
        treatment_code=treatment("D9"),
    )
    mixed_b = make_stream(manager.user, site_b, "20 03 01", "DIB Moulins", treatment_code=treatment("D10"))
    services.removal_record(
        user=manager.user, site=site_a, stream=chips, removed_on=date(2025, 6, 3), quantity=Decimal("4")
    )
    services.removal_record(
        user=manager.user, site=site_a, stream=chips, removed_on=date(2026, 6, 3), quantity=Decimal("3")
    )
    services.removal_record(
        user=manager.user,
        site=site_a,
        stream=emulsions,
        removed_on=date(2026, 7, 1),
        quantity=Decimal("1"),
        tracking_number="BSD-20260701-4FX8Q2KZ7",
    )
    services.removal_record(
        user=manager.user,
        site=site_b,
        stream=mixed_b,
        removed_on=date(2026, 7, 2),
        quantity=Decimal("12"),
        unit="m3",
    )
    return {"facility": facility, "chips": chips, "emulsions": emulsions, "mixed_b": mixed_b}


def test_register_lists_filters_and_totals(client_manager, setup):
    url = reverse("waste:removal_list")
    response = client_manager.get(url)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 4 and response.context["totals"] is None
    response = client_manager.get(url, {"removed_from": "2025-01-01"})
    totals = response.context["totals"]
    assert (totals.total_t, totals.recovered_t, totals.rate, totals.volume_without_density_m3) == (
        Decimal("8.000"),
        Decimal("7.000"),
        Decimal("87.5"),
        Decimal("12.000"),
    )
    response = client_manager.get(url, {"year": 2026, "category": "hazardous"})
    assert [r.usual_name for r in response.context["page_obj"]] == ["Émulsions usagées"]
    response = client_manager.get(url, {"code": "12 01 01"})
    assert response.context["page_obj"].paginator.count == 2
    response = client_manager.get(url, {"treatment_kind": "recovery", "removed_from": "2026-01-01"})
    assert [r.quantity for r in response.context["page_obj"]] == [Decimal("3.000")]
    assert "87,5 %" in client_manager.get(url, {"removed_from": "2025-01-01"}).content.decode()


def test_register_excel_and_pdf(client_manager, setup, manager):
    response = client_manager.get(reverse("waste:removal_list"), {"export": "xlsx", "year": "2026"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("Référence", "Date", "Site", "Dénomination usuelle", "Code")
    assert len(rows) == 4 and {row[4] for row in rows[1:]} == {"12 01 01", "12 01 09*", "20 03 01"}
    response = client_manager.get(reverse("waste:removal_list"), {"export": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    lines = selectors.removal_list(manager.user).order_by("site__name", "removed_on", "pk")
    data = report.register_data(lines, today=date(2026, 11, 25))
    assert data["labels"]["title"] == "Registre chronologique des déchets"
    assert [site["name"] for site in data["sites"]] == ["Montluçon", "Moulins"]
    emulsion = data["sites"][0]["rows"][2]
    assert (emulsion["code"], emulsion["slip"], emulsion["treatment"]) == (
        "12 01 09*",
        "BSD-20260701-4FX8Q2KZ7",
        "D9",
    )
    assert emulsion["destination"].startswith("Traitements Spéciaux d'Auvergne · SIRET 73282932000074")
    assert data["sites"][1]["rows"][0]["quantity"] == "12 m³"
    result = typst.query(
        str(report.TEMPLATE),
        "<line>",
        field="value",
        root=str(report.TEMPLATE.parent),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )
    assert len(json.loads(result)) == 4


def test_record_a_removal_and_refuse_a_hazardous_one_without_bsd(client_manager, setup, site_a):
    url = reverse("waste:removal_create")
    assert client_manager.get(url, {"stream": setup["chips"].pk}).status_code == 200
    response = client_manager.post(
        url,
        {
            "site": site_a.pk,
            "stream": setup["emulsions"].pk,
            "removed_on": "2026-08-01",
            "quantity": "1.5",
            "unit": "t",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["tracking_number"] == [
        "Un déchet dangereux part avec un bordereau de suivi : saisissez le numéro de BSD (Trackdéchets)."
    ]
    assert WasteRemoval.objects.count() == 4
    response = client_manager.post(
        url,
        {
            "site": site_a.pk,
            "removed_on": "2026-08-02",
            "waste_code": "15 01 01 – emballages en papier/carton",
            "usual_name": "Cartons",
            "quantity": "6",
            "unit": "m3",
            "density": "0.05",
            "treatment_code": treatment("R3").pk,
        },
    )
    removal = WasteRemoval.objects.get(usual_name="Cartons")
    assert response.status_code == 302 and response["Location"] == removal.get_absolute_url()
    assert (removal.waste_code.code, removal.tonnes, removal.treatment_kind) == (
        "150101",
        Decimal("0.300"),
        "recovery",
    )
    response = client_manager.post(
        url,
        {
            "site": site_a.pk,
            "removed_on": "2026-08-02",
            "waste_code": "99 99 99",
            "quantity": "1",
            "unit": "t",
        },
    )
    assert (
        response.context["form"]
        .errors["waste_code"][0]
        .startswith("« 99 99 99 » n'est pas un code de la liste européenne des déchets")
    )
    detail = client_manager.get(removal.get_absolute_url())
    assert "0,300 t" in detail.content.decode()


def test_import_all_or_nothing(client_manager, setup, site_a):
    def workbook(rows):
        book = Workbook()
        sheet = book.active
        sheet.append(list(HEADINGS))
        for row in rows:
            sheet.append(row)
        buffer = BytesIO()
        book.save(buffer)
        buffer.seek(0)
        buffer.name = "registre.xlsx"
        return buffer

    good = ["03/09/2026", "MTL", "Copeaux acier", "", "", 2.5, "t", "", "", ""]
    bad = [
        [
            date(2026, 9, 4),
            "MTL",
            "",
            "12 01 09*",
            "Émulsions",
            1,
            "t",
            "Traitements Spéciaux d'Auvergne",
            "D9",
            "",
        ],
        [date(2026, 9, 5), "XXX", "", "12 01 01", "Copeaux", "beaucoup", "kg", "", "R99", ""],
    ]
    url = reverse("waste:removal_import")
    response = client_manager.post(url, {"file": workbook([good, *bad])})
    assert response.status_code == 422
    errors = response.context["errors"]
    assert errors[0] == (
        "Ligne 3, colonne « N° de bordereau » : Un déchet dangereux part avec un bordereau de suivi : "
        "saisissez le numéro de BSD (Trackdéchets)."
    )
    assert "Ligne 4, colonne « Site » : site « XXX » inconnu." in errors
    assert "Ligne 4, colonne « Quantité » : un nombre est attendu." in errors
    assert "Ligne 4, colonne « Unité » : l'unité est t ou m³." in errors
    assert (
        "Ligne 4, colonne « Code de traitement » : « R99 » n'est pas un code R1 à R13 ou D1 à D15." in errors
    )
    assert WasteRemoval.objects.count() == 4
    bad[0][-1] = "BSD-20260904-4FX8Q2KZ7"
    response = client_manager.post(url, {"file": workbook([good, bad[0]])})
    assert response.status_code == 302
    imported = WasteRemoval.objects.filter(removed_on__gte=date(2026, 9, 1)).order_by("removed_on")
    assert [(r.reference, r.usual_name, r.tonnes) for r in imported] == [
        ("DEC-2026-0004", "Copeaux acier", Decimal("2.500")),
        ("DEC-2026-0005", "Émulsions", Decimal("1.000")),
    ]
    assert imported[0].history.count() == 1
    template = client_manager.get(reverse("waste:removal_import_template"))
    assert load_workbook(BytesIO(template.content)).active["A1"].value == "Date d'enlèvement"


def test_list_of_waste_search_and_picker(client_manager):
    response = client_manager.get(reverse("waste:code_list"), {"q": "emulsions d'usinage"})
    codes = [row["code"].code for row in response.context["rows"] if "code" in row]
    assert {"120108", "120109"} <= set(codes)  # and 120106/120107: oils "not as emulsions"
    assert all("usinage" in row["code"].label_fr for row in response.context["rows"] if "code" in row)
    assert "12 01 09*" in response.content.decode()
    response = client_manager.get(reverse("waste:code_list"), {"chapter": "18", "hazardous": "yes"})
    assert response.context["page_obj"].paginator.count == 7
    response = client_manager.get(
        reverse("waste:code_options"), {"field": "waste_code", "waste_code": "limaille ferreux"}
    )
    assert '<option value="12 01 01 – limaille et chutes de métaux ferreux">' in response.content.decode()
    assert client_manager.get(reverse("waste:treatment_list")).context["treatments"][0].code == "R1"


def test_dashboard(client_manager, setup, site_a):
    response = client_manager.get(reverse("waste:dashboard"), {"year": 2026})
    figures = response.context["figures"]
    assert (figures["total"].total_t, figures["total"].rate, figures["hazardous_t"]) == (
        Decimal("4.000"),
        Decimal("75.0"),
        Decimal("1.000"),
    )
    assert [(row.key, row.rate) for row in figures["by_year"]] == [
        (2025, Decimal("100.0")),
        (2026, Decimal("75.0")),
    ]
    assert response.context["rate_chart"]["series"][0]["data"] == [100.0, 75.0]
    montlucon = response.context["sorting"][0]
    status = {flow.obligation.flow: flow for flow in montlucon["flows"]}
    assert status["metal"].is_sorted and status["paper_cardboard"].missing
    html = response.content.decode()
    assert "✖ Manquant" in html and "Décret n° 2016-288" in html


def test_permissions(client, member, manager, setup, site_a, site_b):
    reader = member(Role.READER, site=site_a, username="reader")
    client.force_login(reader.user)
    assert client.get(reverse("waste:removal_create")).status_code == 403
    assert client.get(reverse("waste:contractor_create")).status_code == 403
    removal_b = WasteRemoval.objects.get(site=site_b)
    assert client.get(removal_b.get_absolute_url()).status_code == 404
    assert client.get(reverse("waste:removal_list")).context["page_obj"].paginator.count == 3
    contributor = member(Role.CONTRIBUTOR, site=site_b, username="contrib")
    client.force_login(contributor.user)
    response = client.post(
        reverse("waste:removal_create"),
        {"site": site_a.pk, "removed_on": "2026-08-02", "waste_code": "200301", "quantity": "1", "unit": "t"},
    )
    assert response.status_code == 422 and "site" in response.context["form"].errors


def test_pages_within_a_query_budget(client_manager, setup, manager, site_a, django_assert_max_num_queries):
    for day in range(1, 20):
        services.removal_record(
            user=manager.user,
            site=site_a,
            stream=setup["chips"],
            removed_on=date(2026, 5, day),
            quantity=Decimal(1),
        )
    for name in ("waste:removal_list", "waste:dashboard", "waste:stream_list", "waste:contractor_list"):
        with django_assert_max_num_queries(16):
            assert client_manager.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(16):
        client_manager.get(setup["chips"].get_absolute_url())

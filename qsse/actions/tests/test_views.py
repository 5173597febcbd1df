"""Pages of the action plan: list and filters, export, board, detail, forms, workflow steps, iCal."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from qsse.actions import services
from qsse.actions.calendar_feed import calendar_token
from qsse.actions.models import Action
from qsse.core.choices import Role

from .factories import make_action, make_done, make_nc, today

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager")


@pytest.fixture
def operator(member):
    return member(Role.CONTRIBUTOR, username="operator")


def login(client, person):
    client.force_login(person.user)
    return client


def test_list_shows_visible_actions_and_figures(client, manager, member, site_a, site_b):
    make_action(user=manager.user, title="Sharpen the drill bits", due_in=-2, site=site_a)
    make_done(make_action(user=manager.user, title="Retrain night shift", site=site_a), manager.user)
    boss = member(Role.QSSE_MANAGER, all_sites=True, username="boss")
    make_action(user=boss.user, title="Moulins canteen hood", site=site_b)
    response = login(client, manager).get(reverse("actions:action_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sharpen the drill bits" in content and "Retrain night shift" in content
    assert "Moulins canteen hood" not in content
    # The figures are not computed with the table: htmx loads them as soon as the page is shown.
    assert "stats" not in response.context
    assert 'hx-get="/actions/stats/" hx-trigger="load"' in content
    assert '<a href="/actions/stats/">' in content  # the same figures without JavaScript
    fragment = client.get(reverse("actions:action_stats"), HTTP_HX_REQUEST="true")
    stats = fragment.context["stats"]
    assert (stats["total"], stats["open"], stats["overdue"], stats["done_percent"]) == (2, 1, 1, 50)
    assert 'data-stat="done_percent">50 %' in fragment.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=done", ["Retrain night shift"]),
        ("overdue=yes", ["Sharpen the drill bits"]),
        ("overdue=no", ["Retrain night shift", "Seal the degreasing tank"]),
        ("q=degreas", ["Seal the degreasing tank"]),
        ("type=preventive", ["Seal the degreasing tank"]),
        ("priority=4", ["Sharpen the drill bits"]),
    ],
)
def test_list_filters(client, manager, query, expected):
    make_action(user=manager.user, title="Sharpen the drill bits", due_in=-2, priority=4)
    make_done(make_action(user=manager.user, title="Retrain night shift"), manager.user)
    make_action(user=manager.user, title="Seal the degreasing tank", type="preventive", due_in=20)
    response = login(client, manager).get(reverse("actions:action_list") + "?" + query)
    titles = sorted(row.title for row, _cells in response.context["rows"])
    assert titles == expected
    assert f'hx-get="/actions/stats/?{query}"' in response.content.decode()
    fragment = client.get(reverse("actions:action_stats") + "?" + query, HTTP_HX_REQUEST="true")
    assert fragment.context["stats"]["total"] == len(expected)


def test_list_filters_by_owner_and_due_range(client, manager, operator):
    make_action(user=manager.user, owner=operator, title="Mine soon", due_in=2)
    make_action(user=manager.user, owner=operator, title="Mine later", due_in=40)
    make_action(user=manager.user, owner=manager, title="Not mine", due_in=2)
    start, end = today().isoformat(), (today() + timedelta(days=7)).isoformat()
    response = login(client, manager).get(
        reverse("actions:action_list"), {"owner": operator.pk, "due_after": start, "due_before": end}
    )
    assert [row.title for row, _cells in response.context["rows"]] == ["Mine soon"]


def test_list_htmx_refresh_reloads_the_figures_with_the_new_filters(client, manager):
    make_action(user=manager.user, due_in=-1)
    response = login(client, manager).get(
        reverse("actions:action_list"),
        {"overdue": "yes", "page": "1", "sort": "-due_on"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    # The table comes with a new loader of the figures (out of band), which asks for the figures of
    # the new filters (page and sort do not change them).
    loader = re.search(r'<section id="action-stats"[^>]*>', content).group(0)
    assert 'hx-swap-oob="true"' in loader and 'hx-get="/actions/stats/?overdue=yes"' in loader
    assert 'hx-trigger="load"' in loader
    assert "<html" not in content


def test_list_query_count_stays_flat(client, manager, django_assert_max_num_queries):
    for index in range(30):
        make_action(user=manager.user, title=f"Action {index}", due_in=index - 10)
    login(client, manager)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("actions:action_list"))
    assert len(response.context["rows"]) == 30


def test_excel_export_contains_the_filtered_rows(client, manager, site_a):
    late = make_action(user=manager.user, title="Sharpen the drill bits", due_in=-3, site=site_a)
    make_action(user=manager.user, title="Seal the degreasing tank", due_in=5, site=site_a)
    response = login(client, manager).get(
        reverse("actions:action_list"), {"overdue": "yes", "export": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Référence", "Titre", "Type", "Statut")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Référence"] == late.reference
    assert row["Titre"] == "Sharpen the drill bits"
    assert row["Statut"] == "Planifiée"
    assert row["Site"] == "Montluçon"
    assert row["Jours de retard"] == 3
    assert row["Échéance"].date() == late.due_on


def test_my_actions_lists_only_mine_with_a_calendar_link(client, manager, operator):
    make_action(user=manager.user, owner=operator, title="Mine")
    make_action(user=manager.user, owner=manager, title="Someone else's")
    response = login(client, operator).get(reverse("actions:action_mine"))
    assert [row.title for row, _cells in response.context["rows"]] == ["Mine"]
    assert response.context["ical_url"].startswith("http://testserver/actions/calendar/")
    assert response.context["ical_url"] in response.content.decode()


def test_ical_feed_lists_my_due_dates_without_a_session(client, manager, operator):
    open_action = make_action(user=manager.user, owner=operator, title="Calibrate the gauge", due_in=4)
    to_check = make_action(
        user=manager.user,
        owner=operator,
        title="Fix the leak",
        efficacy_check_due_on=today() + timedelta(days=30),
    )
    make_done(to_check, manager.user)
    make_action(user=manager.user, owner=manager, title="Not mine")
    url = reverse("actions:action_ical", args=[calendar_token(operator.user)])
    response = client.get(url)  # anonymous: the token is the credential
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = {str(e["summary"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert set(events) == {f"Échéance : {open_action}", f"Vérification de l'efficacité : {to_check}"}
    assert events[f"Échéance : {open_action}"].decoded("dtstart") == open_action.due_on
    assert str(events[f"Échéance : {open_action}"]["url"]).endswith(f"/actions/{open_action.pk}/")


def test_ical_feed_refuses_forged_and_revoked_tokens(client, operator):
    token = calendar_token(operator.user)
    assert client.get(reverse("actions:action_ical", args=[token + "x"])).status_code == 404
    operator.user.set_password("another-pass-5678")
    operator.user.save()
    assert client.get(reverse("actions:action_ical", args=[token])).status_code == 404


def test_detail_shows_the_record_and_its_origin(client, manager, site_a):
    nc = make_nc(site_a)
    action = make_action(user=manager.user, origin=nc, efficacy_criterion="No burr on 5 consecutive lots")
    response = login(client, manager).get(action.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert action.reference in content and "No burr on 5 consecutive lots" in content
    assert nc.title in content
    assert "Action créée" in content  # the business event in the history panel
    assert reverse("actions:action_status", args=[action.pk]) in content


def test_detail_of_another_site_is_404(client, member, site_b):
    boss = member(Role.QSSE_MANAGER, all_sites=True, username="boss")
    action = make_action(user=boss.user, site=site_b)
    reader = member(Role.READER)
    assert login(client, reader).get(action.get_absolute_url()).status_code == 404


def test_create_prefills_the_origin_and_creates(client, manager, operator, site_a):
    nc = make_nc(site_a)
    content_type = ContentType.objects.get_for_model(nc)
    url = reverse("actions:action_create") + f"?origin_type={content_type.pk}&origin_id={nc.pk}"
    response = login(client, manager).get(url)
    assert nc.title in response.content.decode()
    assert response.context["form"].initial["site"] == site_a
    response = client.post(
        url,
        {
            "origin_type": content_type.pk,
            "origin_id": nc.pk,
            "title": "Replace the worn insert",
            "type": "corrective",
            "priority": 3,
            "owner": operator.pk,
            "due_on": (today() + timedelta(days=15)).isoformat(),
            "site": site_a.pk,
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert (action.origin, action.owner, action.priority) == (nc, operator, 3)


def test_create_with_errors_shows_them_per_field_and_saves_nothing(client, manager, operator):
    due = today() + timedelta(days=10)
    response = login(client, manager).post(
        reverse("actions:action_create"),
        {
            "title": "",
            "type": "corrective",
            "priority": 2,
            "owner": operator.pk,
            "due_on": due.isoformat(),
            "efficacy_check_due_on": (due - timedelta(days=1)).isoformat(),
            "estimated_cost": "-5",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "efficacy_check_due_on", "estimated_cost"}
    assert form.errors["efficacy_check_due_on"] == [
        "La vérification de l'efficacité ne peut pas être planifiée avant l'échéance."
    ]
    assert "Ce champ est obligatoire." in response.content.decode()
    assert Action.objects.count() == 0


def test_reader_gets_403_on_create_and_status(client, manager, member):
    action = make_action(user=manager.user)
    reader = member(Role.READER)
    login(client, reader)
    assert client.get(reverse("actions:action_create")).status_code == 403
    response = client.post(reverse("actions:action_status", args=[action.pk]), {"status": "in_progress"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "planned"


def test_edit_saves_and_refuses_other_peoples_actions(client, manager, operator, member):
    action = make_action(user=manager.user, owner=operator)
    login(client, operator)
    data = {
        "title": "Replace the insert and the holder",
        "type": "corrective",
        "priority": 2,
        "owner": operator.pk,
        "due_on": action.due_on.isoformat(),
        "progress": 40,
    }
    response = client.post(reverse("actions:action_edit", args=[action.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.progress) == ("Replace the insert and the holder", 40)
    colleague = member(Role.CONTRIBUTOR, username="colleague")
    assert login(client, colleague).get(reverse("actions:action_edit", args=[action.pk])).status_code == 403


def test_status_post_answers_json_for_the_board(client, manager):
    action = make_action(user=manager.user)
    login(client, manager)
    url = reverse("actions:action_status", args=[action.pk])
    response = client.post(url, {"status": "in_progress"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"ok": True, "status": "in_progress", "status_label": "En cours"}
    refused = client.post(url, {"status": "checked"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400
    assert refused.json()["ok"] is False and "efficacité" in refused.json()["error"]
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_status_post_from_a_form_redirects_back(client, manager):
    action = make_action(user=manager.user)
    login(client, manager)
    response = client.post(
        reverse("actions:action_status", args=[action.pk]),
        {"status": "done", "next": reverse("actions:action_board")},
    )
    assert response["Location"] == reverse("actions:action_board")
    action.refresh_from_db()
    assert action.status == "done"


def test_efficacy_check_through_the_page(client, manager):
    action = make_done(make_action(user=manager.user), manager.user)
    login(client, manager)
    url = reverse("actions:action_efficacy", args=[action.pk])
    # Not effective needs an explanation.
    response = client.post(url, {"result": "not_effective", "checked_on": today().isoformat()})
    assert response.context["efficacy_form"].errors == {
        "comment": ["Expliquez pourquoi l'action n'a pas été efficace."]
    }
    action.refresh_from_db()
    assert action.status == "done"
    response = client.post(
        url,
        {
            "result": "not_effective",
            "checked_on": today().isoformat(),
            "comment": "Burrs again",
            "follow_up": "new_action",
        },
    )
    follow_up = Action.objects.get(follow_up_of=action)
    assert response["Location"] == follow_up.get_absolute_url()


def test_contributor_gets_403_on_efficacy(client, manager, operator):
    action = make_done(make_action(user=manager.user, owner=operator), manager.user)
    response = login(client, operator).post(
        reverse("actions:action_efficacy", args=[action.pk]), {"result": "effective", "checked_on": today()}
    )
    assert response.status_code == 403


def test_board_columns_and_query_count(client, manager, django_assert_max_num_queries):
    for index in range(5):
        make_action(user=manager.user, title=f"Planned {index}")
    services.action_set_status(user=manager.user, action=make_action(user=manager.user), status="in_progress")
    login(client, manager)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("actions:action_board"))
    content = response.content.decode()
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', content))
    assert counts == {"planned": "5", "in_progress": "1", "done": "0", "checked": "0"}
    assert "vendor/sortablejs/Sortable.min.js" in content


def test_board_shows_a_more_link_beyond_the_limit(client, manager, monkeypatch):
    monkeypatch.setattr("qsse.actions.views.BOARD_CARD_LIMIT", 2)
    for _index in range(3):
        make_action(user=manager.user)
    response = login(client, manager).get(reverse("actions:action_board"))
    assert "1 action de plus" in response.content.decode()
    assert len(response.context["columns"][0].cards) == 2


def test_search_and_dashboard_widget(client, manager):
    action = make_action(user=manager.user, title="Sharpen the drill bits", due_in=-1)
    login(client, manager)
    assert action.reference in client.get(reverse("core:search"), {"q": "drill"}).content.decode()
    content = client.get(reverse("core:dashboard")).content.decode()
    assert "Mes actions" in content and "1 en retard" in content and "Sharpen the drill bits" in content


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("actions:action_list"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- Figures loaded apart from the table, Kanban's recent checks, origin types ----------------------


def test_stats_fragment_counts_what_the_user_may_see(
    client, manager, member, site_a, site_b, django_assert_max_num_queries
):
    boss = member(Role.QSSE_MANAGER, all_sites=True, username="boss")
    make_action(user=manager.user, site=site_a, due_in=-2)  # overdue
    make_done(make_action(user=manager.user, site=site_a), manager.user)
    make_action(user=manager.user, site=None, due_in=5)  # organisation-wide: seen from every site
    make_action(user=boss.user, site=site_b, due_in=-9)  # Moulins: not seen from Montluçon
    login(client, manager)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("actions:action_stats"), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content and content.lstrip().startswith("<section")
    # 3 actions: 2 open (1 overdue), 1 done = 1 of 3 -> 33 %.
    assert 'data-stat="total">3<' in content and 'data-stat="open">2<' in content
    assert 'data-stat="overdue">1<' in content and 'data-stat="to_check">1<' in content
    assert 'data-stat="done_percent">33 %' in content
    filtered = client.get(reverse("actions:action_stats"), {"overdue": "yes"}, HTTP_HX_REQUEST="true")
    assert 'data-stat="total">1<' in filtered.content.decode()
    everything = login(client, boss).get(reverse("actions:action_stats"), HTTP_HX_REQUEST="true")
    assert everything.context["stats"]["total"] == 4


def test_stats_page_without_javascript(client, manager):
    make_action(user=manager.user, due_in=-2)
    make_action(user=manager.user, due_in=2)
    response = login(client, manager).get(reverse("actions:action_stats"), {"overdue": "yes", "page": "3"})
    content = response.content.decode()
    assert response.status_code == 200 and "<html" in content
    assert "<h1" in content and "Plan d&#x27;action : indicateurs d'avancement</h1>" in content
    assert 'href="/actions/?overdue=yes"' in content  # back to the list, same filters
    assert 'data-stat="total">1<' in content


def test_my_actions_figures_count_my_actions_only(client, manager, operator):
    make_action(user=manager.user, owner=operator)
    make_action(user=manager.user, owner=manager)
    make_action(user=manager.user, owner=manager, due_in=-1)
    login(client, manager)
    page = client.get(reverse("actions:action_mine")).content.decode()
    assert 'hx-get="/actions/mine/stats/"' in page
    fragment = client.get(reverse("actions:action_mine_stats"), HTTP_HX_REQUEST="true")
    assert (fragment.context["stats"]["total"], fragment.context["stats"]["overdue"]) == (2, 1)


def test_stats_need_a_signed_in_user(client):
    response = client.get(reverse("actions:action_stats"), HTTP_HX_REQUEST="true")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_board_checked_column_shows_the_recent_checks(client, manager, monkeypatch):
    monkeypatch.setattr("qsse.actions.views.BOARD_CARD_LIMIT", 1)
    actions = [
        make_done(make_action(user=manager.user, title=f"Checked {i}"), manager.user) for i in range(3)
    ]
    for action in actions:
        services.action_check_efficacy(user=manager.user, action=action, result="effective")
    long_ago = today() - timedelta(days=120)
    Action.objects.filter(pk=actions[0].pk).update(efficacy_checked_on=long_ago, completed_on=long_ago)
    response = login(client, manager).get(reverse("actions:action_board"), {"priority": "2"})
    content = response.content.decode()
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', content))
    assert counts["checked"] == "2"  # the check of 120 days ago has left the column
    assert "Efficacité vérifiée <span" in content and "(90 derniers jours)" in content
    since = (today() - timedelta(days=90)).isoformat()
    # "1 more": the list of the checks of the column; and the list of every checked action.
    assert (
        f'href="/actions/?status=checked&amp;checked_after={since}&amp;priority=2">1 action de plus'
        in content
    )
    assert 'href="/actions/?status=checked&amp;priority=2" data-all-checked' in content
    listed = client.get(reverse("actions:action_list"), {"status": "checked", "checked_after": since})
    assert listed.context["page_obj"].paginator.count == 2


def test_origin_type_filter_offers_the_registered_kinds_in_use_without_reading_every_action(
    client, manager, site_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, manager)
    response = client.get(reverse("actions:action_list"))
    assert list(response.context["filterset"].form.fields["origin_type"].queryset) == []
    nc = make_nc(site_a)
    make_action(user=manager.user, origin=nc, title="Raised from the record")
    make_action(user=manager.user, title="Raised from nothing")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("actions:action_list"))
    nc_type = ContentType.objects.get_for_model(nc)
    assert list(response.context["filterset"].form.fields["origin_type"].queryset) == [nc_type]
    assert "Non-conformité" in response.content.decode()
    assert not any("DISTINCT" in query["sql"] for query in queries.captured_queries)
    filtered = client.get(reverse("actions:action_list"), {"origin_type": nc_type.pk})
    assert [row.title for row, _cells in filtered.context["rows"]] == ["Raised from the record"]


def test_board_query_count_does_not_grow_with_the_cards(client, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def board_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("actions:action_board"))
        assert response.status_code == 200
        return len(queries.captured_queries)

    login(client, manager)
    checked = make_done(make_action(user=manager.user), manager.user)
    services.action_check_efficacy(user=manager.user, action=checked, result="effective")
    make_done(make_action(user=manager.user), manager.user)
    make_action(user=manager.user)
    board_queries()  # the first request of a session reads a few things once
    few = board_queries()
    for index in range(12):
        make_action(user=manager.user, title=f"Planned {index}")
        make_done(make_action(user=manager.user, title=f"Done {index}"), manager.user)
    # The cards read only what they show (owner joined): no query per card.
    assert board_queries() == few

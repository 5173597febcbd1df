"""The DUER updated from an accident (issue 6 §2): the accident page links the accident to a hazard
of its work unit, the hazard is marked to re-evaluate in the DUER until its rating is saved again;
only hazards the user may change are offered, and a reader changes nothing."""

import html
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.core.choices import Role
from qsse.core.models import BusinessEvent
from qsse.duer import selectors as duer_selectors
from qsse.duer import services as duer_services
from qsse.duer.models import HazardFeedback
from qsse.duer.tests.factories import make_duer, make_hazard, make_unit

from .factories import make_accident

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(site_a):
    return make_unit(site_a)


@pytest.fixture
def other_unit(site_a):
    return make_unit(site_a, name="Magasin")


@pytest.fixture
def duer(manager):
    return make_duer(manager.user, manager)


@pytest.fixture
def cutting(manager, duer, unit):
    return make_hazard(
        manager.user, duer, unit, sub_danger="Coupure par les bavures", probability=2, gravity=2
    )


@pytest.fixture
def noise(manager, duer, unit):
    return make_hazard(manager.user, duer, unit, probability=3, gravity=2)


@pytest.fixture
def stock_hazard(manager, duer, other_unit):
    return make_hazard(manager.user, duer, other_unit, probability=1, gravity=2)


@pytest.fixture
def accident(manager, site_a, unit):
    return make_accident(manager.user, site_a, work_unit=unit)


def test_linking_marks_the_hazard_to_re_evaluate_and_saving_it_clears_the_mark(manager, accident, cutting):
    item = duer_services.hazard_feedback_add(
        user=manager.user,
        hazard=cutting,
        source=accident,
        source_on=date(2026, 3, 10),
        note="Les gants anti-coupure n'étaient pas disponibles au poste.",
    )
    cutting.refresh_from_db()
    assert cutting.needs_review is True
    assert cutting.review_reason == str(accident)
    assert (item.source_label, item.source_url) == (str(accident), accident.get_absolute_url())
    assert BusinessEvent.objects.filter(verb="Feedback linked to a hazard").count() == 1

    duer_services.hazard_update(user=manager.user, hazard=cutting, probability=3)
    cutting.refresh_from_db()
    assert (cutting.needs_review, cutting.review_reason, cutting.raw_score) == (False, "", 6)
    assert BusinessEvent.objects.filter(verb="Hazard re-evaluated").count() == 1
    # The link stays: the DUER keeps what fed its evaluation.
    assert HazardFeedback.objects.filter(hazard=cutting).count() == 1


def test_a_link_without_the_mark_leaves_the_hazard_as_it_was(manager, accident, cutting):
    duer_services.hazard_feedback_add(user=manager.user, hazard=cutting, source=accident, flag_review=False)
    cutting.refresh_from_db()
    assert cutting.needs_review is False


def test_the_same_accident_twice_on_a_hazard_is_refused(manager, accident, cutting):
    duer_services.hazard_feedback_add(user=manager.user, hazard=cutting, source=accident)
    with pytest.raises(ValidationError) as error:
        duer_services.hazard_feedback_add(user=manager.user, hazard=cutting, source=accident)
    assert error.value.messages == ["Cet enregistrement est déjà relié au danger."]


def test_a_record_of_an_unregistered_kind_cannot_feed_the_duer(manager, duer, cutting, unit):
    with pytest.raises(ValidationError):
        duer_services.hazard_feedback_add(user=manager.user, hazard=cutting, source=unit)


def test_a_reader_cannot_link(member, site_a, accident, cutting):
    reader = member(Role.READER, site=site_a, username="lecteur")
    with pytest.raises(PermissionDenied):
        duer_services.hazard_feedback_add(user=reader.user, hazard=cutting, source=accident)
    assert not HazardFeedback.objects.exists()
    assert duer_selectors.hazards_for_feedback(reader.user, site=site_a, work_unit=accident.work_unit) == []


def test_the_hazards_offered_are_those_of_the_work_unit(
    manager, accident, cutting, noise, stock_hazard, site_a
):
    offered = duer_selectors.hazards_for_feedback(manager.user, site=site_a, work_unit=accident.work_unit)
    # Highest residual risk first: noise 3 × 2 = 6, cutting 2 × 2 = 4; the store's hazard not offered.
    # Without a work unit, every hazard of the site, by work unit name (Atelier before Magasin).
    assert offered == [noise, cutting]
    assert duer_selectors.hazards_for_feedback(manager.user, site=site_a) == [noise, cutting, stock_hazard]


def test_accident_page_links_the_hazard_and_the_duer_page_shows_it(client, manager, accident, cutting, noise):
    client.force_login(manager.user)
    page = html.unescape(client.get(accident.get_absolute_url()).content.decode())
    assert "Pas encore relié à un danger du DUER." in page
    assert "Coupure par les bavures" in page

    response = client.post(
        f"/accidents/{accident.pk}/duer/",
        {"duer-hazard": cutting.pk, "duer-note": "Gants absents du poste", "duer-flag_review": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = html.unescape(response.content.decode())
    assert "L'accident est relié au danger du DUER." in fragment
    assert "à réévaluer" in fragment
    assert "Gants absents du poste" in fragment

    unit_page = client.get(f"/duer/{cutting.duer_id}/units/{cutting.work_unit_id}/").content.decode()
    assert "À réévaluer" in unit_page
    assert accident.reference in unit_page
    overview = client.get(f"/duer/{cutting.duer_id}/").content.decode()
    assert "1 à réévaluer" in overview


def test_reader_sees_the_link_but_no_form(client, member, site_a, manager, accident, cutting):
    duer_services.hazard_feedback_add(user=manager.user, hazard=cutting, source=accident)
    reader = member(Role.READER, site=site_a, username="lecteur")
    client.force_login(reader.user)
    page = client.get(accident.get_absolute_url()).content.decode()
    assert "Coupure par les bavures" in page
    assert "Relier au danger" not in page
    response = client.post(f"/accidents/{accident.pk}/duer/", {"duer-hazard": cutting.pk})
    assert response.status_code == 302  # the form is invalid for a reader: no hazard offered
    assert HazardFeedback.objects.count() == 1
    item = HazardFeedback.objects.get()
    assert client.post(f"/accidents/duer-links/{item.pk}/remove/").status_code == 403
    assert HazardFeedback.objects.count() == 1


def test_a_fact_is_corrected_in_its_own_form(client, manager, accident):
    from qsse.accidents import services
    from qsse.accidents.models import CauseNode

    root = CauseNode.objects.get(accident=accident, is_root=True)
    fact = services.fact_add(user=manager.user, accident=accident, text="Gants absents", effect=root)
    client.force_login(manager.user)
    page = client.get(f"/accidents/facts/{fact.pk}/edit/").content.decode()
    assert 'value="Gants absents"' in page
    response = client.post(
        f"/accidents/facts/{fact.pk}/edit/",
        {"text": "Gants anti-coupure absents du poste", "kind": "habitual", "component": "MT"},
    )
    assert response.status_code == 302
    fact.refresh_from_db()
    assert (fact.text, fact.kind, fact.component) == ("Gants anti-coupure absents du poste", "habitual", "MT")
    # An empty wording is refused with the field's message, nothing changed.
    response = client.post(f"/accidents/facts/{fact.pk}/edit/", {"text": "", "kind": "unusual"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    fact.refresh_from_db()
    assert fact.text == "Gants anti-coupure absents du poste"


def test_a_reader_cannot_correct_a_fact(client, member, site_a, manager, accident):
    from qsse.accidents.models import CauseNode

    root = CauseNode.objects.get(accident=accident, is_root=True)
    reader = member(Role.READER, site=site_a, username="lecteur")
    client.force_login(reader.user)
    assert (
        client.post(f"/accidents/facts/{root.pk}/edit/", {"text": "x", "kind": "unusual"}).status_code == 403
    )
    root.refresh_from_db()
    assert root.text != "x"


def test_a_prevention_measure_is_corrected_in_its_own_form(client, manager, cutting):
    measure = duer_services.measure_create(
        user=manager.user,
        hazard=cutting,
        description="Gants",
        principle="instruct",
        measure_type="human",
        protection="individual",
    )
    client.force_login(manager.user)
    response = client.post(
        f"/duer/measures/{measure.pk}/edit/",
        {
            "description": "Gants anti-coupure niveau 5 au poste d'ébavurage",
            "principle": "instruct",
            "measure_type": "technical",
            "protection": "individual",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.description, measure.measure_type) == (
        "Gants anti-coupure niveau 5 au poste d'ébavurage",
        "technical",
    )

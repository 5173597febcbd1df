"""Minutes of a management review: the data printed, in French and in English, and the PDF itself."""

from datetime import date

import pytest

from qsse.reviews import minutes, services
from qsse.reviews.choices import ReviewOutput

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_review(make_review, manager, director, no_providers):
    review = make_review(external_participants="M. Durand (auditeur AFNOR)", absentees="Valérie Fontaine")
    services.management_review_collect_inputs(user=manager.user, review=review)
    entry = review.inputs.get(input_key="resources")
    services.review_input_comment_set(user=manager.user, entry=entry, comment="Deux recrutements en usinage.")
    decision = services.review_decision_create(
        user=manager.user,
        review=review,
        output_kind=ReviewOutput.RESOURCE_NEED,
        text="Recruter un régleur CNC",
        owner=director,
        due_on=date(2026, 6, 30),
    )
    services.management_review_update(
        user=manager.user, review=review, conclusions="Le système est pertinent, adéquat et efficace."
    )
    services.management_review_mark_held(user=manager.user, review=review)
    services.management_review_sign(user=director.user, review=review)
    review.refresh_from_db()
    return review, decision


def test_minutes_data_in_french(signed_review, manager):
    review, decision = signed_review
    data = minutes.minutes_data(manager.user, review, "fr")
    assert data["lang"] == "fr"
    assert data["labels"]["title"] == "Compte rendu de revue de direction"
    assert data["labels"]["signature"] == "Signature"
    assert data["reference"] == "RDD-2026-0001"
    assert data["date"] == "22 janvier 2026"
    assert data["location"] == "Salle de réunion, Montluçon"
    assert data["scope"] == "Tout l'organisme"
    assert data["chair"] == "Jean-Marc Vernet (Directeur général)"
    assert data["external"] == ["M. Durand (auditeur AFNOR)"]
    assert data["absentees"] == ["Valérie Fontaine"]
    assert len(data["agenda"]) == 12
    assert data["agenda"][0] == {
        "clause": "9.3.2 a)",
        "label": "a) État d'avancement des actions décidées à l'issue des revues de direction précédentes",
    }
    resources = next(item for item in data["inputs"] if item["clause"] == "9.3.2 d)")
    assert resources["empty"] is True
    assert resources["comment"] == "Deux recrutements en usinage."
    assert data["labels"]["empty_input"] == "Pas encore de données dans OpenQSSE — à compléter."
    assert data["decisions"] == [
        {
            "kind": "Besoin en ressources",
            "text": "Recruter un régleur CNC",
            "owner": "Jean-Marc Vernet",
            "due_on": "30/06/2026",
            "action": decision.action.reference,
            "status": "Planifiée",
        }
    ]
    assert data["conclusions"] == ["Le système est pertinent, adéquat et efficace."]
    assert data["signature"]["name"] == "Jean-Marc Vernet"
    assert data["signature"]["role"] == "Directeur général"
    assert data["signature"]["signed"] is True


def test_minutes_data_in_english(signed_review, manager):
    review, _decision = signed_review
    data = minutes.minutes_data(manager.user, review, "en")
    assert data["labels"]["title"] == "Management review minutes"
    assert data["date"] == "Jan. 22, 2026"
    assert data["scope"] == "Whole organisation"
    assert data["agenda"][0]["label"] == "a) Status of actions from previous management reviews"
    assert data["decisions"][0]["kind"] == "Resource need"
    assert data["decisions"][0]["status"] == "Planned"


def test_language_of_the_minutes(signed_review):
    review, _decision = signed_review
    assert minutes.minutes_language(review, "en") == "en"
    assert minutes.minutes_language(review, "de") == "fr"  # the review's language
    assert minutes.minutes_language(review, None) == "fr"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_minutes_pdf_renders(signed_review, manager, client, lang):
    review, _decision = signed_review
    client.force_login(manager.user)
    response = client.get(f"/reviews/{review.pk}/minutes.pdf?lang={lang}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 10_000
    assert f'filename="{review.reference}-{lang}.pdf"' in response["Content-Disposition"]

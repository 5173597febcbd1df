"""The demo story of the reviews module, seeded with the whole demo company."""

from datetime import date

import pytest

from qsse.actions.choices import ActionStatus
from qsse.actions.models import Action
from qsse.reviews.choices import ManagementReviewStatus, ReviewInput
from qsse.reviews.models import ManagementReview, ProcessReview

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(demo_company):
    """The demo company, seeded once for the run (see the root conftest)."""
    return demo_company


def test_demo_reviews(demo, db):
    assert demo.modules["management reviews"] == 2
    assert demo.modules["process reviews"] == 3
    assert demo.modules["review decisions"] == 9
    signed, draft = ManagementReview.objects.order_by("held_on")
    assert signed.status == ManagementReviewStatus.SIGNED
    assert signed.held_on == date(2026, 1, 22)
    assert signed.signed_by_name.startswith("Jean-Marc Vernet")
    assert all(entry.comment for entry in signed.inputs.all())
    statuses = sorted(decision.action.status for decision in signed.decisions.select_related("action"))
    assert statuses == sorted(
        [ActionStatus.CHECKED, ActionStatus.DONE, ActionStatus.CHECKED]
        + [ActionStatus.IN_PROGRESS, ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]
    )
    assert draft.status == ManagementReviewStatus.DRAFT
    assert draft.inputs_collected_at is not None
    previous = draft.inputs.get(input_key=ReviewInput.PREVIOUS_ACTIONS).sections[0]
    assert len(previous["rows"]) == 6  # the decisions of the 2025 review
    nonconformities = draft.inputs.get(input_key=ReviewInput.NONCONFORMITIES).sections
    assert nonconformities and int(dict(nonconformities[0]["figures"])["Fiches de la période"]) > 0
    assert ProcessReview.objects.filter(status="signed").count() == 2
    assert (
        Action.objects.filter(
            origin_object_id=signed.pk, origin_content_type__model="managementreview"
        ).count()
        == 6
    )

"""seed_bulk adds exactly the numbers asked for, with unique references that the counters follow."""

import re
from datetime import date

from django.core.management import call_command

from qsse.actions.models import Action
from qsse.core.numbering import next_reference
from qsse.demo.bulk import reserve_references, seed_bulk
from qsse.demo.seeding import seed_demo
from qsse.nonconformities.choices import NonconformityStatus
from qsse.nonconformities.models import Nonconformity

SHORT_DEMO_TODAY = date(2025, 2, 14)  # six weeks of demo history: quick to build


def test_reserve_references_hands_out_consecutive_blocks(db):
    assert reserve_references("NC", 2031, 5) == 1
    assert reserve_references("NC", 2031, 3) == 6
    assert next_reference("NC", 2031) == "NC-2031-0009"


def test_seed_bulk_creates_exact_counts_with_unique_references(db):
    seed_demo(today=SHORT_DEMO_TODAY)
    ncs_before, actions_before = Nonconformity.objects.count(), Action.objects.count()
    summary = seed_bulk(nonconformities=60, actions=150, since=date(2024, 1, 1), today=SHORT_DEMO_TODAY)
    assert (summary.nonconformities, summary.actions) == (60, 150)
    assert Nonconformity.objects.count() == ncs_before + 60
    assert Action.objects.count() == actions_before + 150

    references = list(Nonconformity.objects.values_list("reference", "detected_on"))
    assert len({reference for reference, _ in references}) == len(references)
    for reference, detected_on in references:
        assert re.fullmatch(rf"(NC|INC|REC)-{detected_on.year}-\d{{4,}}", reference)
    action_references = list(Action.objects.values_list("reference", flat=True))
    assert len(set(action_references)) == len(action_references)

    bulk = Nonconformity.objects.filter(detected_on__lt=date(2025, 1, 1))
    assert bulk.count() >= 40  # most of the bulk lies in 2024, before the demo history
    assert bulk.values("site").distinct().count() == 2
    # Every bulk record that reached the action step has an action pointing at it.
    for nc in bulk.filter(status__in=(NonconformityStatus.ACTION, NonconformityStatus.CLOSED)):
        assert Action.objects.filter(
            origin_object_id=nc.pk, origin_content_type__model="nonconformity"
        ).exists()
    # The counters moved past the reserved block: the next record gets a fresh number.
    last_2024 = max(int(ref.rsplit("-", 1)[1]) for ref, _ in references if ref.startswith("NC-2024-"))
    assert next_reference("NC", 2024) == f"NC-2024-{last_2024 + 1:04d}"


def test_seed_bulk_command(db):
    seed_demo(today=SHORT_DEMO_TODAY)
    before = Nonconformity.objects.count(), Action.objects.count()
    call_command(
        "seed_bulk", "--nonconformities", "7", "--actions", "11", "--since", "2024-06-01", stdout=None
    )
    assert (Nonconformity.objects.count(), Action.objects.count()) == (before[0] + 7, before[1] + 11)

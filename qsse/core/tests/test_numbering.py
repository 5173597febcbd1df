import pytest

from qsse.core.numbering import format_reference, next_reference


def test_format_reference_pads_to_four_digits():
    assert format_reference("NC", 2026, 42) == "NC-2026-0042"
    assert format_reference("ACT", 2026, 10107) == "ACT-2026-10107"


@pytest.mark.django_db
def test_next_reference_counts_per_prefix_and_year():
    assert next_reference("NC", 2026) == "NC-2026-0001"
    assert next_reference("NC", 2026) == "NC-2026-0002"
    assert next_reference("ACT", 2026) == "ACT-2026-0001"
    assert next_reference("NC", 2027) == "NC-2027-0001"

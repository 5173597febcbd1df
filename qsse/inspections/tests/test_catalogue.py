"""The shipped catalogue: its contents against the references it was built from, and the checks
that refuse a broken file."""

import pytest

from qsse.inspections import catalogue
from qsse.inspections.models import InspectionType


def test_shipped_catalogue_parses_and_cites_its_sources():
    data = catalogue.shipped()
    assert (len(data.kinds), len(data.types)) == (18, 21)
    types = {entry.code: entry for entry in data.types}
    # arrêté du 26 décembre 2011, art. 3: 12 months, may go to 24.
    electrical = types["elec-periodic"]
    assert (electrical.periodicity_months, electrical.max_periodicity_months) == (12, 24)
    assert electrical.legal_article == "Article 3" and not electrical.to_verify
    # arrêté du 1er mars 2004, art. 23: 6 months for forklifts, 3 months for manual work-station lifts.
    assert types["forklift-vgp"].periodicity_months == 6
    assert types["manual-workstation-lift-vgp"].periodicity_months == 3
    assert types["lifting-vgp"].periodicity_months == 12
    assert types["pressure-periodic"].periodicity_months == 48
    assert types["pressure-requalification"].periodicity_months == 120
    assert types["automatic-doors"].periodicity_months == 6
    # Rows marked UNCONFIRMED in the brief are shipped to verify, each with a note.
    to_verify = {code for code, entry in types.items() if entry.to_verify}
    assert to_verify == {"ventilation-check", "fall-arrest-ppe", "ladders-check", "boiler-efficiency"}
    assert all(types[code].note.startswith("NON CONFIRMÉ") for code in to_verify)
    # A confirmed entry always names its text and an https source.
    for entry in data.types:
        if not entry.to_verify:
            assert entry.legal_text and entry.source_url.startswith("https://"), entry.code


BROKEN = """
format: openqsse.periodic-inspections
format_version: 1
kinds:
  - {code: forklifts, name_fr: Chariots}
types:
  - code: a
    kind: cranes
    title_fr: VGP
    periodicity_months: 0
    inspector: anybody
    to_verify: true
"""


def test_a_broken_file_is_refused_with_every_error():
    with pytest.raises(catalogue.CatalogueError) as raised:
        catalogue.parse(BROKEN)
    errors = "\n".join(raised.value.errors)
    assert "kind 'cranes' is not declared" in errors
    assert "periodicity_months must be a whole number" in errors
    assert "inspector must be one of" in errors
    assert "an entry to verify needs a note" in errors


def test_wrong_format_is_refused():
    with pytest.raises(catalogue.CatalogueError):
        catalogue.parse("format: something-else\n")


@pytest.mark.django_db
def test_catalogue_is_in_the_database():
    assert InspectionType.objects.filter(is_shipped=True).count() == 21
    assert InspectionType.objects.get(code="elec-periodic").max_periodicity_months == 24

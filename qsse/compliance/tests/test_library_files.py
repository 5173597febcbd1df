"""Reading library files: the schema is enforced, errors name the line, the entry and the field."""

import pytest

from qsse.compliance.library_files import LibraryFileError, parse_library

from .factories import V1


def errors_of(content):
    with pytest.raises(LibraryFileError) as caught:
        parse_library(content)
    return [(e.line, e.entry, e.field) for e in caught.value.errors]


def test_valid_file_is_read():
    parsed = parse_library(V1.encode())
    assert parsed.code == "test-ohs"
    assert parsed.version == "2026.1"
    assert list(parsed.requirements) == ["duer", "cse", "boiler", "forklift"]
    assert parsed.requirements["boiler"]["theme"] == "environment"
    assert parsed.requirements["duer"]["theme"] == "ohs"  # the library's default theme
    # YAML reads 2910 as a number: rubriques are stored as text
    assert parsed.requirements["boiler"]["criteria"] == [
        {"fact": "icpe_rubriques", "op": "has", "value": ["2910"]}
    ]
    assert parsed.requirements["forklift"]["periodicity_months"] == 6
    assert parsed.requirements["cse"]["position"] == 2


def test_json_is_accepted():
    content = (
        '{"format": "openqsse.compliance-library", "format_version": 1,\n'
        ' "library": {"code": "j", "title": "J", "theme": "quality"},\n'
        ' "version": {"number": "1"},\n'
        ' "requirements": [{"key": "4.1", "reference": "4.1", "title": "Contexte", "summary_fr": "x"}]}'
    )
    assert parse_library(content).requirements["4.1"]["theme"] == "quality"


def test_errors_name_line_entry_and_field():
    broken = V1.replace(
        "    applies_if:\n      - {fact: organisation_headcount", "    applies_if:\n      - {fact: staff"
    )
    broken = broken.replace("    periodicity_months: 6", "    periodicity_months: six")
    assert errors_of(broken) == [(20, "cse", "applies_if"), (33, "forklift", "periodicity_months")]


def test_missing_required_field_and_unknown_field():
    broken = V1.replace("    title: Document unique\n", "    titel: Document unique\n")
    assert errors_of(broken) == [(13, "duer", "titel"), (11, "duer", "title")]


def test_duplicate_key_and_bad_operator():
    broken = V1.replace("key: forklift", "key: duer").replace('op: ">="', "op: has")
    assert errors_of(broken) == [(20, "cse", "applies_if"), (29, "duer", "key")]


def test_unknown_equipment_is_refused():
    errors = errors_of(V1.replace("value: forklifts", "value: forklift"))
    assert errors == [(34, "forklift", "applies_if")]


def test_syntax_error_has_its_line():
    errors = errors_of(V1.replace("  title: Test OHS library", "  title: [unclosed"))
    assert errors[0][1:] == ("file", "syntax")
    assert errors[0][0] in (6, 7)


def test_wrong_format_and_empty_requirements():
    content = (
        "format: other\nformat_version: 3\nlibrary: {code: x, title: X}\n"
        "version: {number: '1'}\nrequirements: []\n"
    )
    assert errors_of(content) == [
        (1, "file", "format"),
        (2, "file", "format_version"),
        (5, "file", "requirements"),
    ]

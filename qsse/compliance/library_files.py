"""Reading a requirement-library file (YAML, or JSON which YAML reads too) and checking it against the
schema documented in docs/compliance.md. Every error names its line, its entry and its field; a file
with any error is refused as a whole (nothing is loaded)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from django.utils.translation import gettext as _

from . import calculations
from .choices import Equipment, LibraryKind, Theme

FORMAT = "openqsse.compliance-library"
FORMAT_VERSIONS = (1,)
MAX_ERRORS = 50
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$")
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")

TOP_FIELDS = {"format", "format_version", "library", "version", "requirements"}
LIBRARY_FIELDS = {"code", "title", "kind", "publisher", "description", "theme"}
VERSION_FIELDS = {"number", "published_on", "notes"}
REQUIREMENT_FIELDS = {
    "key",
    "reference",
    "text",
    "title",
    "summary_fr",
    "summary_en",
    "theme",
    "applies_if",
    "evidence_expected",
    "periodicity_months",
    "effective_on",
    "repealed_on",
    "source_url",
    "to_verify",
}

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FileError:
    line: int | None
    entry: str  # "library", "version", or the requirement's key (or "#n" when it has none)
    field: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line} if self.line else _("file")
        return f"{where} · {self.entry} · {self.field}: {self.message}"


class LibraryFileError(Exception):
    def __init__(self, errors: list[FileError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class ParsedLibrary:
    code: str
    title: str
    kind: str
    publisher: str
    description: str
    version: str
    published_on: date | None
    notes: str
    # key -> fields, in file order
    requirements: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Lines:
    """Line numbers (1-based) of the mappings and their keys, from the YAML node tree."""

    def __init__(self, node: Any):
        self.root = node

    @staticmethod
    def child(node: Any, key: str) -> Any:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == key:
                    return value_node
        return None

    @staticmethod
    def key_line(node: Any, key: str) -> int | None:
        if isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                if getattr(key_node, "value", None) == key:
                    return key_node.start_mark.line + 1
        return node.start_mark.line + 1 if node is not None else None

    @staticmethod
    def item(node: Any, index: int) -> Any:
        if isinstance(node, yaml.SequenceNode) and index < len(node.value):
            return node.value[index]
        return None


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError


def _text(value: Any, *, required: bool, max_length: int | None = None) -> tuple[str, str | None]:
    if value is None:
        return "", (_("This field is required.") if required else None)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return "", _("Expected a text.")
    text = str(value).strip()
    if required and not text:
        return "", _("This field is required.")
    if max_length and len(text) > max_length:
        return "", _("At most %(max)s characters.") % {"max": max_length}
    return text, None


def _check_criteria(value: Any) -> str | None:
    """The reason ``value`` is not a valid ``applies_if`` list, or None."""
    if value is None:
        return None
    if not isinstance(value, list):
        return _("Expected a list of conditions.")
    for item in value:
        if isinstance(item, dict) and set(item) == {"any"}:
            if not isinstance(item["any"], list) or not item["any"]:
                return _("“any” expects a non-empty list of conditions.")
            for condition in item["any"]:
                problem = _check_condition(condition)
                if problem:
                    return problem
        else:
            problem = _check_condition(item)
            if problem:
                return problem
    return None


def _check_condition(condition: Any) -> str | None:
    if not isinstance(condition, dict) or set(condition) != {"fact", "op", "value"}:
        return _("A condition has exactly the keys fact, op and value.")
    fact, op, value = condition["fact"], condition["op"], condition["value"]
    if fact not in calculations.FACTS:
        return _("Unknown fact “%(fact)s” (known: %(known)s).") % {
            "fact": fact,
            "known": ", ".join(sorted(calculations.FACTS)),
        }
    operators = calculations.operators_for(fact)
    if op not in operators:
        return _("Operator “%(op)s” cannot be used with “%(fact)s” (allowed: %(allowed)s).") % {
            "op": op,
            "fact": fact,
            "allowed": ", ".join(sorted(operators)),
        }
    if fact in calculations.NUMERIC_FACTS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _("“%(fact)s” is compared with a number.") % {"fact": fact}
    elif fact in calculations.SET_FACTS or op == "in":
        values = value if isinstance(value, list) else [value]
        if not values or not all(
            isinstance(item, str | int) and not isinstance(item, bool) for item in values
        ):
            return _("“%(fact)s” expects a value or a list of values.") % {"fact": fact}
        if fact == "equipment":
            unknown = sorted({str(item) for item in values} - set(Equipment.values))
            if unknown:
                return _("Unknown equipment “%(value)s” (known: %(known)s).") % {
                    "value": ", ".join(unknown),
                    "known": ", ".join(Equipment.values),
                }
    elif not isinstance(value, str):
        return _("“%(fact)s” is compared with a text.") % {"fact": fact}
    return None


def _normalise_criteria(value: Any) -> list[dict[str, Any]]:
    """Criteria as stored: rubriques and codes as strings (YAML reads ``2910`` as a number)."""

    def one(condition: dict[str, Any]) -> dict[str, Any]:
        raw = condition["value"]
        if condition["fact"] in calculations.SET_FACTS or condition["op"] == "in":
            raw = [str(item) for item in (raw if isinstance(raw, list) else [raw])]
        elif condition["fact"] in calculations.TEXT_FACTS:
            raw = str(raw)
        return {"fact": condition["fact"], "op": condition["op"], "value": raw}

    result: list[dict[str, Any]] = []
    for item in value or []:
        result.append({"any": [one(c) for c in item["any"]]} if "any" in item else one(item))
    return result


def parse_library(content: bytes | str) -> ParsedLibrary:
    """Read and check a library file; raise ``LibraryFileError`` listing every problem found."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise LibraryFileError(
                [FileError(None, "file", "encoding", _("The file is not UTF-8 text."))]
            ) from error
    try:
        # One pass with libyaml when PyYAML has it (about 10× faster on a 5,000-requirement file):
        # the node tree gives the line numbers of the errors, the data is built from it.
        loader = _LOADER(content)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise LibraryFileError(
            [FileError(mark.line + 1 if mark else None, "file", "syntax", str(problem))]
        ) from error
    errors: list[FileError] = []
    lines = _Lines(node)

    def fail(line: int | None, entry: str, name: str, message: str) -> None:
        if len(errors) < MAX_ERRORS:
            errors.append(FileError(line, entry, name, message))

    if not isinstance(data, dict):
        raise LibraryFileError(
            [FileError(1, "file", "format", _("The file must hold a mapping at its top."))]
        )
    for name in sorted(set(data) - TOP_FIELDS):
        fail(lines.key_line(node, name), "file", str(name), _("Unknown field."))
    if data.get("format") != FORMAT:
        fail(
            lines.key_line(node, "format"), "file", "format", _("Expected “%(format)s”.") % {"format": FORMAT}
        )
    if data.get("format_version") not in FORMAT_VERSIONS:
        fail(
            lines.key_line(node, "format_version"),
            "file",
            "format_version",
            _("Supported versions: %(versions)s.") % {"versions": ", ".join(map(str, FORMAT_VERSIONS))},
        )

    library = data.get("library")
    library_node = lines.child(node, "library")
    if not isinstance(library, dict):
        fail(lines.key_line(node, "library"), "library", "library", _("Expected a mapping."))
        library = {}
    for name in sorted(set(library) - LIBRARY_FIELDS):
        fail(lines.key_line(library_node, name), "library", str(name), _("Unknown field."))
    code, problem = _text(library.get("code"), required=True, max_length=60)
    if problem or not CODE_PATTERN.match(code):
        fail(
            lines.key_line(library_node, "code"),
            "library",
            "code",
            problem or _("Lower-case letters, digits, “-” and “_” only."),
        )
    title, problem = _text(library.get("title"), required=True, max_length=255)
    if problem:
        fail(lines.key_line(library_node, "title"), "library", "title", problem)
    kind = library.get("kind", LibraryKind.REGULATORY)
    if kind not in LibraryKind.values:
        fail(
            lines.key_line(library_node, "kind"),
            "library",
            "kind",
            _("Expected one of: %(values)s.") % {"values": ", ".join(LibraryKind.values)},
        )
    default_theme = library.get("theme")
    if default_theme is not None and default_theme not in Theme.values:
        fail(
            lines.key_line(library_node, "theme"),
            "library",
            "theme",
            _("Expected one of: %(values)s.") % {"values": ", ".join(Theme.values)},
        )
    publisher, problem = _text(library.get("publisher"), required=False, max_length=200)
    if problem:
        fail(lines.key_line(library_node, "publisher"), "library", "publisher", problem)
    description, problem = _text(library.get("description"), required=False)
    if problem:
        fail(lines.key_line(library_node, "description"), "library", "description", problem)

    version = data.get("version")
    version_node = lines.child(node, "version")
    if not isinstance(version, dict):
        fail(lines.key_line(node, "version"), "version", "version", _("Expected a mapping."))
        version = {}
    for name in sorted(set(version) - VERSION_FIELDS):
        fail(lines.key_line(version_node, name), "version", str(name), _("Unknown field."))
    number, problem = _text(version.get("number"), required=True, max_length=30)
    if problem:
        fail(lines.key_line(version_node, "number"), "version", "number", problem)
    published_on = None
    if version.get("published_on") is not None:
        try:
            published_on = _as_date(version["published_on"])
        except ValueError:
            fail(
                lines.key_line(version_node, "published_on"),
                "version",
                "published_on",
                _("Expected a date YYYY-MM-DD."),
            )
    notes, problem = _text(version.get("notes"), required=False)
    if problem:
        fail(lines.key_line(version_node, "notes"), "version", "notes", problem)

    parsed = ParsedLibrary(
        code=code,
        title=title,
        kind=kind if kind in LibraryKind.values else LibraryKind.REGULATORY,
        publisher=publisher,
        description=description,
        version=number,
        published_on=published_on,
        notes=notes,
    )
    requirements = data.get("requirements")
    requirements_node = lines.child(node, "requirements")
    if not isinstance(requirements, list) or not requirements:
        fail(lines.key_line(node, "requirements"), "file", "requirements", _("Expected a non-empty list."))
        requirements = []
    for index, item in enumerate(requirements):
        item_node = lines.item(requirements_node, index)
        entry = f"#{index + 1}"
        if not isinstance(item, dict):
            fail(
                item_node.start_mark.line + 1 if item_node else None,
                entry,
                "requirement",
                _("Expected a mapping."),
            )
            continue
        if isinstance(item.get("key"), str | int) and not isinstance(item.get("key"), bool):
            entry = str(item["key"])
        parsed_item = _parse_requirement(item, item_node, entry, default_theme, lines, fail)
        if parsed_item is None:
            continue
        if parsed_item["key"] in parsed.requirements:
            fail(lines.key_line(item_node, "key"), entry, "key", _("This key is used twice in the file."))
            continue
        parsed_item["position"] = index + 1
        parsed.requirements[parsed_item["key"]] = parsed_item
    if errors:
        raise LibraryFileError(errors)
    return parsed


def _parse_requirement(
    item: dict[str, Any], item_node: Any, entry: str, default_theme: Any, lines: _Lines, fail: Any
) -> dict[str, Any] | None:
    error_count_before = []

    def bad(name: str, message: str) -> None:
        error_count_before.append(name)
        fail(lines.key_line(item_node, name), entry, name, message)

    for name in sorted(set(item) - REQUIREMENT_FIELDS):
        bad(str(name), _("Unknown field."))
    result: dict[str, Any] = {}
    key, problem = _text(item.get("key"), required=True, max_length=80)
    if problem or not KEY_PATTERN.match(key):
        bad("key", problem or _("Letters, digits and “. _ : -” only."))
    result["key"] = key
    for name, required, max_length in (
        ("reference", True, 200),
        ("text", False, 255),
        ("title", True, 255),
        ("summary_fr", True, None),
        ("summary_en", False, None),
        ("evidence_expected", False, None),
        ("source_url", False, 500),
    ):
        value, problem = _text(item.get(name), required=required, max_length=max_length)
        if problem:
            bad(name, problem)
        result[name] = value
    if result["source_url"] and not result["source_url"].startswith(("https://", "http://")):
        bad("source_url", _("Expected an address starting with https://."))
    theme = item.get("theme", default_theme)
    if theme not in Theme.values:
        bad("theme", _("Expected one of: %(values)s.") % {"values": ", ".join(Theme.values)})
    result["theme"] = theme
    problem = _check_criteria(item.get("applies_if"))
    if problem:
        bad("applies_if", problem)
        result["criteria"] = []
    else:
        result["criteria"] = _normalise_criteria(item.get("applies_if"))
    periodicity = item.get("periodicity_months")
    if periodicity is not None and (
        isinstance(periodicity, bool) or not isinstance(periodicity, int) or not 1 <= periodicity <= 600
    ):
        bad("periodicity_months", _("Expected a whole number of months between 1 and 600."))
        periodicity = None
    result["periodicity_months"] = periodicity
    for name in ("effective_on", "repealed_on"):
        value = item.get(name)
        result[name] = None
        if value is not None:
            try:
                result[name] = _as_date(value)
            except ValueError:
                bad(name, _("Expected a date YYYY-MM-DD."))
    if result["effective_on"] and result["repealed_on"] and result["repealed_on"] < result["effective_on"]:
        bad("repealed_on", _("The repeal date cannot be before the date it came into force."))
    to_verify = item.get("to_verify", False)
    if not isinstance(to_verify, bool):
        bad("to_verify", _("Expected true or false."))
        to_verify = False
    result["to_verify"] = to_verify
    return None if error_count_before else result

"""Pure functions of the waste module: codes of the European List of Waste, waste categories,
treatment codes, tonnages, recovery rate, tracking-slip numbers and sorting obligations.

No Django here: plain values in, plain values or frozen dataclasses out; the lists the rules need
(inert codes, DASRI codes, sorting obligations) are passed in, read from ``data/`` by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Waste categories (French practice: DD, DND, DI, DASRI).
HAZARDOUS = "hazardous"  # DD: déchet dangereux, code marked * in the list
NON_HAZARDOUS = "non_hazardous"  # DND: déchet non dangereux non inerte
INERT = "inert"  # DI: déchet inerte
DASRI = "dasri"  # déchet d'activités de soins à risques infectieux

RECOVERY = "recovery"
DISPOSAL = "disposal"

TONNE = "t"
CUBIC_METRE = "m3"

# The DASRI codes Trackdéchets uses for its DASRI slip (see data/SOURCE.md).
DASRI_CODES = frozenset({"180103", "180202"})

_CODE = re.compile(r"^\s*(\d{2})\s*(\d{2})\s*(\d{2})\s*(\*?)\s*$")
_TREATMENT = re.compile(r"^\s*([RrDd])\s*(\d{1,2})\s*$")
# Trackdéchets numbers: PREFIX-yyyymmdd-XXXXXXXXX (9 base-32 characters), e.g. BSD-20250114-4FX8Q2KZ7.
TRACKDECHETS_NUMBER = re.compile(r"^(BSD|BSDA|DASRI|FF|VHU|PAOH)-(\d{8})-([0-9A-Z]{9})$")
# Paper slips (CERFA 12571) and other numbers before Trackdéchets: letters, digits, - / . and spaces.
PAPER_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z ./-]{3,39}$")
# Since 1 January 2022 the hazardous-waste slip is issued in Trackdéchets (project brief §2.6).
TRACKDECHETS_MANDATORY_FROM = date(2022, 1, 1)


def normalize_code(text: str) -> str | None:
    """``"12 01 09*"``, ``"120109"`` or ``" 12 01 09 * "`` → ``"120109"``; None when not a 6-digit code."""
    match = _CODE.match(text or "")
    return "".join(match.group(1, 2, 3)) if match else None


def display_code(code: str, is_hazardous: bool) -> str:
    """``"120109", True`` → ``"12 01 09*"``."""
    return f"{code[:2]} {code[2:4]} {code[4:6]}{'*' if is_hazardous else ''}"


def waste_category(
    code: str, is_hazardous: bool, inert_codes: frozenset[str], dasri_codes: frozenset[str] = DASRI_CODES
) -> str:
    """The category of a code: DASRI first (they are hazardous too), then hazardous (asterisk), inert
    (the shipped list of inert codes), otherwise non-hazardous non-inert."""
    if code in dasri_codes:
        return DASRI
    if is_hazardous:
        return HAZARDOUS
    if code in inert_codes:
        return INERT
    return NON_HAZARDOUS


def normalize_treatment_code(text: str) -> str | None:
    """``"R 13"``, ``"r13"`` → ``"R13"``; None unless R1–R13 or D1–D15."""
    match = _TREATMENT.match(text or "")
    if not match:
        return None
    letter, number = match.group(1).upper(), int(match.group(2))
    limit = 13 if letter == "R" else 15
    return f"{letter}{number}" if 1 <= number <= limit else None


def treatment_kind(code: str) -> str:
    """Recovery for an R code, disposal for a D code (Directive 2008/98/EC, annexes I and II)."""
    normalized = normalize_treatment_code(code)
    if normalized is None:
        raise ValueError(f"Not a treatment code: {code!r}")
    return RECOVERY if normalized.startswith("R") else DISPOSAL


def quantity_in_tonnes(quantity: Decimal, unit: str, density_t_per_m3: Decimal | None) -> Decimal | None:
    """The mass of a register line in tonnes: as is in t; volume × density for m³; None for m³
    without a density (reported apart, never guessed). Rounded to the kilogram."""
    if unit == TONNE:
        return Decimal(quantity).quantize(Decimal("0.001"), ROUND_HALF_UP)
    if unit == CUBIC_METRE:
        if density_t_per_m3 is None or density_t_per_m3 <= 0:
            return None
        return (Decimal(quantity) * Decimal(density_t_per_m3)).quantize(Decimal("0.001"), ROUND_HALF_UP)
    raise ValueError(f"Unknown unit: {unit!r}")


def tracking_number_problem(number: str, *, is_hazardous: bool, removed_on: date) -> str | None:
    """What is wrong with the tracking-slip number of a removal, or None.

    ``"missing"``: hazardous waste leaves with a slip (BSD), so its number is required;
    ``"format"``: from 1 January 2022 a hazardous-waste number must be a Trackdéchets number
    (``BSD-20250114-4FX8Q2KZ7``); before, or for non-hazardous waste, any number of 4 to 40
    letters, digits, spaces, ``-``, ``/`` or ``.``;
    ``"date"``: a Trackdéchets number dated after the removal.
    """
    number = (number or "").strip()
    if not number:
        return "missing" if is_hazardous else None
    match = TRACKDECHETS_NUMBER.match(number)
    if match:
        try:
            issued = date(int(match.group(2)[:4]), int(match.group(2)[4:6]), int(match.group(2)[6:]))
        except ValueError:
            return "format"
        return "date" if issued > removed_on else None
    if is_hazardous and removed_on >= TRACKDECHETS_MANDATORY_FROM:
        return "format"
    return None if PAPER_NUMBER.match(number) else "format"


def search_key(text: str) -> str:
    """Lower case without accents or punctuation, words separated by one space: what the list of
    waste is searched on (``"Émulsions d'usinage"`` → ``"emulsions d usinage"``)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^0-9a-z*]+", " ", plain).split())


def search_terms(query: str) -> list[str]:
    """The words of a search; a code typed with spaces (``"12 01"``) is kept as one term of digits."""
    key = search_key(query).replace("*", " ")
    digits = key.replace(" ", "")
    if digits.isdigit():
        return [digits]
    # One-letter words (the "d" of "d'usinage") match everything: left out.
    return [word for word in key.split() if len(word) > 1]


# --- Tonnages and recovery rate ----------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A register line reduced to what the rates need."""

    quantity: Decimal
    unit: str
    tonnes: Decimal | None  # None: a volume without density
    treatment_kind: str | None  # RECOVERY, DISPOSAL or None (treatment code unknown)


@dataclass(frozen=True)
class RecoveryFigures:
    total_t: Decimal
    recovered_t: Decimal
    disposed_t: Decimal
    unknown_t: Decimal  # tonnes without a treatment code
    rate: Decimal | None  # recovered / total, in %, one decimal; None when nothing weighed
    volume_without_density_m3: Decimal  # m³ lines without density: outside the tonnages
    lines: int


def recovery_figures(lines: Iterable[Line]) -> RecoveryFigures:
    """Recovery rate = tonnes sent to a recovery operation (R1–R13) / every tonne removed × 100.

    Lines in m³ count only when converted with a density (``tonnes`` set); the others are summed
    apart in m³. Tonnes without a treatment code stay in the total (not recovered).
    """
    total = recovered = disposed = unknown = volume = Decimal(0)
    count = 0
    for line in lines:
        count += 1
        if line.tonnes is None:
            volume += Decimal(line.quantity)
            continue
        total += line.tonnes
        if line.treatment_kind == RECOVERY:
            recovered += line.tonnes
        elif line.treatment_kind == DISPOSAL:
            disposed += line.tonnes
        else:
            unknown += line.tonnes
    return RecoveryFigures(
        total_t=total,
        recovered_t=recovered,
        disposed_t=disposed,
        unknown_t=unknown,
        rate=rate(recovered, total),
        volume_without_density_m3=volume,
        lines=count,
    )


def rate(recovered_t: Decimal, total_t: Decimal) -> Decimal | None:
    """``recovered_t / total_t`` in %, one decimal (half up); None when ``total_t`` is zero."""
    if not total_t:
        return None
    return (Decimal(recovered_t) * 100 / Decimal(total_t)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- Sorting obligations -----------------------------------------------------------------------


@dataclass(frozen=True)
class SortingObligation:
    flow: str
    label_fr: str
    label_en: str
    since: date
    legal_basis: str
    source_url: str = ""
    to_verify: bool = False
    note: str = ""


@dataclass(frozen=True)
class FlowStatus:
    obligation: SortingObligation
    in_force: bool  # the obligation applies on the day checked
    is_sorted: bool  # the site has an active stream for this flow
    missing: bool  # in force and not sorted


def sorting_check(
    sorted_flows: Iterable[str], obligations: Iterable[SortingObligation], on: date
) -> list[FlowStatus]:
    """Each sorting obligation with whether it is in force on ``on`` and whether the site sorts
    that flow (has a stream of it); ``missing`` when in force and not sorted."""
    flows = set(sorted_flows)
    result = []
    for obligation in obligations:
        in_force = obligation.since <= on
        is_sorted = obligation.flow in flows
        result.append(FlowStatus(obligation, in_force, is_sorted, in_force and not is_sorted))
    return result

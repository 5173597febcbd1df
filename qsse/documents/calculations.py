"""Pure rules of document control: references, versions, life cycle, confidentiality, signature
digests, acknowledgement rate, review dates. No Django imports."""

from __future__ import annotations

import calendar
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from datetime import date

# --- References ------------------------------------------------------------------------------------


def format_reference(prefix: str, code: str, number: int, digits: int) -> str:
    """``PRO-QUA-012``: the type's prefix, the process or department code (when the type uses one),
    the number padded to ``digits``."""
    parts = [prefix.upper()]
    if code:
        parts.append(code.upper())
    parts.append(str(number).zfill(max(digits, 1)))
    return "-".join(parts)


def reference_counter_key(prefix: str, code: str) -> str:
    """The counter a reference is numbered in: one per prefix and code (``PRO-QUA``)."""
    return f"{prefix.upper()}-{code.upper()}" if code else prefix.upper()


# --- Versions --------------------------------------------------------------------------------------


def next_version(current: tuple[int, int] | None, *, is_major: bool) -> tuple[int, int]:
    """The number of a new version: ``1.0`` for the first; ``2.0`` after ``1.3`` for a major change
    (meaning changes: readers must read again); ``1.4`` after ``1.3`` for a minor one."""
    if current is None:
        return (1, 0)
    major, minor = current
    return (major + 1, 0) if is_major else (major, minor + 1)


def version_label(major: int, minor: int) -> str:
    return f"{major}.{minor}"


# --- Life cycle ------------------------------------------------------------------------------------

DRAFT, IN_REVIEW, APPROVED, PUBLISHED, OBSOLETE, ARCHIVED = (
    "draft",
    "in_review",
    "approved",
    "published",
    "obsolete",
    "archived",
)

TRANSITIONS: Mapping[str, frozenset[str]] = {
    DRAFT: frozenset({IN_REVIEW}),
    IN_REVIEW: frozenset({DRAFT, APPROVED}),  # back to draft when a reviewer or approver rejects
    APPROVED: frozenset({PUBLISHED, DRAFT}),
    PUBLISHED: frozenset({OBSOLETE, ARCHIVED}),
    OBSOLETE: frozenset({ARCHIVED}),
    ARCHIVED: frozenset(),
}
EDITABLE = frozenset({DRAFT})
FROZEN = frozenset({APPROVED, PUBLISHED, OBSOLETE, ARCHIVED})


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def missing_for_review(
    *,
    has_content: bool,
    reviewer_count: int,
    approver_count: int,
    change_description: str,
    is_first_version: bool,
) -> list[str]:
    """What a draft lacks before it can be sent for review (codes; empty when ready)."""
    missing = []
    if not has_content:
        missing.append("content")
    if reviewer_count < 1:
        missing.append("reviewers")
    if approver_count < 1:
        missing.append("approvers")
    if not is_first_version and not change_description.strip():
        missing.append("change_description")
    return missing


def approval_state(
    *,
    reviewers: Iterable[int],
    approvers: Iterable[int],
    reviewed_by: Iterable[int],
    approved_by: Iterable[int],
) -> tuple[bool, bool]:
    """(every reviewer has signed, every approver has signed). An approver signs after the reviews."""
    reviewers_done = set(reviewers) <= set(reviewed_by)
    approvers_done = reviewers_done and set(approvers) <= set(approved_by)
    return reviewers_done, approvers_done


# --- Confidentiality -------------------------------------------------------------------------------

PUBLIC, INTERNAL, RESTRICTED, CONFIDENTIAL = "public", "internal", "restricted", "confidential"
# Roles that see restricted documents of their sites without being named on them.
RESTRICTED_ROLES = frozenset({"administrator", "qsse_manager", "process_owner", "auditor"})
# Roles that see confidential documents of their sites without being named on them.
CONFIDENTIAL_ROLES = frozenset({"administrator", "qsse_manager"})


def levels_seen_by_role(role: str | None) -> frozenset[str]:
    """The confidentiality levels a role sees without being named on the document."""
    if role is None:
        return frozenset()
    levels = {PUBLIC, INTERNAL}
    if role in RESTRICTED_ROLES:
        levels.add(RESTRICTED)
    if role in CONFIDENTIAL_ROLES:
        levels.add(CONFIDENTIAL)
    return frozenset(levels)


def may_read(*, level: str, role: str | None, is_named: bool) -> bool:
    """Whether a person may read a document of ``level``: by role, or because they are named on it
    (owner, granted reader, reviewer or approver). Sites are checked apart."""
    if role is None:
        return False
    return is_named or level in levels_seen_by_role(role)


# --- Electronic signatures -------------------------------------------------------------------------


def content_digest(fields: Mapping[str, object]) -> str:
    """SHA-256 of the signed content (sections, file digest, version, title), in a canonical JSON."""
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signature_mac(key: bytes, record: Mapping[str, object]) -> str:
    """HMAC-SHA256 of a signature record (content digest, signer, meaning, date-time, previous
    signature's MAC), keyed with the installation's secret: changing any of them, or the chain, without
    the key changes the MAC."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def mac_matches(expected: str, actual: str) -> bool:
    return hmac.compare_digest(expected.encode(), actual.encode())


# --- Distribution and review -----------------------------------------------------------------------


def acknowledgement_rate(acknowledged: int, requested: int) -> float | None:
    """Share of the read requests acknowledged, in percent (one decimal); None when none was sent."""
    if requested <= 0:
        return None
    return round(100 * acknowledged / requested, 1)


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def review_status(next_review_on: date | None, today: date, soon_days: int) -> str:
    """``none`` (no date), ``overdue``, ``due_soon`` (within ``soon_days``) or ``ok``."""
    if next_review_on is None:
        return "none"
    if next_review_on < today:
        return "overdue"
    if (next_review_on - today).days <= soon_days:
        return "due_soon"
    return "ok"


CONFIDENTIALITY_LEVELS = (PUBLIC, INTERNAL, RESTRICTED, CONFIDENTIAL)

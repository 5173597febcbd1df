"""Pure rules of document control, worked by hand."""

import hashlib
import hmac
from datetime import date

from qsse.documents import calculations as calc


def test_reference_follows_the_scheme_of_the_type():
    # PRO-QUA-012: prefix, process code, number on 3 digits.
    assert calc.format_reference("PRO", "qua", 12, 3) == "PRO-QUA-012"
    # A manual has no middle part and numbers on 2 digits.
    assert calc.format_reference("MAN", "", 1, 2) == "MAN-01"
    assert calc.format_reference("INS", "USI", 1234, 3) == "INS-USI-1234"
    assert calc.reference_counter_key("pro", "qua") == "PRO-QUA"


def test_versions_major_and_minor():
    assert calc.next_version(None, is_major=True) == (1, 0)
    assert calc.next_version((1, 3), is_major=True) == (2, 0)
    assert calc.next_version((1, 3), is_major=False) == (1, 4)
    assert calc.version_label(2, 0) == "2.0"


def test_life_cycle_transitions():
    assert calc.can_transition("draft", "in_review")
    assert not calc.can_transition("draft", "published")  # never published without review and approval
    assert not calc.can_transition("in_review", "published")
    assert calc.can_transition("in_review", "approved")
    assert calc.can_transition("in_review", "draft")  # rejected
    assert calc.can_transition("approved", "published")
    assert calc.can_transition("published", "obsolete")
    assert not calc.can_transition("obsolete", "published")  # an obsolete version never comes back
    assert not calc.can_transition("archived", "draft")


def test_what_a_draft_lacks_before_review():
    assert calc.missing_for_review(
        has_content=False, reviewer_count=0, approver_count=0, change_description="", is_first_version=False
    ) == ["content", "reviewers", "approvers", "change_description"]
    # The first version needs no change description.
    assert (
        calc.missing_for_review(
            has_content=True, reviewer_count=1, approver_count=1, change_description="", is_first_version=True
        )
        == []
    )


def test_approval_needs_every_review_first():
    # Approver 3 signed but reviewer 2 has not: neither stage is complete.
    assert calc.approval_state(reviewers=[1, 2], approvers=[3], reviewed_by=[1], approved_by=[3]) == (
        False,
        False,
    )
    assert calc.approval_state(reviewers=[1, 2], approvers=[3], reviewed_by=[1, 2], approved_by=[]) == (
        True,
        False,
    )
    assert calc.approval_state(reviewers=[1, 2], approvers=[3], reviewed_by=[2, 1], approved_by=[3]) == (
        True,
        True,
    )


def test_confidentiality_by_role_and_naming():
    assert calc.levels_seen_by_role("reader") == {"public", "internal"}
    assert calc.levels_seen_by_role("contributor") == {"public", "internal"}
    assert calc.levels_seen_by_role("auditor") == {"public", "internal", "restricted"}
    assert calc.levels_seen_by_role("qsse_manager") == {"public", "internal", "restricted", "confidential"}
    assert not calc.may_read(level="confidential", role="process_owner", is_named=False)
    assert calc.may_read(level="confidential", role="reader", is_named=True)
    assert not calc.may_read(level="public", role=None, is_named=True)


def test_content_digest_is_canonical():
    # Key order does not matter; the digest is SHA-256 of the sorted compact JSON.
    expected = hashlib.sha256('{"a":"é","b":1}'.encode()).hexdigest()
    assert calc.content_digest({"b": 1, "a": "é"}) == expected
    assert calc.content_digest({"a": "é", "b": 2}) != expected


def test_signature_mac_is_hmac_sha256_of_the_record():
    record = {"meaning": "approved", "signer_id": 7, "content_digest": "ab"}
    canonical = b'{"content_digest":"ab","meaning":"approved","signer_id":7}'
    assert calc.signature_mac(b"key", record) == hmac.new(b"key", canonical, hashlib.sha256).hexdigest()
    # RFC 4231 test case 2 checks the primitive the seal relies on.
    assert (
        hmac.new(b"Jefe", b"what do ya want for nothing?", hashlib.sha256).hexdigest()
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )
    assert calc.signature_mac(b"key", {**record, "meaning": "reviewed"}) != calc.signature_mac(b"key", record)
    assert calc.signature_mac(b"other", record) != calc.signature_mac(b"key", record)
    assert calc.mac_matches("abc", "abc") and not calc.mac_matches("abc", "abd")


def test_acknowledgement_rate():
    assert calc.acknowledgement_rate(7, 9) == 77.8  # 7 / 9 = 0.7777…
    assert calc.acknowledgement_rate(0, 4) == 0.0
    assert calc.acknowledgement_rate(0, 0) is None


def test_review_dates():
    assert calc.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert calc.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert calc.add_months(date(2026, 11, 25), 36) == date(2029, 11, 25)
    today = date(2026, 11, 25)
    assert calc.review_status(None, today, 30) == "none"
    assert calc.review_status(date(2026, 11, 24), today, 30) == "overdue"
    assert calc.review_status(date(2026, 12, 25), today, 30) == "due_soon"
    assert calc.review_status(date(2026, 12, 26), today, 30) == "ok"

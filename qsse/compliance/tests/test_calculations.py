"""Pure calculations, values worked out by hand (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from qsse.compliance.calculations import (
    AnyOf,
    Condition,
    OrganisationProfile,
    StatusCounts,
    add_months,
    clause_rates,
    clause_sort_key,
    conformity_rate,
    criteria_from_data,
    evaluate_criteria,
    is_under,
    leaf_keys,
    library_diff,
    main_clause,
    next_assessment_on,
    standard_rate,
)

TODAY = date(2026, 12, 3)


def entry(**fields):
    base = {
        "reference": "R1",
        "title": "T",
        "summary_fr": "S",
        "theme": "ohs",
        "criteria": [],
        "repealed_on": None,
    }
    base.update(fields)
    return base


class TestLibraryDiff:
    def test_added_modified_repealed_unchanged(self):
        old = {
            "a": entry(),
            "b": entry(title="Old title"),
            "c": entry(),  # dropped by the new version
            "d": entry(),  # given a past repeal date by the new version
            "e": entry(),
        }
        new = {
            "a": entry(),
            "b": entry(title="New title", periodicity_months=12),
            "d": entry(repealed_on=date(2026, 7, 1)),
            "e": entry(),
            "f": entry(),
        }
        diff = library_diff(old, new, today=TODAY)
        assert diff.added == ("f",)
        assert diff.modified == (("b", ("title", "periodicity_months")),)
        assert diff.repealed == ("c", "d")
        assert diff.unchanged == 2
        assert diff.changed_keys == frozenset({"b", "c", "d"})

    def test_repeal_date_in_the_future_is_a_modification_not_a_repeal(self):
        diff = library_diff({"a": entry()}, {"a": entry(repealed_on=date(2027, 1, 1))}, today=TODAY)
        assert diff.repealed == ()
        assert diff.modified == (("a", ("repealed_on",)),)

    def test_repeal_date_equal_to_today_repeals(self):
        diff = library_diff({"a": entry()}, {"a": entry(repealed_on=TODAY)}, today=TODAY)
        assert diff.repealed == ("a",)

    def test_already_repealed_not_reported_again_and_reinstated_is_added(self):
        old = {"a": entry(is_repealed=True), "b": entry(is_repealed=True)}
        new = {"b": entry()}
        diff = library_diff(old, new, today=TODAY)
        assert diff.repealed == ()
        assert diff.added == ("b",)
        assert diff.unchanged == 0

    def test_first_load_everything_added(self):
        diff = library_diff({}, {"x": entry(), "y": entry()}, today=TODAY)
        assert diff.added == ("x", "y")
        assert diff.modified == () and diff.repealed == () and diff.unchanged == 0


MBP_MONTLUCON = OrganisationProfile(
    headcount=95,
    organisation_headcount=125,
    naf_code="25.62B",
    icpe_rubriques=frozenset({"2560", "2565", "2910", "2940", "1510"}),
    equipment=frozenset({"forklifts", "chemicals", "combustion_plant"}),
)


class TestApplicability:
    @pytest.mark.parametrize(("headcount", "expected"), [(49, False), (50, True), (51, True)])
    def test_headcount_at_least_50_boundary(self, headcount, expected):
        criteria = (Condition("organisation_headcount", ">=", 50),)
        result = evaluate_criteria(criteria, OrganisationProfile(organisation_headcount=headcount))
        assert result.applicable is expected
        assert result.checks[0].actual == headcount

    @pytest.mark.parametrize(("headcount", "expected"), [(10, False), (11, True)])
    def test_headcount_strictly_above_10(self, headcount, expected):
        criteria = (Condition("headcount", ">", 10),)
        assert evaluate_criteria(criteria, OrganisationProfile(headcount=headcount)).applicable is expected

    @pytest.mark.parametrize(("area", "expected"), [(999, False), (1000, True), (None, False)])
    def test_tertiary_floor_area_boundary_and_unknown(self, area, expected):
        criteria = (Condition("tertiary_floor_area_m2", ">=", 1000),)
        assert (
            evaluate_criteria(criteria, OrganisationProfile(tertiary_floor_area_m2=area)).applicable
            is expected
        )

    def test_icpe_rubrique_2910(self):
        criteria = criteria_from_data([{"fact": "icpe_rubriques", "op": "has", "value": ["2910"]}])
        assert evaluate_criteria(criteria, MBP_MONTLUCON).applicable is True
        moulins = OrganisationProfile(headcount=30, icpe_rubriques=frozenset())
        result = evaluate_criteria(criteria, moulins)
        assert result.applicable is False
        assert result.deciding_checks[0].fact == "icpe_rubriques"

    def test_lifting_equipment_any_of(self):
        criteria = criteria_from_data(
            [
                {
                    "any": [
                        {"fact": "equipment", "op": "has", "value": "lifting_equipment"},
                        {"fact": "equipment", "op": "has", "value": "forklifts"},
                    ]
                }
            ]
        )
        result = evaluate_criteria(criteria, MBP_MONTLUCON)
        assert result.applicable is True
        assert [check.met for check in result.checks] == [False, True]
        assert [check.fact for check in result.deciding_checks] == ["equipment"]
        assert evaluate_criteria(criteria, OrganisationProfile()).applicable is False

    def test_all_conditions_must_hold(self):
        criteria = (
            Condition("organisation_headcount", ">=", 50),
            AnyOf((Condition("equipment", "has_any", ["pressure_equipment", "canteen"]),)),
        )
        result = evaluate_criteria(criteria, MBP_MONTLUCON)
        assert result.applicable is False
        assert [check.met for check in result.checks] == [True, False]
        assert len(result.deciding_checks) == 1 and result.deciding_checks[0].fact == "equipment"

    def test_naf_code_ignores_dots_and_case(self):
        assert evaluate_criteria((Condition("naf_code", "starts_with", "25"),), MBP_MONTLUCON).applicable
        assert evaluate_criteria((Condition("naf_code", "==", "2562b"),), MBP_MONTLUCON).applicable
        assert evaluate_criteria(
            (Condition("naf_code", "in", ["56.29A", "25.62B"]),), MBP_MONTLUCON
        ).applicable
        assert not evaluate_criteria((Condition("naf_code", "starts_with", "56"),), MBP_MONTLUCON).applicable
        assert not evaluate_criteria(
            (Condition("naf_code", "==", "25.62B"),), OrganisationProfile()
        ).applicable

    def test_no_criteria_applies_to_everyone(self):
        result = evaluate_criteria((), OrganisationProfile())
        assert result.applicable is True and result.checks == ()

    def test_decimal_energy_threshold(self):
        criteria = (Condition("annual_energy_gwh", ">=", 2.75),)
        assert evaluate_criteria(criteria, OrganisationProfile(annual_energy_gwh=Decimal("2.750"))).applicable
        assert not evaluate_criteria(
            criteria, OrganisationProfile(annual_energy_gwh=Decimal("2.749"))
        ).applicable


class TestConformityRate:
    def test_partial_counts_half(self):
        # (6 + 0.5 × 2) / (6 + 2 + 2) = 7 / 10 = 70 %; coverage 10 assessed / 15 applicable = 66.7 %
        rate = conformity_rate(compliant=6, partial=2, noncompliant=2, to_assess=5)
        assert rate.rate == Decimal("70.0")
        assert rate.coverage == Decimal("66.7")
        assert rate.applicable == 15

    def test_weight_is_a_parameter(self):
        # (1 + 0 × 1) / 3 = 33.3 %
        assert conformity_rate(
            compliant=1, partial=1, noncompliant=1, partial_weight=Decimal("0")
        ).rate == Decimal("33.3")

    def test_nothing_assessed(self):
        rate = conformity_rate(compliant=0, partial=0, noncompliant=0, to_assess=4)
        assert rate.rate is None
        assert rate.coverage == Decimal("0.0")
        assert conformity_rate(compliant=0, partial=0, noncompliant=0).coverage is None

    def test_all_compliant(self):
        assert conformity_rate(compliant=3, partial=0, noncompliant=0).rate == Decimal("100.0")


class TestDates:
    def test_add_months_clamps_to_month_end(self):
        assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
        assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
        assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)

    def test_next_assessment_uses_periodicity_else_default(self):
        assert next_assessment_on(date(2026, 3, 10), 6, 12) == date(2026, 9, 10)
        assert next_assessment_on(date(2026, 3, 10), None, 12) == date(2027, 3, 10)


# --- Standard gap analysis: rates per clause (worked by hand) -------------------------------------

CLAUSES = {
    "4": StatusCounts(compliant=1),  # a heading: its own assessment is left out
    "4.1": StatusCounts(compliant=2),
    "4.2": StatusCounts(partial=1, noncompliant=1, to_assess=1),
    "5.1": StatusCounts(compliant=1, partial=1),  # its main clause "5" is not in the library
    "10": StatusCounts(noncompliant=1),  # a main clause without sub-clause: a leaf
}


def test_clause_hierarchy():
    assert sorted(["10", "4.10", "4.2", "A.1", "4"], key=clause_sort_key) == ["4", "4.2", "4.10", "10", "A.1"]
    assert main_clause("7.5.3") == "7" and main_clause("10") == "10"
    assert is_under("4.1", "4") and is_under("4", "4") and not is_under("41", "4")
    assert leaf_keys(CLAUSES) == {"4.1", "4.2", "5.1", "10"}


def test_clause_rates_roll_up_the_sub_clauses():
    rows = {row.key: row for row in clause_rates(CLAUSES)}
    assert list(rows) == ["4", "4.1", "4.2", "5", "5.1", "10"]
    # §4 = 4.1 + 4.2: 2 compliant, 1 partial, 1 non-compliant, 1 to assess
    # rate (2 + 0.5) / 4 = 62.5 %; coverage 4 assessed / 5 applicable = 80 %
    assert rows["4"].is_heading and rows["4"].counts == StatusCounts(2, 1, 1, 1)
    assert (rows["4"].rate.rate, rows["4"].rate.coverage) == (Decimal("62.5"), Decimal("80.0"))
    assert rows["4.1"].rate.rate == Decimal("100.0") and rows["4.1"].depth == 1
    # §4.2: 0.5 / 2 = 25 %; coverage 2 / 3 = 66.7 %
    assert (rows["4.2"].rate.rate, rows["4.2"].rate.coverage) == (Decimal("25.0"), Decimal("66.7"))
    # §5 exists only through 5.1: (1 + 0.5) / 2 = 75 %
    assert rows["5"].is_heading and rows["5"].rate.rate == Decimal("75.0") and rows["5"].depth == 0
    assert not rows["10"].is_heading and rows["10"].rate.rate == Decimal("0.0")


def test_standard_rate_over_the_leaves():
    # leaves 4.1 + 4.2 + 5.1 + 10: 3 compliant, 2 partial, 2 non-compliant, 1 to assess
    # (3 + 1) / 7 = 57.14 → 57.1 %; coverage 7 / 8 = 87.5 %; the heading "4" counts nothing
    rate = standard_rate(CLAUSES)
    assert (rate.compliant, rate.partial, rate.noncompliant, rate.to_assess) == (3, 2, 2, 1)
    assert (rate.rate, rate.coverage) == (Decimal("57.1"), Decimal("87.5"))


def test_clause_rate_boundaries():
    # Nothing assessed: no rate (not 0 %), coverage 0 %.
    (only,) = clause_rates({"9.1": StatusCounts(to_assess=3)})[1:]
    assert (only.rate.rate, only.rate.coverage) == (None, Decimal("0.0"))
    # No applicable clause at all: neither rate nor coverage.
    assert clause_rates({}) == [] and standard_rate({}).rate is None and standard_rate({}).coverage is None
    # Half-up rounding: 1 partial out of 8 = 6.25 % → 6.3 %.
    assert standard_rate({"8.1": StatusCounts(partial=1, noncompliant=7)}).rate == Decimal("6.3")
    # Every leaf compliant: exactly 100 % (the heading "7", non-compliant itself, is left out).
    clauses = {"7.1": StatusCounts(compliant=4), "7": StatusCounts(noncompliant=9)}
    assert standard_rate(clauses).rate == Decimal("100.0")

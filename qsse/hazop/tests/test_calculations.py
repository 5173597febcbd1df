"""Pure HAZOP calculations. Source: IEC 61882:2016 guide words (NO/NOT, MORE, LESS, AS WELL AS,
PART OF, REVERSE, OTHER THAN; EARLY, LATE, BEFORE, AFTER for time and sequence), as listed e.g. by
riskythinking.com/risk_assessment_toolkit/help/guide_words.htm."""

from qsse.hazop.calculations import DeviationKey, deviation_grid, risk_ranking
from qsse.hazop.choices import GuideWord


def test_guide_words_are_the_iec_61882_list():
    assert GuideWord.values == [
        "no",
        "more",
        "less",
        "as_well_as",
        "part_of",
        "reverse",
        "other_than",
        "early",
        "late",
        "before",
        "after",
    ]


def test_grid_is_parameter_times_guide_word_without_existing_ones():
    grid = deviation_grid(["flow", "pressure"], ["no", "more", "less"], existing=[("flow", "no")])
    assert grid == (
        DeviationKey("flow", "more"),
        DeviationKey("flow", "less"),
        DeviationKey("pressure", "no"),
        DeviationKey("pressure", "more"),
        DeviationKey("pressure", "less"),
    )


def test_time_guide_words_only_on_time_parameters():
    grid = deviation_grid(["temperature", "time"], ["more", "late"])
    assert grid == (
        DeviationKey("temperature", "more"),
        DeviationKey("time", "more"),
        DeviationKey("time", "late"),
    )


def test_risk_ranking_highest_score_first():
    assert risk_ranking([(1, 4), (2, 12), (3, 4), (4, 9)]) == (2, 4, 1, 3)

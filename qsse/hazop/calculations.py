"""Pure HAZOP calculations (no Django import).

IEC 61882:2016 (Hazard and operability studies, application guide): a deviation is a guide word
applied to a parameter of a node's design intent ("MORE" × "pressure" → "more pressure"). Guide words
NO/NOT, MORE, LESS, AS WELL AS, PART OF, REVERSE, OTHER THAN, and for time/sequence EARLY, LATE,
BEFORE, AFTER.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Guide words meaningful only for time or sequence parameters, and the parameters they fit.
TIME_GUIDE_WORDS = frozenset({"early", "late", "before", "after"})
TIME_PARAMETERS = frozenset({"time", "sequence", "operation"})


@dataclass(frozen=True)
class DeviationKey:
    parameter: str
    guide_word: str


def deviation_grid(
    parameters: Iterable[str], guide_words: Iterable[str], existing: Iterable[tuple[str, str]] = ()
) -> tuple[DeviationKey, ...]:
    """Every parameter × guide word combination to add, in the order given, without the existing ones
    and without the time guide words (EARLY, LATE, BEFORE, AFTER) on a non-time parameter."""
    done = set(existing)
    words = tuple(guide_words)
    result = []
    for parameter in parameters:
        for word in words:
            if word in TIME_GUIDE_WORDS and parameter not in TIME_PARAMETERS:
                continue
            if (parameter, word) in done:
                continue
            done.add((parameter, word))
            result.append(DeviationKey(parameter, word))
    return tuple(result)


def risk_ranking(scores: Iterable[tuple[int, int]]) -> tuple[int, ...]:
    """Ids ordered by descending score, ties by id: the hierarchy of the worksheet.

    ``scores`` holds (id, score) pairs."""
    return tuple(pk for pk, _score in sorted(scores, key=lambda pair: (-pair[1], pair[0])))

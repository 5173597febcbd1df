"""Pure calculations of the periodic health and safety report: the period (a quarter or a year),
the previous comparable period, and the share of actions done. No ORM, no request, no clock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

QUARTER = "quarter"
YEAR = "year"
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-[Qq](?P<quarter>[1-4]))?$")


@dataclass(frozen=True)
class Period:
    """[start, end) of whole months: a quarter (``quarter`` 1-4) or a calendar year (``quarter`` 0)."""

    year: int
    quarter: int = 0

    @property
    def kind(self) -> str:
        return QUARTER if self.quarter else YEAR

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2 if self.quarter else 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if not self.quarter or self.quarter == 4:
            return date(self.year + 1, 1, 1)
        return date(self.year, 3 * self.quarter + 1, 1)

    @property
    def last_month(self) -> date:
        end = self.end
        return date(end.year - 1, 12, 1) if end.month == 1 else date(end.year, end.month - 1, 1)

    @property
    def code(self) -> str:
        """``2026-Q3`` or ``2026`` (the value of the page's ``period`` parameter)."""
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)


def parse_period(text: str | None) -> Period | None:
    """``2026-Q3`` → the third quarter of 2026, ``2026`` → the year; None when not understood."""
    match = _PATTERN.match((text or "").strip())
    if not match:
        return None
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        return None
    return Period(year, int(match["quarter"] or 0))


def default_period(today: date) -> Period:
    """The last complete quarter before ``today``."""
    quarter = (today.month - 1) // 3 + 1
    return Period(today.year - 1, 4) if quarter == 1 else Period(today.year, quarter - 1)


def previous_period(period: Period) -> Period:
    """The previous comparable period: the quarter before, or the year before."""
    if not period.quarter:
        return Period(period.year - 1)
    return Period(period.year - 1, 4) if period.quarter == 1 else Period(period.year, period.quarter - 1)


def period_choices(today: date, years: int = 3) -> list[Period]:
    """The periods offered by the picker, most recent first: the quarters begun and the years of
    the last ``years`` years."""
    current = (today.month - 1) // 3 + 1
    result: list[Period] = []
    for year in range(today.year, today.year - years, -1):
        for quarter in range(4, 0, -1):
            if year < today.year or quarter <= current:
                result.append(Period(year, quarter))
        result.append(Period(year))
    return result


def percent_done(done: int, total: int) -> Decimal | None:
    """``done / total`` in percent, one decimal, half-up; None when there is nothing to do."""
    if total <= 0:
        return None
    return (Decimal(done) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

"""Helpers shared by the services of the context module."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _check_fields(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")

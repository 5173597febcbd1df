"""PDF reports with Typst (PyPI ``typst``: no system libraries).

A report is a ``.typ`` template stored in an app's ``reports/`` folder; the data reaches it as JSON
through ``sys.inputs.data`` (read in Typst with ``json(bytes(sys.inputs.data))``), so no value is
ever interpreted as Typst markup and nothing needs escaping.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import typst


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def render_pdf(template: Path, data: dict[str, Any]) -> bytes:
    """Compile ``template`` with ``data`` and return the PDF bytes."""
    payload = json.dumps(data, default=_default, ensure_ascii=False)
    return typst.compile(str(template), root=str(template.parent), sys_inputs={"data": payload})

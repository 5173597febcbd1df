"""The DUER PDF (Typst) and Excel export from snapshot content: per work unit, its hazards in the
order of the content (highest residual first), read back from the compiled document with
typst.query (no PDF text extractor is installed)."""

import json
from io import BytesIO

import typst
from openpyxl import load_workbook

from qsse.duer import report


def _content(units: int, hazards: int) -> dict:
    return {
        "format": 1,
        "title": "Document unique – MBP",
        "site": "",
        "matrix": {
            "name": "",
            "probability_axis": "Probabilité",
            "gravity_axis": "Gravité",
            "rows": 4,
            "cols": 4,
        },
        "work_units": [
            {
                "id": u,
                "name": f"Unité {u}",
                "site": "Montluçon",
                "department": "",
                "headcount": 10,
                "description": "",
                "hazards": [
                    {
                        "id": u * 100 + h,
                        "family": "Nuisances sonores",
                        "sub_danger": "",
                        "situation": "Bruit des centres d'usinage",
                        "exposed_count": 10,
                        "existing_measures": "Bouchons",
                        "probability": 3,
                        "gravity": 4,
                        "control_level": 2,
                        "control_label": "2 – Partielle (×0,75)",
                        "raw_score": 12,
                        "residual_score": "9.00",
                        "level": "Élevé",
                        "colour": "#fd7e14",
                        "measures": [
                            {
                                "description": "Soufflettes silencieuses",
                                "principle": "source",
                                "principle_label": "Combattre le risque à la source",
                                "type": "technical",
                                "type_label": "Technique",
                                "protection": "collective",
                                "protection_label": "Protection collective",
                                "action": "ACT-2026-0001",
                                "action_due_on": "2026-06-30",
                                "action_status": "Planifiée",
                            }
                        ],
                    }
                    for h in range(hazards)
                ],
            }
            for u in range(units)
        ],
    }


def _query(data: dict, selector: str) -> list:
    result = typst.query(
        str(report.TEMPLATE),
        selector,
        field="value",
        root=str(report.TEMPLATE.parent),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )
    return json.loads(result)


def test_pdf_per_work_unit_with_each_hazard():
    content = _content(3, 2)
    content["work_units"][2]["hazards"] = []
    data = report.pdf_data(content, heading="Version 1", dated="14/11/2025", note="Mise à jour annuelle")
    assert data["labels"]["columns"][3] == "Probabilité × Gravité"
    assert data["units"][0]["hazards"][0]["measures"][0]["line"] == (
        "Soufflettes silencieuses (Technique, Protection collective) → ACT-2026-0001"
    )
    assert _query(data, "<unit>") == ["Unité 0", "Unité 1", "Unité 2"]
    assert _query(data, "<residual>") == ["9.00"] * 4
    assert report.pdf(content, heading="Version 1", dated="14/11/2025")[:4] == b"%PDF"


def test_pdf_of_60_units_of_20_hazards_compiles():
    # The size `make bench` renders (60 × 20 = 1,200 hazards).
    body = report.pdf(_content(60, 20), heading="Version 1", dated="14/11/2025")
    assert body[:4] == b"%PDF" and len(body) > 50_000


def test_excel_one_row_per_measure():
    content = _content(2, 3)
    workbook = load_workbook(BytesIO(report.excel(content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Site", "Unité de travail", "Famille de dangers")
    assert len(rows) == 1 + 2 * 3
    assert rows[1][9:13] == (12, 2, 9.0, "Élevé")

"""The FMEA's prioritisation method (RPN or AP) drives the worksheet's default order, the key
figures, the Pareto section, the line badges and the review input. Lines rated with the shipped
AIAG-VDA 2019 table (qsse/fmea/data/)."""

import re

import pytest

from qsse.fmea.calculations import ap_distribution
from qsse.fmea.models import FmeaLine

from .factories import add_line, make_fmea

pytestmark = pytest.mark.django_db

# (failure mode, S, O, D): RPN and AP by the handbook table, worked out by hand.
LINES = [
    ("Mode A", 8, 6, 6),  # RPN 288, AP H (S 7–8, O 6–7, D 2–10)
    ("Mode B", 5, 5, 6),  # RPN 150, AP L (S 4–6, O 4–5, D 1–6)
    ("Mode C", 9, 3, 5),  # RPN 135, AP M (S 9–10, O 2–3, D 5–6)
    ("Mode D", 2, 2, 2),  # RPN 8, AP L
]


def build(manager, method):
    fmea = make_fmea(manager.user, prioritisation_method=method)
    for mode, s, o, d in LINES:
        add_line(manager.user, fmea, failure_mode=mode, severity=s, occurrence=o, detection=d)
    assert list(FmeaLine.objects.filter(fmea=fmea).order_by("position").values_list("rpn", "ap")) == [
        (288, "H"),
        (150, "L"),
        (135, "M"),
        (8, "L"),
    ]
    return fmea


def row_modes(page):
    body = page[page.index('id="worksheet"') :]
    return re.findall(r"<td>(Mode [A-D])</td>", body)


def test_ap_distribution_groups_lines_in_priority_order():
    bars = ap_distribution([("H", 1), ("M", 1), ("L", 2)])
    assert [(bar.label, bar.value, bar.cumulative_percent) for bar in bars] == [
        ("H", 1, 25.0),
        ("M", 1, 50.0),
        ("L", 2, 100.0),
    ]
    assert [bar.label for bar in ap_distribution([("H", 0), ("M", 3), ("L", 0)])] == ["M"]


def test_prioritised_by_rpn(client, manager):
    fmea = build(manager, "rpn")
    client.force_login(manager.user)
    page = client.get(fmea.get_absolute_url()).content.decode()
    assert row_modes(page) == ["Mode A", "Mode B", "Mode C", "Mode D"]  # RPN 288, 150, 135, 8
    assert '<td id="priority-lines"><strong>3</strong></td>' in page  # RPN ≥ 100: A, B, C
    assert "Lignes prioritaires (IPR ≥ 100)" in page
    assert page.count("data-priority") == 3
    assert "Pareto des IPR" in page
    table = page[page.index('id="pareto-table"') :]
    assert "<td>1. Mode A</td><td>288</td><td>49,6 %</td>" in table  # 288 / 581


def test_prioritised_by_ap(client, manager):
    fmea = build(manager, "ap")
    client.force_login(manager.user)
    page = client.get(fmea.get_absolute_url()).content.decode()
    assert row_modes(page) == ["Mode A", "Mode C", "Mode B", "Mode D"]  # H, M, then L by RPN
    assert '<td id="priority-lines"><strong>1</strong></td>' in page  # AP H: A
    assert "Lignes prioritaires (AP H)" in page
    assert page.count("data-priority") == 1
    assert "Lignes par priorité d&#x27;action" in page or "Lignes par priorité d'action" in page
    table = page[page.index('id="pareto-table"') :]
    assert "<td>AP H</td><td>1</td><td>25,0 %</td>" in table
    assert "<td>AP L</td><td>2</td><td>100,0 %</td>" in table
    # An explicit sort still wins, and the export follows the same default.
    page = client.get(fmea.get_absolute_url() + "?sort=position").content.decode()
    assert row_modes(page) == ["Mode A", "Mode B", "Mode C", "Mode D"]

"""Reading files and the Polars aggregates, checked against values worked out by hand."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from qsse.analysis import frames
from qsse.analysis.ingest import detect_separator, read_upload

# Six complaints: category, site, cost (€).
ROWS = [
    ("A", "MTL", 10.0),
    ("B", "MOU", 20.0),
    ("A", "MTL", 30.0),
    ("C", "MTL", 40.0),
    ("A", "MOU", 50.0),
    ("B", "MOU", 60.0),
]
SCHEMA = {"category": "text", "site": "text", "cost": "number"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def lf():
    return pl.DataFrame(ROWS, schema=["category", "site", "cost"], orient="row").lazy()


def test_pareto_counts_by_hand(lf):
    # A = 3, B = 2, C = 1 of 6: shares 50 %, 33.3 %, 16.7 %; cumulative 50 %, 83.3 %, 100 %.
    result = frames.pareto(lf, SCHEMA, category="category")
    assert [(i.label, i.value) for i in result.items] == [("A", 3), ("B", 2), ("C", 1)]
    assert result.total == 6
    assert [round(i.cumulative_share, 4) for i in result.items] == [0.5, 0.8333, 1.0]
    # The vital few: up to the first category reaching 80 %.
    assert [i.is_vital_few for i in result.items] == [True, True, False]


def test_pareto_sum_of_a_measure(lf):
    # A = 10 + 30 + 50 = 90, B = 20 + 60 = 80, C = 40; total 210; 90/210 = 42.86 %, 170/210 = 80.95 %.
    result = frames.pareto(lf, SCHEMA, category="category", measure="cost")
    assert [(i.label, i.value) for i in result.items] == [("A", 90), ("B", 80), ("C", 40)]
    assert round(result.items[1].cumulative_share, 4) == 0.8095


def test_pareto_with_filter(lf):
    result = frames.pareto(lf, SCHEMA, category="category", filters=[frames.Filter("site", "eq", "MOU")])
    assert [(i.label, i.value) for i in result.items] == [("B", 2), ("A", 1)]


def test_pivot_sum_with_totals(lf):
    table = frames.pivot(lf, SCHEMA, rows=["category"], column="site", aggregation="sum", measure="cost")
    assert table.column_labels == ("MOU", "MTL")
    grid = {row.labels[0]: (row.cells, row.total) for row in table.rows}
    assert grid == {"A": ((50, 40), 90), "B": ((80, None), 80), "C": ((None, 40), 40)}
    assert table.column_totals == (130, 80)
    assert table.grand_total == 210


def test_pivot_mean_totals_are_computed_on_the_records(lf):
    # Total of row A: mean of 10, 30, 50 = 30; column MTL: mean of 10, 30, 40 = 26.67; all: 35.
    table = frames.pivot(lf, SCHEMA, rows=["category"], column="site", aggregation="mean", measure="cost")
    assert table.rows[0].total == 30
    assert round(table.column_totals[1], 2) == 26.67
    assert table.grand_total == 35


def test_pivot_count_and_top_n(lf):
    table = frames.pivot(lf, SCHEMA, rows=["category"], max_rows=2, sort="total")
    assert [(row.labels, row.total) for row in table.rows] == [(("A",), 3), (("B",), 2)]
    assert table.row_groups == 3
    assert table.grand_total == 6


def test_pivot_range_filter(lf):
    table = frames.pivot(
        lf,
        SCHEMA,
        rows=["site"],
        aggregation="sum",
        measure="cost",
        filters=[frames.Filter("cost", "min", "30")],
    )
    assert {row.labels[0]: row.total for row in table.rows} == {"MOU": 110, "MTL": 70}


def test_csv_with_semicolons_and_decimal_commas():
    content = "Catégorie;Coût;Date\nRayure;1 234,5;15/01/2026\nChoc;12,25;16/01/2026\n".encode()
    typed = read_upload("export.csv", content)
    assert [(c["name"], c["type"]) for c in typed.columns] == [
        ("Catégorie", "text"),
        ("Coût", "number"),
        ("Date", "date"),
    ]
    assert typed.frame["Coût"].to_list() == [1234.5, 12.25]
    assert typed.frame["Date"].to_list() == [date(2026, 1, 15), date(2026, 1, 16)]


def test_csv_with_bom_commas_and_cp1252():
    typed = read_upload("a.csv", "\ufeffname,qty\nx,1\ny,2\n".encode())
    assert typed.columns[0]["name"] == "name"
    assert typed.frame["qty"].to_list() == [1, 2]
    typed = read_upload("b.csv", "Coût;Qté\n1,5;2\n".encode("cp1252"))
    assert [c["name"] for c in typed.columns] == ["Coût", "Qté"]
    assert typed.frame["Coût"].to_list() == [1.5]


def test_separator_detection():
    assert detect_separator("a;b;c,d") == ";"
    assert detect_separator("a,b,c") == ","
    assert detect_separator("a\tb") == "\t"


def test_text_in_a_numeric_column_names_the_row_and_the_column():
    lines = ["Catégorie;Coût"] + [f"A;{n}" for n in range(12)] + ["B;abc", "C;5"]
    typed = read_upload("costs.csv", "\n".join(lines).encode())
    assert typed.columns[1]["type"] == "text"
    schema = {c["name"]: c["type"] for c in typed.columns}
    with pytest.raises(ValidationError) as error:
        frames.pareto(typed.frame.lazy(), schema, category="Catégorie", measure="Coût")
    # Line 1 is the header, the 13th data row is line 14.
    assert error.value.messages == ["Row 14, column “Coût”: “abc” is not a number."]


def test_excel_upload():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Catégorie", "Coût", "Date"])
    sheet.append(["Rayure", 12.5, date(2026, 2, 3)])
    sheet.append(["Choc", 7, date(2026, 2, 4)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    typed = read_upload("complaints.xlsx", buffer.getvalue())
    assert [c["type"] for c in typed.columns] == ["text", "number", "date"]
    assert typed.frame["Coût"].to_list() == [12.5, 7]
    assert typed.frame["Date"].to_list() == [date(2026, 2, 3), date(2026, 2, 4)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "The file is empty."),
        ("blank.csv", b"\n\n", "The file is empty."),
        ("header.csv", b"a;b\n", "The file has a header row but no data."),
        ("numbers.csv", b"1;2\n3;4\n", "The first row holds numbers, not column names"),
        ("dup.csv", b"Cost;Site;cost\n1;A;2\n", "The column name “cost” appears twice"),
        ("gap.csv", b"a;;c\n1;2;3\n", "Column 2 has no name"),
        ("data.pdf", b"%PDF-1.4", "Files of type “.pdf” are not accepted"),
        ("broken.xlsx", b"PK\x03\x04 not a workbook", "could not be read as an Excel workbook"),
    ],
)
def test_bad_files_are_refused_with_a_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        read_upload(name, content)
    assert message in error.value.messages[0]


def test_too_many_rows(settings):
    settings.ANALYSIS_MAX_ROWS = 3
    with pytest.raises(ValidationError) as error:
        read_upload("big.csv", b"a\n1\n2\n3\n4\n")
    assert error.value.messages == ["The file has 4 rows; the limit is 3 rows."]
    assert read_upload("ok.csv", b"a\n1\n2\n3\n").frame.height == 3


def test_file_too_large(settings):
    settings.ANALYSIS_MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError) as error:
        read_upload("a.csv", b"a\n1\n")
    assert "The file is too large" in error.value.messages[0]


def test_subgroups_of_fixed_size_and_by_column():
    frame = pl.DataFrame({"lot": [2, 1, 2, 1, 3, 3], "d": [5.0, 1.0, 6.0, 2.0, 9.0, 8.0]}).lazy()
    schema = {"lot": "number", "d": "number"}
    by_column = frames.subgroup_series(frame, schema, column="d", subgroup="lot")
    assert by_column.labels == ("1", "2", "3")
    assert by_column.subgroups == ((1.0, 2.0), (5.0, 6.0), (9.0, 8.0))
    fixed = frames.subgroup_series(frame, schema, column="d", size=3)
    assert fixed.subgroups == ((5.0, 1.0, 6.0), (2.0, 9.0, 8.0))  # in the order of the rows


def test_fixed_size_needs_two_subgroups():
    frame = pl.DataFrame({"d": [1.0, 2.0, 3.0, 4.0, 5.0]}).lazy()
    with pytest.raises(ValidationError):
        frames.subgroup_series(frame, {"d": "number"}, column="d", size=4)
    series = frames.subgroup_series(frame, {"d": "number"}, column="d", size=2)
    assert series.subgroups == ((1.0, 2.0), (3.0, 4.0))  # the incomplete last subgroup is left out


def test_unknown_column_is_refused(lf):
    with pytest.raises(ValidationError) as error:
        frames.pareto(lf, SCHEMA, category="nope")
    assert error.value.messages == ["The column “nope” does not exist in this dataset."]


def test_bench_support_on_a_small_file(tmp_path):
    from qsse.analysis.bench_support import make_large_frame, time_pareto_and_pivot

    path = make_large_frame(tmp_path / "complaints.csv", rows=2000)
    timings = time_pareto_and_pivot(path)
    assert timings["rows"] == 2000
    assert {"pareto_s", "pivot_s", "plain_polars_pareto_s", "pareto_ratio"} <= set(timings)

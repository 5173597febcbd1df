"""Benchmark hook: a 1M-row complaints file, and the time of upload, Pareto and pivot through the app's
code compared with the same aggregate written directly in Polars.

    from qsse.analysis.bench_support import make_large_frame, time_pareto_and_pivot
    make_large_frame("/tmp/complaints.csv")
    print(time_pareto_and_pivot("/tmp/complaints.csv"))
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from . import frames
from .ingest import read_upload

CATEGORIES = (
    "Rayure",
    "Cote hors tolérance",
    "Défaut d'aspect",
    "Emballage abîmé",
    "Erreur de quantité",
    "Retard de livraison",
    "Documentation manquante",
    "Bavure",
    "Corrosion",
    "Mauvais marquage",
)
SITES = ("Montluçon", "Moulins")
CUSTOMERS = tuple(f"Client {n:03d}" for n in range(1, 121))


def make_large_frame(path: str | Path, rows: int = 1_000_000, *, seed: int = 42) -> Path:
    """Write a CSV of ``rows`` complaints (reference, date, site, category, customer, severity, cost),
    ``;``-separated with decimal commas as a French Excel export; returns the path."""
    generator = np.random.default_rng(seed)
    weights = np.array([30, 22, 14, 10, 8, 6, 4, 3, 2, 1], dtype=float)
    start = date(2025, 1, 1)
    days = generator.integers(0, 700, rows)
    frame = pl.DataFrame(
        {
            "Référence": [f"REC-{n:07d}" for n in range(1, rows + 1)],
            "Date": [(start + timedelta(days=int(d))).strftime("%d/%m/%Y") for d in days],
            "Site": np.array(SITES)[generator.integers(0, len(SITES), rows)],
            "Catégorie": np.array(CATEGORIES)[
                generator.choice(len(CATEGORIES), rows, p=weights / weights.sum())
            ],
            "Client": np.array(CUSTOMERS)[generator.integers(0, len(CUSTOMERS), rows)],
            "Gravité": generator.integers(1, 4, rows),
            "Coût": np.round(generator.gamma(2.0, 150.0, rows), 2),
        }
    )
    frame = frame.with_columns(pl.col("Coût").cast(pl.String).str.replace(".", ",", literal=True))
    path = Path(path)
    frame.write_csv(path, separator=";")
    return path


def _timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def time_pareto_and_pivot(path: str | Path) -> dict[str, float]:
    """Seconds taken by: reading and typing the file then writing Parquet (the upload, without the
    database), the Pareto of the categories and the pivot (category × site, sum of cost) through
    ``frames``, and the same aggregates in plain Polars on the Parquet file, with the ratios."""
    content = Path(path).read_bytes()
    typed, upload_seconds = _timed(lambda: read_upload(Path(path).name, content))
    with tempfile.TemporaryDirectory() as folder:
        parquet = Path(folder) / "dataset.parquet"
        _none, write_seconds = _timed(lambda: typed.frame.write_parquet(parquet, compression="zstd"))
        schema = {column["name"]: column["type"] for column in typed.columns}
        pareto, pareto_seconds = _timed(
            lambda: frames.pareto(frames.scan(str(parquet)), schema, category="Catégorie")
        )
        _table, pivot_seconds = _timed(
            lambda: frames.pivot(
                frames.scan(str(parquet)),
                schema,
                rows=["Catégorie"],
                column="Site",
                aggregation="sum",
                measure="Coût",
            )
        )
        plain_counts, plain_pareto_seconds = _timed(
            lambda: pl.read_parquet(parquet).group_by("Catégorie").len().sort("len", descending=True)
        )
        _plain, plain_pivot_seconds = _timed(
            lambda: pl.read_parquet(parquet).group_by(["Catégorie", "Site"]).agg(pl.col("Coût").sum())
        )
    assert pareto.items[0].value == plain_counts["len"][0]  # the same answer
    return {
        "rows": float(typed.frame.height),
        "upload_read_and_type_s": upload_seconds,
        "upload_write_parquet_s": write_seconds,
        "pareto_s": pareto_seconds,
        "pivot_s": pivot_seconds,
        "plain_polars_pareto_s": plain_pareto_seconds,
        "plain_polars_pivot_s": plain_pivot_seconds,
        "pareto_ratio": pareto_seconds / plain_pareto_seconds if plain_pareto_seconds else float("nan"),
        "pivot_ratio": pivot_seconds / plain_pivot_seconds if plain_pivot_seconds else float("nan"),
    }

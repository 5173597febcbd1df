"""Reads of the analysis app, scoped to the user."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db.models import QuerySet

from qsse.core.permissions import scope_queryset

from . import frames
from .models import Analysis, Dataset, DecisionStudy


def dataset_list(user: Any) -> QuerySet[Dataset]:
    return scope_queryset(user, Dataset.objects.select_related("site", "uploaded_by"))


def dataset_get(user: Any, pk: int) -> Dataset:
    """Raises Dataset.DoesNotExist when the dataset is not visible to the user."""
    return dataset_list(user).get(pk=pk)


def dataset_frame(dataset: Dataset) -> tuple[pl.LazyFrame, dict[str, str]]:
    """A lazy scan of the dataset's Parquet file and its column types."""
    return frames.scan(dataset.parquet_file.path), dataset.column_types()


def analysis_list(user: Any, dataset: Dataset | None = None) -> QuerySet[Analysis]:
    queryset = scope_queryset(user, Analysis.objects.select_related("dataset", "dataset__site", "created_by"))
    return queryset.filter(dataset=dataset) if dataset is not None else queryset


def analysis_get(user: Any, pk: int) -> Analysis:
    return analysis_list(user).get(pk=pk)


def decision_study_list(user: Any) -> QuerySet[DecisionStudy]:
    return scope_queryset(user, DecisionStudy.objects.select_related("site", "created_by"))


def decision_study_get(user: Any, pk: int) -> DecisionStudy:
    return decision_study_list(user).get(pk=pk)

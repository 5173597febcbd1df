"""Reads of the analysis app, scoped to the user."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db.models import Q, QuerySet

from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult

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


def analysis_search(user: Any, query: str, limit: int) -> list[SearchResult]:
    """Saved analyses, decision studies and datasets whose title (name) or related record matches every
    word of ``query``: searching an NC's reference finds the analyses that support it."""
    words = query.split()
    if not words:
        return []
    analyses_q, studies_q, datasets_q = Q(), Q(), Q()
    for word in words:
        analyses_q &= Q(title__icontains=word) | Q(related_reference__icontains=word)
        studies_q &= Q(title__icontains=word) | Q(related_reference__icontains=word)
        datasets_q &= Q(name__icontains=word)
    results = [
        SearchResult(
            reference=analysis.reference,
            title=analysis.title,
            url=analysis.get_absolute_url(),
            kind=str(analysis.get_tool_display()),
        )
        for analysis in analysis_list(user).filter(analyses_q)[:limit]
    ]
    results += [
        SearchResult(
            reference=f"DEC-{study.pk}",
            title=study.title,
            url=study.get_absolute_url(),
            kind=str(study.get_kind_display()),
        )
        for study in decision_study_list(user).filter(studies_q)[:limit]
    ]
    results += [
        SearchResult(
            reference=f"DS-{dataset.pk}",
            title=dataset.name,
            url=dataset.get_absolute_url(),
            kind=str(Dataset._meta.verbose_name),
        )
        for dataset in dataset_list(user).filter(datasets_q)[:limit]
    ]
    return results[:limit]

"""This app's records offered to the data-analysis toolbox (qsse.core.registry.AnalysisSource)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


def nonconformity_rows(user: Any):
    """One tuple per visible record, in the order of the source's columns; choices as their labels.

    ``values_list`` keeps it to one query and plain tuples (no model instances)."""
    from .choices import Category, NonconformityKind, NonconformityStatus, Severity
    from .selectors import nonconformity_list

    kinds = {key: str(label) for key, label in NonconformityKind.choices}
    categories = {key: str(label) for key, label in Category.choices}
    severities = {key: str(label) for key, label in Severity.choices}
    statuses = {key: str(label) for key, label in NonconformityStatus.choices}
    rows = (
        nonconformity_list(user)
        .order_by("detected_on", "id")
        .values_list(
            "reference",
            "kind",
            "category",
            "severity",
            "status",
            "site__name",
            "process__name",
            "detected_on",
            "cost_of_nonquality",
            "customer_name",
        )
    )
    for row in rows.iterator(chunk_size=5000):
        reference, kind, category, severity, status, site, process, detected_on, cost, customer = row
        yield (
            reference,
            kinds.get(kind, kind),
            categories.get(category, category),
            severities.get(severity, str(severity)),
            statuses.get(status, status),
            site,
            process or None,
            detected_on,
            float(cost) if cost is not None else None,
            customer or None,
        )


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import AnalysisColumn, AnalysisSource, register_analysis_source

    register_analysis_source(
        AnalysisSource(
            key="nonconformities",
            label=_("Non-conformities and complaints"),
            columns=(
                AnalysisColumn("reference", _("Reference"), "text"),
                AnalysisColumn("kind", _("Kind"), "text"),
                AnalysisColumn("category", _("Category"), "text"),
                AnalysisColumn("severity", _("Severity"), "text"),
                AnalysisColumn("status", _("Status"), "text"),
                AnalysisColumn("site", _("Site"), "text"),
                AnalysisColumn("process", _("Process"), "text"),
                AnalysisColumn("detected_on", _("Detected on"), "date"),
                AnalysisColumn("cost", _("Cost (€)"), "number"),
                AnalysisColumn("customer", _("Customer"), "text"),
            ),
            rows=nonconformity_rows,
        )
    )

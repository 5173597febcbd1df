"""Reads of the FMEA module, scoped to the user: FMEA lists, the worksheet (sorted in the database),
figures for the charts, settings, rating guides and the action-priority table in use."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult

from .calculations import ApRule, RpnThresholds
from .choices import PrioritisationMethod, RatingScale
from .models import ActionPriorityRule, ApTable, Fmea, FmeaLine, FmeaSettings, RatingGuide

# Worksheet sort keys → database ordering (ties broken by position then id, so pages are stable).
LINE_SORTS: dict[str, tuple[str, ...]] = {
    "position": ("position", "id"),
    "process_step": ("process_step", "position", "id"),
    "failure_mode": ("failure_mode", "position", "id"),
    "severity": ("severity", "position", "id"),
    "occurrence": ("occurrence", "position", "id"),
    "detection": ("detection", "position", "id"),
    "rpn": ("rpn", "id"),
    "ap": ("ap_rank", "rpn", "id"),
    "revised_rpn": ("revised_rpn", "id"),
}
# The columns the worksheet reads: a narrow SELECT keeps a 5,000-line sort fast.
WORKSHEET_FIELDS = (
    "id",
    "fmea_id",
    "position",
    "process_step",
    "failure_mode",
    "effect",
    "severity",
    "cause",
    "prevention_controls",
    "occurrence",
    "detection_controls",
    "detection",
    "rpn",
    "ap",
    "recommended_action",
    "revised_severity",
    "revised_occurrence",
    "revised_detection",
    "revised_rpn",
    "revised_ap",
    "function__description",
    "action__id",
    "action__reference",
    "action__status",
)


def fmea_list(user: Any) -> QuerySet[Fmea]:
    return scope_queryset(user, Fmea.objects.select_related("site", "process", "leader"))


def fmea_get(user: Any, pk: int) -> Fmea:
    """The FMEA ``pk`` if the user may see it; raises Fmea.DoesNotExist otherwise."""
    return fmea_list(user).get(pk=pk)


def line_get(user: Any, pk: int) -> FmeaLine:
    """The line ``pk`` of an FMEA the user may see; raises FmeaLine.DoesNotExist otherwise."""
    return FmeaLine.objects.select_related("fmea", "fmea__site", "action", "function").get(
        pk=pk, fmea__in=fmea_list(user).values("pk")
    )


def worksheet_lines(
    fmea: Fmea, *, sort: str = "position", ap: str = "", min_rpn: int | None = None
) -> QuerySet[FmeaLine]:
    """The lines of ``fmea`` (already checked visible), filtered and sorted in the database.

    ``sort`` is a key of LINE_SORTS, with a leading "-" for descending.
    """
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    ordering = LINE_SORTS.get(key, LINE_SORTS["position"])
    if descending:
        ordering = tuple(f"-{field}" for field in ordering)
    queryset = FmeaLine.objects.filter(fmea=fmea)
    if ap:
        queryset = queryset.filter(ap=ap)
    if min_rpn:
        queryset = queryset.filter(rpn__gte=min_rpn)
    return queryset.select_related("action", "function").only(*WORKSHEET_FIELDS).order_by(*ordering)


def default_line_sort(method: str) -> str:
    """The worksheet's sort when none is asked: highest priority first by the FMEA's method
    (RPN descending, or AP rank H > M > L then RPN descending)."""
    return "-rpn" if method == PrioritisationMethod.RPN else "-ap"


def priority_q(method: str, thresholds: RpnThresholds, prefix: str = "") -> Q:
    """The lines that call for action under ``method``: RPN at or above the high threshold (RPN),
    or action priority H (AP). ``prefix`` reaches the line from another model ("lines__")."""
    if method == PrioritisationMethod.RPN:
        return Q(**{f"{prefix}rpn__gte": thresholds.high})
    return Q(**{f"{prefix}ap": "H"})


def fmea_figures(fmea: Fmea, thresholds: RpnThresholds) -> dict[str, Any]:
    """Counts of the worksheet in one query: lines, high-priority lines by the FMEA's method, by AP,
    by RPN level, re-rated, RPN totals."""
    return FmeaLine.objects.filter(fmea=fmea).aggregate(
        lines=Count("pk"),
        priority_lines=Count("pk", filter=priority_q(fmea.prioritisation_method, thresholds)),
        ap_high=Count("pk", filter=Q(ap="H")),
        ap_medium=Count("pk", filter=Q(ap="M")),
        ap_low=Count("pk", filter=Q(ap="L")),
        ap_none=Count("pk", filter=Q(ap="")),
        rpn_high=Count("pk", filter=Q(rpn__gte=thresholds.high)),
        rpn_medium=Count("pk", filter=Q(rpn__gte=thresholds.medium, rpn__lt=thresholds.high)),
        rpn_low=Count("pk", filter=Q(rpn__lt=thresholds.medium)),
        with_action=Count("pk", filter=Q(action__isnull=False)),
        rerated=Count("pk", filter=Q(revised_rpn__isnull=False)),
        rpn_total=Sum("rpn"),
        rerated_rpn_before=Sum("rpn", filter=Q(revised_rpn__isnull=False)),
        rerated_rpn_after=Sum("revised_rpn"),
    )


def pareto_rows(fmea: Fmea, limit: int = 20) -> list[tuple[int, str, int]]:
    """(position, failure mode, RPN) of the ``limit`` lines of highest RPN (for the Pareto)."""
    return list(
        FmeaLine.objects.filter(fmea=fmea, rpn__gt=0)
        .order_by("-rpn", "position", "id")
        .values_list("position", "failure_mode", "rpn")[:limit]
    )


def rerated_rows(fmea: Fmea, limit: int = 50) -> list[tuple[int, str, int, int, str, str]]:
    """(position, failure mode, RPN before, after, AP before, after) of the re-rated lines."""
    return list(
        FmeaLine.objects.filter(fmea=fmea, revised_rpn__isnull=False)
        .order_by("position", "id")
        .values_list("position", "failure_mode", "rpn", "revised_rpn", "ap", "revised_ap")[:limit]
    )


def current_settings() -> FmeaSettings:
    """The organisation's FMEA settings (defaults, unsaved, until someone saves them)."""
    return FmeaSettings.objects.order_by("pk").first() or FmeaSettings()


def thresholds_of(fmea_settings: FmeaSettings) -> RpnThresholds:
    return RpnThresholds(high=fmea_settings.rpn_high_threshold, medium=fmea_settings.rpn_medium_threshold)


def active_ap_table() -> ApTable | None:
    return ApTable.objects.filter(is_active=True).first()


def ap_rules_of(table: ApTable | None) -> list[ApRule]:
    if table is None:
        return []
    return [
        ApRule(*values)
        for values in ActionPriorityRule.objects.filter(table=table)
        .order_by("pk")
        .values_list(
            "severity_min",
            "severity_max",
            "occurrence_min",
            "occurrence_max",
            "detection_min",
            "detection_max",
            "priority",
        )
    ]


def active_ap_rules() -> list[ApRule]:
    return ap_rules_of(active_ap_table())


def rating_guides() -> dict[str, list[RatingGuide]]:
    """The guide levels by scale, highest level first."""
    guides: dict[str, list[RatingGuide]] = {scale: [] for scale in RatingScale.values}
    for guide in RatingGuide.objects.order_by("scale", "-level"):
        guides[guide.scale].append(guide)
    return guides


def fmea_search(user: Any, query: str, limit: int) -> list[SearchResult]:
    """FMEAs whose reference, title, product or one of whose failure modes matches ``query``."""
    condition = Q()
    for word in query.split():
        condition &= (
            Q(reference__icontains=word)
            | Q(title__icontains=word)
            | Q(product__icontains=word)
            | Q(pk__in=FmeaLine.objects.filter(failure_mode__icontains=word).values("fmea_id"))
        )
    return [
        SearchResult(
            reference=fmea.reference,
            title=fmea.title,
            url=fmea.get_absolute_url(),
            kind=str(Fmea._meta.verbose_name),
        )
        for fmea in fmea_list(user).filter(condition)[:limit]
    ]

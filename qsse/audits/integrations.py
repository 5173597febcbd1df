"""What the audits app plugs into the shell and the other modules (menus, search, dashboards, sources)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def search(user: Any, query: str, limit: int):
    from qsse.core.registry import SearchResult

    from . import selectors

    return [
        SearchResult(reference=a.reference, title=a.title, url=a.get_absolute_url(), kind=str(_("Audit")))
        for a in selectors.audit_search(user, query, limit)
    ]


def upcoming_widget(request: Any) -> tuple[str, dict[str, Any]]:
    from . import selectors

    return "audits/widgets/_upcoming.html", {
        "audits": list(selectors.upcoming_audits(request.user, timezone.localdate()))
    }


def review_inputs(user: Any, start: date, end: date, site_ids, process_id: int | None):
    """ISO 9001 §9.3.2 c) 6): audits reported in the period, findings by kind, NCs from audits still open."""
    from qsse.core.registry import ReviewInputSection

    from .choices import FindingKind
    from .selectors import audit_results

    results = audit_results(user, start, end, site_ids, process_id)
    counts = results["counts"]
    audits = results["audits"]
    summary = _(
        "%(audits)s audits reported in the period: %(major)s major and %(minor)s minor non-conformities, "
        "%(obs)s observations, %(ofi)s opportunities for improvement; %(open)s NCs from audits still open."
    ) % {
        "audits": len(audits),
        "major": counts["major_nc"],
        "minor": counts["minor_nc"],
        "obs": counts["observation"],
        "ofi": counts["ofi"],
        "open": len(results["open_nc"]),
    }
    rows = tuple(
        (
            a.reference,
            a.title,
            a.subject,
            date_format(a.reported_on, "SHORT_DATE_FORMAT") if a.reported_on else "",
            str(a.nc_count),
        )
        for a in audits
    )
    rows += tuple(
        (
            f.nonconformity.reference,
            f.description[:120],
            f.audit.reference,
            str(f.nonconformity.get_status_display()),
            "",
        )
        for f in results["open_nc"]
    )
    return [
        ReviewInputSection(
            key="audit_results",
            title=_("Audit results"),
            summary=summary,
            headers=(_("Reference"), _("Title"), _("Process / supplier"), _("Reported on"), _("NC findings")),
            rows=rows,
            figures=tuple((str(FindingKind(k).label), str(v)) for k, v in counts.items())
            + (
                (_("Audits reported"), str(len(audits))),
                (_("Open NCs from audits"), str(len(results["open_nc"]))),
            ),
            url=reverse("audits:audit_list"),
        )
    ]


def findings_nc_count(start: date, end: date, site_ids) -> int:
    from .choices import NC_FINDING_KINDS
    from .models import Finding

    queryset = Finding.objects.filter(
        kind__in=NC_FINDING_KINDS, audit__reported_on__gte=start, audit__reported_on__lt=end
    )
    if site_ids is not None:
        queryset = queryset.filter(audit__site__in=site_ids)
    return queryset.count()


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import (
        IndicatorSource,
        NavItem,
        register_dashboard_widget,
        register_indicator_source,
        register_nav_item,
        register_review_input,
        register_search,
    )

    from .models import Audit, Finding

    register_nav_item(
        NavItem(
            menu="quality", label=gettext_lazy("Audit programme"), url_name="audits:programme_list", order=40
        )
    )
    register_nav_item(
        NavItem(menu="quality", label=gettext_lazy("Audits"), url_name="audits:audit_list", order=41)
    )
    register_nav_item(
        NavItem(menu="quality", label=gettext_lazy("Auditors"), url_name="audits:auditor_list", order=42)
    )
    register_nav_item(
        NavItem(
            menu="quality",
            label=gettext_lazy("Checklist templates"),
            url_name="audits:template_list",
            order=43,
        )
    )
    register_search(search)
    register_dashboard_widget(upcoming_widget)
    register_review_input(review_inputs)
    register_origin_model(Finding)
    register_origin_model(Audit)
    register_indicator_source(
        IndicatorSource(
            key="audits.findings_nc",
            label=gettext_lazy("Audit NC findings"),
            unit=gettext_lazy("NC"),
            domain="quality",
            compute=findings_nc_count,
            description=gettext_lazy("Major and minor NC findings of the audits reported in the period."),
        )
    )

"""The dashboard card of the module: days without accident with lost time, analyses open."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qsse.organization import selectors as organization_selectors

from . import selectors


def accidents_widget(request: Any) -> tuple[str, dict[str, Any]]:
    user = request.user
    site_ids = [site.pk for site in organization_selectors.site_list(user)]
    return "accidents/widgets/_dashboard.html", {
        "days_without_accident": selectors.days_without_accident(site_ids, timezone.localdate()),
        "open_analyses": selectors.open_analysis_count(user),
    }

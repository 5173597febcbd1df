"""Every write of the ICPE status: the rubrique catalogue and its thresholds, installations and the
quantities they hold under each rubrique, the periodic controls of DC rubriques, and the update of
the site's compliance profile (through the compliance app's services)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.core.choices import Operation
from qsse.core.permissions import require
from qsse.core.services import event_record

from . import calculations, nomenclature
from .models import ClassifiedActivity, Installation, PeriodicControl, Rubrique, SiteRubriqueTotal, Threshold

RUBRIQUE_FIELDS = frozenset(
    {
        "title_fr",
        "title_en",
        "quantity_fr",
        "quantity_en",
        "unit",
        "is_health_hazard",
        "is_physical_hazard",
        "is_environment_hazard",
        "seveso_low",
        "seveso_high",
        "source_url",
        "source_note",
        "to_verify",
        "note",
        "is_active",
    }
)
INSTALLATION_FIELDS = frozenset({"location", "commissioned_on", "is_in_service", "responsible", "notes"})
CONTROL_FIELDS = frozenset({"report_reference", "has_major_nonconformities", "period_years", "notes"})


def _today() -> date:
    return timezone.localdate()


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def nomenclature_load() -> int:
    """Add the shipped rubriques missing from the catalogue (idempotent); returns how many."""
    return nomenclature.load_nomenclature(Rubrique, Threshold)


def totals_refresh(*, site_ids: list[int] | set[int]) -> None:
    """Recompute the site-wide totals per rubrique of ``site_ids`` from the declared quantities of
    the installations in service (called by every service that changes them)."""
    SiteRubriqueTotal.objects.filter(site_id__in=site_ids).delete()
    rows = (
        ClassifiedActivity.objects.filter(
            installation__site_id__in=site_ids, installation__is_in_service=True
        )
        .values("installation__site_id", "rubrique_id")
        .annotate(total=Sum("quantity"), first=Min("installation__commissioned_on"))
        .order_by()
    )
    SiteRubriqueTotal.objects.bulk_create(
        SiteRubriqueTotal(
            site_id=row["installation__site_id"],
            rubrique_id=row["rubrique_id"],
            quantity=row["total"],
            first_commissioned_on=row["first"],
        )
        for row in rows
    )


# --- Catalogue ---------------------------------------------------------------------------------


def _check_seveso(rubrique: Rubrique) -> None:
    if calculations.seveso_errors(rubrique.seveso_low, rubrique.seveso_high):
        raise ValidationError(
            {"seveso_high": _("The Seveso high threshold must be above the low threshold, both positive.")}
        )
    if (rubrique.seveso_low is not None or rubrique.seveso_high is not None) and not rubrique.hazard_groups:
        raise ValidationError(
            {"is_health_hazard": _("Tick the hazard group(s) the Seveso thresholds count in.")}
        )


@transaction.atomic
def rubrique_create(*, user: Any, code: str, title_fr: str, unit: str, **fields: Any) -> Rubrique:
    """Add a rubrique the shipped catalogue lacks (the organisation's own, not marked shipped)."""
    _check_fields(fields, RUBRIQUE_FIELDS)
    require(user, Operation.CREATE, Rubrique)
    rubrique = Rubrique(code=(code or "").strip(), title_fr=(title_fr or "").strip(), unit=unit, **fields)
    rubrique.full_clean()
    _check_seveso(rubrique)
    rubrique.save()
    event_record(actor=user, target=rubrique, verb=gettext_noop("Rubrique added"), detail=rubrique.code)
    return rubrique


@transaction.atomic
def rubrique_update(*, user: Any, rubrique: Rubrique, **fields: Any) -> Rubrique:
    """Change a rubrique, shipped or not; the change history keeps the former values."""
    _check_fields(fields, RUBRIQUE_FIELDS)
    require(user, Operation.EDIT, Rubrique.objects.get(pk=rubrique.pk))
    for name, value in fields.items():
        setattr(rubrique, name, value)
    rubrique.full_clean()
    _check_seveso(rubrique)
    rubrique.save()
    return rubrique


def _check_thresholds(
    rubrique: Rubrique, changed: Threshold | None, removed: Threshold | None = None
) -> None:
    others = [
        t
        for t in rubrique.thresholds.all()
        if t.pk not in {getattr(changed, "pk", None), getattr(removed, "pk", None)}
    ]
    candidates = others + ([changed] if changed is not None else [])
    errors = calculations.threshold_errors(
        calculations.Threshold(t.regime, t.value, t.is_inclusive) for t in candidates
    )
    if errors:
        raise ValidationError(
            {
                "value": _(
                    "A higher threshold must lead to a higher regime (D < DC < E < A), one threshold "
                    "per regime."
                )
            }
        )


@transaction.atomic
def threshold_save(
    *,
    user: Any,
    rubrique: Rubrique,
    regime: str,
    value: Decimal,
    is_inclusive: bool,
    alinea: str = "",
    wording: str = "",
    threshold: Threshold | None = None,
) -> Threshold:
    """Add or change a threshold of ``rubrique``; the regimes must still rise with the thresholds."""
    require(user, Operation.EDIT, rubrique)
    if threshold is None:
        threshold = Threshold(rubrique=rubrique)
    elif threshold.rubrique_id != rubrique.pk:
        raise ValidationError(_("This threshold belongs to another rubrique."))
    threshold.regime, threshold.value, threshold.is_inclusive = regime, value, is_inclusive
    threshold.alinea, threshold.wording = (alinea or "").strip(), (wording or "").strip()
    threshold.full_clean()
    _check_thresholds(rubrique, threshold)
    threshold.save()
    event_record(
        actor=user,
        target=rubrique,
        verb=gettext_noop("Threshold saved"),
        detail=f"{regime} {'≥' if is_inclusive else '>'} {calculations.plain_number(Decimal(value))} "
        f"{rubrique.unit}",
    )
    return threshold


@transaction.atomic
def threshold_delete(*, user: Any, threshold: Threshold) -> None:
    rubrique = threshold.rubrique
    require(user, Operation.EDIT, rubrique)
    event_record(actor=user, target=rubrique, verb=gettext_noop("Threshold removed"), detail=str(threshold))
    threshold.delete()


# --- Installations -----------------------------------------------------------------------------


def _check_rubrique(rubrique: Rubrique) -> None:
    if not rubrique.is_active:
        raise ValidationError({"rubrique": _("This rubrique is no longer active.")})


@transaction.atomic
def installation_create(
    *,
    user: Any,
    site: Any,
    name: str,
    rubrique: Rubrique | None = None,
    quantity: Decimal | None = None,
    **fields: Any,
) -> Installation:
    """Declare an installation of ``site``, with its first rubrique and quantity when given."""
    _check_fields(fields, INSTALLATION_FIELDS)
    require(user, Operation.CREATE, Installation, site_id=site.pk)
    installation = Installation(site=site, name=(name or "").strip(), created_by=user, **fields)
    installation.full_clean()
    installation.save()
    event_record(
        actor=user, target=installation, verb=gettext_noop("Installation declared"), detail=installation.name
    )
    if rubrique is not None:
        if quantity is None:
            raise ValidationError({"quantity": _("Give the quantity or capacity under this rubrique.")})
        _activity_write(user=user, installation=installation, rubrique=rubrique, quantity=quantity)
    return installation


@transaction.atomic
def installation_update(
    *, user: Any, installation: Installation, site: Any = None, name: str | None = None, **fields: Any
) -> Installation:
    _check_fields(fields, INSTALLATION_FIELDS)
    stored = Installation.objects.get(pk=installation.pk)
    require(user, Operation.EDIT, stored)
    if site is not None and site.pk != stored.site_id:
        require(user, Operation.CREATE, Installation, site_id=site.pk)
        installation.site = site
    if name is not None:
        installation.name = name.strip()
    for field_name, value in fields.items():
        setattr(installation, field_name, value)
    installation.full_clean()
    installation.save()
    totals_refresh(site_ids={stored.site_id, installation.site_id})
    return installation


@transaction.atomic
def activity_save(
    *,
    user: Any,
    installation: Installation,
    rubrique: Rubrique,
    quantity: Decimal,
    note: str = "",
    activity: ClassifiedActivity | None = None,
) -> ClassifiedActivity:
    """Declare or change the quantity ``installation`` holds under ``rubrique`` (in its unit)."""
    require(user, Operation.EDIT, Installation.objects.get(pk=installation.pk))
    return _activity_write(
        user=user,
        installation=installation,
        rubrique=rubrique,
        quantity=quantity,
        note=note,
        activity=activity,
    )


def _activity_write(
    *,
    user: Any,
    installation: Installation,
    rubrique: Rubrique,
    quantity: Decimal,
    note: str = "",
    activity: ClassifiedActivity | None = None,
) -> ClassifiedActivity:
    _check_rubrique(rubrique)
    if activity is None:
        activity = ClassifiedActivity(installation=installation)
    elif activity.installation_id != installation.pk:
        raise ValidationError(_("This quantity belongs to another installation."))
    previous = None if activity.pk is None else ClassifiedActivity.objects.get(pk=activity.pk).quantity
    activity.rubrique, activity.quantity, activity.note = rubrique, quantity, (note or "").strip()
    activity.full_clean()
    activity.save()
    totals_refresh(site_ids=[installation.site_id])
    amount = f"{calculations.plain_number(Decimal(quantity))} {rubrique.unit}"
    detail = f"{rubrique.code}: {amount}"
    if previous is not None and previous != activity.quantity:
        detail = f"{rubrique.code}: {calculations.plain_number(previous)} → {amount}"
    event_record(actor=user, target=installation, verb=gettext_noop("ICPE quantity declared"), detail=detail)
    return activity


@transaction.atomic
def activity_delete(*, user: Any, activity: ClassifiedActivity) -> None:
    installation = activity.installation
    require(user, Operation.EDIT, installation)
    event_record(
        actor=user,
        target=installation,
        verb=gettext_noop("ICPE quantity removed"),
        detail=activity.rubrique.code,
    )
    activity.delete()
    totals_refresh(site_ids=[installation.site_id])


# --- Periodic controls (DC) --------------------------------------------------------------------


@transaction.atomic
def control_record(
    *, user: Any, site: Any, rubrique: Rubrique, performed_on: date, body: str, **fields: Any
) -> PeriodicControl:
    """Record the periodic control of a DC rubrique by an approved body (L512-11)."""
    _check_fields(fields, CONTROL_FIELDS)
    require(user, Operation.CREATE, PeriodicControl, site_id=site.pk)
    if performed_on > _today():
        raise ValidationError({"performed_on": _("The control date cannot be in the future.")})
    control = PeriodicControl(
        site=site,
        rubrique=rubrique,
        performed_on=performed_on,
        body=(body or "").strip(),
        created_by=user,
        **fields,
    )
    control.full_clean()
    control.save()
    event_record(
        actor=user,
        target=control,
        verb=gettext_noop("Periodic control recorded"),
        detail=f"{rubrique.code} · {control.body}",
    )
    return control


# --- Compliance profile --------------------------------------------------------------------------


@transaction.atomic
def compliance_profile_update(*, user: Any, site: Any) -> list[str]:
    """Set the ICPE rubriques of ``site``'s compliance profile to the rubriques it is classed under
    (four-digit numbers) and its ``icpe_dc`` activity to whether one of them is DC; the compliance
    app then refreshes its applicability proposals. Returns the rubriques written."""
    from qsse.compliance import selectors as compliance_selectors
    from qsse.compliance import services as compliance_services

    from . import selectors

    status = selectors.site_status(user, site)
    numbers = sorted({row.code[:4] for row in status.classified})
    has_dc = any(row.regime == calculations.DC for row in status.classified)
    profile = compliance_selectors.profile_for(site)
    activities = {str(item) for item in (profile.activities if profile else [])}
    activities = (activities | {"icpe_dc"}) if has_dc else (activities - {"icpe_dc"})
    compliance_services.profile_save(
        user=user, site=site, icpe_rubriques=numbers, activities=sorted(activities)
    )
    return numbers

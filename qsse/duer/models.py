"""The DUER (document unique d'évaluation des risques professionnels, Code du travail R4121-1):
hazards assessed per work unit, prevention measures turned into actions, and frozen versions kept
40 years (R4121-4)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS

from .choices import ControlLevel, MeasureType, PreventionPrinciple, Protection


class HazardFamily(TimeStampedModel):
    """A family of hazards (DigiRisk list after INRS ED 840, see data/SOURCE.md) or the
    organisation's own."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    sub_dangers = models.TextField(_("sub-dangers"), blank=True, help_text=_("One per line."))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_builtin = models.BooleanField(_("shipped family"), default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("hazard family")
        verbose_name_plural = _("hazard families")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def sub_danger_list(self) -> list[str]:
        return [line.strip() for line in self.sub_dangers.splitlines() if line.strip()]

    def responsible_person_ids(self) -> set[int]:
        return set()


class Duer(TimeStampedModel):
    """The document unique of the organisation (no site) or of one site: its current draft."""

    title = models.CharField(_("title"), max_length=255)
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duers",
        verbose_name=_("site"),
        help_text=_("Leave empty for the whole organisation."),
    )
    owner = models.ForeignKey(
        "organization.Person", on_delete=models.PROTECT, related_name="owned_duers", verbose_name=_("owner")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("DUER")
        verbose_name_plural = _("DUERs")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("duer:duer_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.owner_id} if self.owner_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person)


class Hazard(TimeStampedModel):
    """One hazard of a work unit: the situation, who is exposed, what is in place, and its rating."""

    duer = models.ForeignKey(Duer, on_delete=models.CASCADE, related_name="hazards", verbose_name=_("DUER"))
    work_unit = models.ForeignKey(
        "organization.WorkUnit",
        on_delete=models.PROTECT,
        related_name="duer_hazards",
        verbose_name=_("work unit"),
    )
    family = models.ForeignKey(
        HazardFamily, on_delete=models.PROTECT, related_name="hazards", verbose_name=_("hazard family")
    )
    sub_danger = models.CharField(_("sub-danger"), max_length=200, blank=True)
    situation = models.TextField(_("hazardous situation"))
    exposed_count = models.PositiveIntegerField(_("people exposed"), default=0)
    existing_measures = models.TextField(_("existing prevention measures"), blank=True)
    probability = models.PositiveSmallIntegerField(_("probability"), validators=[MinValueValidator(1)])
    gravity = models.PositiveSmallIntegerField(_("gravity"), validators=[MinValueValidator(1)])
    control_level = models.PositiveSmallIntegerField(
        _("control level of existing measures"),
        choices=ControlLevel.choices,
        default=ControlLevel.NONE,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    raw_score = models.PositiveSmallIntegerField(_("raw score"), default=0, editable=False)
    residual_score = models.DecimalField(
        _("residual score"), max_digits=6, decimal_places=2, default=0, editable=False, db_index=True
    )
    residual_level = models.CharField(_("residual level"), max_length=60, blank=True, editable=False)
    residual_colour = models.CharField(_("residual level colour"), max_length=7, blank=True, editable=False)
    is_significant = models.BooleanField(_("significant"), default=False, editable=False)
    needs_review = models.BooleanField(
        _("to re-evaluate"),
        default=False,
        editable=False,
        help_text=_("Set when an accident or a near miss bears on the hazard; cleared by its re-evaluation."),
    )
    review_reason = models.CharField(_("why re-evaluate"), max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "work_unit__site"

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["work_unit", "-residual_score", "-raw_score", "id"]
        indexes = [models.Index(fields=["duer", "work_unit"])]

    def __str__(self) -> str:
        label = self.sub_danger or self.family.name
        return f"{label} – {self.work_unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("duer:work_unit", args=[self.duer_id, self.work_unit_id]) + f"#hazard-{self.pk}"

    def responsible_person_ids(self) -> set[int]:
        return {self.duer.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(duer__owner=person)


class PreventionMeasure(TimeStampedModel):
    """A prevention measure proposed for a hazard (general principles of prevention, L4121-2)."""

    hazard = models.ForeignKey(
        Hazard, on_delete=models.CASCADE, related_name="measures", verbose_name=_("hazard")
    )
    description = models.CharField(_("measure"), max_length=500)
    principle = models.CharField(
        _("principle of prevention"), max_length=12, choices=PreventionPrinciple.choices
    )
    measure_type = models.CharField(_("type"), max_length=16, choices=MeasureType.choices)
    protection = models.CharField(
        _("protection"), max_length=12, choices=Protection.choices, default=Protection.NOT_APPLICABLE
    )
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action"),
    )
    history = HistoricalRecords()

    scope_site_field = "hazard__work_unit__site"

    class Meta:
        verbose_name = _("prevention measure")
        verbose_name_plural = _("prevention measures")
        ordering = ["hazard", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def site(self):
        return self.hazard.work_unit.site

    def get_absolute_url(self) -> str:
        return self.hazard.get_absolute_url()

    def responsible_person_ids(self) -> set[int]:
        return {self.hazard.duer.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(hazard__duer__owner=person)


class HazardFeedback(TimeStampedModel):
    """A record from the field (an accident, a near miss) that bears on a hazard of the DUER: the
    lessons of its analysis feed the evaluation (R4121-2: the DUER is updated when information on
    a risk comes to light). The source is any registered model, kept with its label and address
    as they were when linked."""

    hazard = models.ForeignKey(
        Hazard, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("hazard")
    )
    source_content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("source type")
    )
    source_object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_content_type", "source_object_id")
    source_label = models.CharField(_("source"), max_length=255)
    source_url = models.CharField(max_length=300, blank=True)
    source_on = models.DateField(_("date of the event"), null=True, blank=True)
    note = models.TextField(_("what the analysis teaches"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "hazard__work_unit__site"

    class Meta:
        verbose_name = _("feedback on a hazard")
        verbose_name_plural = _("feedback on hazards")
        ordering = ["hazard", "-source_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hazard", "source_content_type", "source_object_id"], name="unique_hazard_feedback"
            )
        ]
        indexes = [models.Index(fields=["source_content_type", "source_object_id"])]

    def __str__(self) -> str:
        return f"{self.source_label} → {self.hazard}"

    def get_absolute_url(self) -> str:
        return self.hazard.get_absolute_url()

    def responsible_person_ids(self) -> set[int]:
        return {self.hazard.duer.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(hazard__duer__owner=person)


class DuerVersion(TimeStampedModel):
    """A frozen version: the whole content at freeze time as JSON. Never edited (R4121-4: kept 40
    years); the services only create versions."""

    duer = models.ForeignKey(Duer, on_delete=models.PROTECT, related_name="versions", verbose_name=_("DUER"))
    number = models.PositiveIntegerField(_("version"))
    frozen_on = models.DateField(_("dated"))
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    frozen_by_name = models.CharField(_("frozen by"), max_length=200, blank=True)
    change_note = models.TextField(_("what changed"))
    headcount = models.PositiveIntegerField(_("headcount at freeze time"), default=0)
    content = models.JSONField(_("content"), default=dict, editable=False)

    scope_site_field = "duer__site"

    class Meta:
        verbose_name = _("DUER version")
        verbose_name_plural = _("DUER versions")
        ordering = ["duer", "-number"]
        constraints = [models.UniqueConstraint(fields=["duer", "number"], name="unique_duer_version_number")]

    def __str__(self) -> str:
        return f"{self.duer} – v{self.number} ({self.frozen_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("duer:version_list", args=[self.duer_id])

    def save(self, *args, **kwargs) -> None:
        # A frozen version is written once (R4121-4): no code path may change it afterwards.
        if not self._state.adding:
            raise PermissionError("a frozen DUER version cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("a frozen DUER version is kept 40 years (R4121-4)")

    def responsible_person_ids(self) -> set[int]:
        return {self.duer.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(duer__owner=person)

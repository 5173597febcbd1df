"""FMEA / AMDEC: process and design FMEAs, their functional analysis and worksheet lines, the
organisation's rating guides, RPN thresholds and action-priority tables (stored as data)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS

from .choices import (
    ActionPriorityLevel,
    FmeaKind,
    FmeaStatus,
    FunctionKind,
    PrioritisationMethod,
    RatingScale,
)

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(10)]


def rating_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(verbose_name, validators=RATING_VALIDATORS, **kwargs)


class ApTable(TimeStampedModel):
    """A version of the action-priority table (S × O × D → H/M/L), loaded by the organisation."""

    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the table comes from (handbook edition, page).")
    )
    is_active = models.BooleanField(_("in use"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("action-priority table")
        verbose_name_plural = _("action-priority tables")
        ordering = ["-is_active", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="fmea_one_active_ap"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ActionPriorityRule(models.Model):
    """S, O and D ranges (inclusive) → H, M or L; the rules of a table cover 1,000 combinations once."""

    table = models.ForeignKey(ApTable, on_delete=models.CASCADE, related_name="rules")
    severity_min = rating_field(_("severity from"))
    severity_max = rating_field(_("severity to"))
    occurrence_min = rating_field(_("occurrence from"))
    occurrence_max = rating_field(_("occurrence to"))
    detection_min = rating_field(_("detection from"))
    detection_max = rating_field(_("detection to"))
    priority = models.CharField(_("action priority"), max_length=1, choices=ActionPriorityLevel.choices)

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("action-priority rule")
        verbose_name_plural = _("action-priority rules")
        ordering = ["table", "-severity_max", "-occurrence_max", "-detection_max", "pk"]

    def __str__(self) -> str:
        return (
            f"S {self.severity_min}–{self.severity_max} · O {self.occurrence_min}–{self.occurrence_max}"
            f" · D {self.detection_min}–{self.detection_max} → {self.priority}"
        )


class FmeaSettings(models.Model):
    """The organisation's FMEA choices (one row): RPN thresholds and the prioritisation method."""

    rpn_high_threshold = models.PositiveSmallIntegerField(
        _("high RPN from"), default=100, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    rpn_medium_threshold = models.PositiveSmallIntegerField(
        _("medium RPN from"), default=50, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    default_method = models.CharField(
        _("prioritisation method by default"),
        max_length=3,
        choices=PrioritisationMethod.choices,
        default=PrioritisationMethod.AP,
    )
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("FMEA settings")
        verbose_name_plural = _("FMEA settings")

    def __str__(self) -> str:
        return str(_("FMEA settings"))

    def clean(self) -> None:
        if self.rpn_medium_threshold and self.rpn_high_threshold:
            if self.rpn_medium_threshold > self.rpn_high_threshold:
                raise ValidationError(
                    {"rpn_medium_threshold": _("The medium threshold cannot exceed the high threshold.")}
                )


class RatingGuide(models.Model):
    """What a level of a rating scale means for the organisation (editable, 10 levels per scale)."""

    scale = models.CharField(_("scale"), max_length=12, choices=RatingScale.choices)
    level = rating_field(_("level"))
    meaning = models.CharField(_("meaning"), max_length=200)
    criteria = models.TextField(_("criteria"), blank=True)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("rating guide level")
        verbose_name_plural = _("rating guides")
        ordering = ["scale", "-level"]
        constraints = [models.UniqueConstraint(fields=["scale", "level"], name="fmea_unique_guide_level")]

    def __str__(self) -> str:
        return f"{self.get_scale_display()} {self.level} – {self.meaning}"


class Fmea(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=FmeaKind.choices, default=FmeaKind.PROCESS)
    title = models.CharField(_("title"), max_length=255)
    scope = models.TextField(_("scope"), blank=True)
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fmeas",
        verbose_name=_("process"),
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fmeas",
        verbose_name=_("site"),
    )
    product = models.CharField(_("product / part"), max_length=200, blank=True)
    leader = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_fmeas",
        verbose_name=_("team leader"),
    )
    team = models.ManyToManyField(
        "organization.Person", blank=True, related_name="fmeas", verbose_name=_("team")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FmeaStatus.choices, default=FmeaStatus.DRAFT
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    prioritisation_method = models.CharField(
        _("prioritisation method"),
        max_length=3,
        choices=PrioritisationMethod.choices,
        default=PrioritisationMethod.AP,
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    due_on = models.DateField(_("target date"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords(m2m_fields=[team])

    scope_site_field = "site"

    class Meta:
        verbose_name = _("FMEA")
        verbose_name_plural = _("FMEAs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "status"]), models.Index(fields=["process", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("fmea:fmea_detail", args=[self.pk])

    def clean(self) -> None:
        if self.started_on and self.due_on and self.due_on < self.started_on:
            raise ValidationError({"due_on": _("The target date cannot be before the start date.")})

    def responsible_person_ids(self) -> set[int]:
        ids = set(self.team.values_list("pk", flat=True)) if self.pk else set()
        if self.leader_id:
            ids.add(self.leader_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(leader=person) | Q(pk__in=Fmea.team.through.objects.filter(person=person).values("fmea_id"))


class FmeaFunction(models.Model):
    """Functional analysis: a function of the process step or of the product element."""

    fmea = models.ForeignKey(Fmea, on_delete=models.CASCADE, related_name="functions")
    kind = models.CharField(_("kind"), max_length=14, choices=FunctionKind.choices, default=FunctionKind.MAIN)
    structure_element = models.CharField(_("process step / structure element"), max_length=200)
    description = models.CharField(_("function"), max_length=500)
    position = models.PositiveIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("function")
        verbose_name_plural = _("functions")
        ordering = ["fmea", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.structure_element} – {self.description}"


class FmeaLine(models.Model):
    """One worksheet line: failure mode → effect → cause, with current controls and ratings.

    RPN and AP are stored (computed by the services) so that 5,000 lines sort in the database.
    """

    fmea = models.ForeignKey(Fmea, on_delete=models.CASCADE, related_name="lines")
    function = models.ForeignKey(
        FmeaFunction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name=_("function"),
    )
    position = models.PositiveIntegerField(_("no."), default=0)
    process_step = models.CharField(_("process step / item"), max_length=200)
    failure_mode = models.CharField(_("failure mode"), max_length=500)
    effect = models.TextField(_("effect of the failure"))
    severity = rating_field(_("severity (S)"))
    cause = models.TextField(_("cause of the failure"))
    prevention_controls = models.TextField(_("current prevention controls"), blank=True)
    occurrence = rating_field(_("occurrence (O)"))
    detection_controls = models.TextField(_("current detection controls"), blank=True)
    detection = rating_field(_("detection (D)"))
    rpn = models.PositiveSmallIntegerField(_("RPN"), editable=False, default=0)
    ap = models.CharField(
        _("action priority"), max_length=1, choices=ActionPriorityLevel.choices, blank=True, editable=False
    )
    ap_rank = models.PositiveSmallIntegerField(editable=False, default=0)
    recommended_action = models.TextField(_("recommended action"), blank=True)
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action"),
    )
    revised_severity = rating_field(_("revised severity"), null=True, blank=True)
    revised_occurrence = rating_field(_("revised occurrence"), null=True, blank=True)
    revised_detection = rating_field(_("revised detection"), null=True, blank=True)
    revised_rpn = models.PositiveSmallIntegerField(_("revised RPN"), null=True, blank=True, editable=False)
    revised_ap = models.CharField(
        _("revised action priority"),
        max_length=1,
        choices=ActionPriorityLevel.choices,
        blank=True,
        editable=False,
    )
    revised_on = models.DateField(_("re-rated on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_site_field = "fmea__site"

    class Meta:
        verbose_name = _("FMEA line")
        verbose_name_plural = _("FMEA lines")
        ordering = ["fmea", "position", "pk"]
        indexes = [
            models.Index(fields=["fmea", "position", "id"], name="fmea_line_position"),
            models.Index(fields=["fmea", "rpn", "id"], name="fmea_line_rpn"),
            models.Index(fields=["fmea", "ap_rank", "rpn", "id"], name="fmea_line_ap"),
            models.Index(fields=["fmea", "severity", "id"], name="fmea_line_severity"),
            models.Index(fields=["fmea", "revised_rpn", "id"], name="fmea_line_revised_rpn"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.failure_mode}"

    def responsible_person_ids(self) -> set[int]:
        return self.fmea.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(fmea__in=Fmea.objects.filter(Fmea.responsible_q(person)).values("pk"))

    @property
    def is_rerated(self) -> bool:
        return self.revised_rpn is not None

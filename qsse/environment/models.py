"""Environmental analysis (ISO 14001:2015 §6.1.2): per site, dated and versioned analyses of the
activities, their environmental aspects and impacts, rated for significance with the
organisation's own scales and rules (``SignificanceSettings``)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS

from .choices import (
    AnalysisStatus,
    Compartment,
    ControlType,
    LifeCycleStage,
    OperatingCondition,
    ScoringMethod,
    SignificanceReason,
)


class SignificanceSettings(TimeStampedModel):
    """How the organisation rates aspects: one row (the services create it with the defaults)."""

    method = models.CharField(
        _("scoring method"),
        max_length=4,
        choices=ScoringMethod.choices,
        default=ScoringMethod.SEVERITY_FREQUENCY_CONTROL,
    )
    severity_labels = models.JSONField(_("severity levels"), default=list)
    frequency_labels = models.JSONField(_("frequency levels"), default=list)
    control_labels = models.JSONField(_("control levels"), default=list)
    threshold = models.PositiveSmallIntegerField(
        _("significance threshold"),
        validators=[MinValueValidator(1)],
        help_text=_("An aspect whose score reaches this value is significant."),
    )
    legal_requirement_rule = models.BooleanField(
        _("an aspect subject to a legal requirement is significant"), default=True
    )
    emergency_rule = models.BooleanField(
        _("an emergency aspect at or above a severity level is significant"), default=True
    )
    emergency_min_severity = models.PositiveSmallIntegerField(
        _("severity level of the emergency rule"), default=3, validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("significance settings")
        verbose_name_plural = _("significance settings")

    def __str__(self) -> str:
        return str(_("Significance settings"))

    def get_absolute_url(self) -> str:
        return reverse("environment:settings")

    def responsible_person_ids(self) -> set[int]:
        return set()


class EnvironmentalAnalysis(TimeStampedModel):
    """The environmental analysis of a site at a date; a new version copies the previous one."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        related_name="environmental_analyses",
        verbose_name=_("site"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        editable=False,
        verbose_name=_("previous version"),
    )
    analysed_on = models.DateField(_("analysed on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AnalysisStatus.choices,
        default=AnalysisStatus.DRAFT,
        editable=False,
    )
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="owned_environmental_analyses",
        verbose_name=_("owner"),
    )
    scope = models.TextField(
        _("scope"), blank=True, help_text=_("Activities, products and services covered.")
    )
    life_cycle_note = models.TextField(
        _("life-cycle perspective"),
        blank=True,
        help_text=_("Stages considered upstream and downstream (ISO 14001 §6.1.2) and what is left out."),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    approved_by_name = models.CharField(_("approved by"), max_length=200, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("environmental analysis")
        verbose_name_plural = _("environmental analyses")
        ordering = ["site__name", "-version", "id"]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("environment:analysis_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == AnalysisStatus.DRAFT

    def responsible_person_ids(self) -> set[int]:
        return {self.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person)


class Activity(TimeStampedModel):
    """An activity, product or service of the site whose aspects are analysed."""

    analysis = models.ForeignKey(
        EnvironmentalAnalysis, on_delete=models.CASCADE, related_name="activities", verbose_name=_("analysis")
    )
    name = models.CharField(_("activity"), max_length=200)
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="environmental_activities",
        verbose_name=_("process"),
    )
    description = models.TextField(_("description"), blank=True)
    life_cycle_stage = models.CharField(
        _("life-cycle stage"),
        max_length=16,
        choices=LifeCycleStage.choices,
        default=LifeCycleStage.PRODUCTION,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    scope_site_field = "analysis__site"

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["analysis", "order", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.analysis.get_absolute_url() + f"#activity-{self.pk}"

    def responsible_person_ids(self) -> set[int]:
        return {self.analysis.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(analysis__owner=person)


class EnvironmentalAspect(TimeStampedModel):
    """An environmental aspect of an activity, its impact, and its significance rating."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="aspects", verbose_name=_("activity")
    )
    aspect = models.CharField(_("environmental aspect"), max_length=255)
    impact = models.CharField(_("environmental impact"), max_length=255)
    compartment = models.CharField(_("compartment"), max_length=16, choices=Compartment.choices)
    condition = models.CharField(
        _("operating condition"),
        max_length=10,
        choices=OperatingCondition.choices,
        default=OperatingCondition.NORMAL,
    )
    life_cycle_stage = models.CharField(
        _("life-cycle stage"),
        max_length=16,
        choices=LifeCycleStage.choices,
        default=LifeCycleStage.PRODUCTION,
    )
    control_type = models.CharField(
        _("control or influence"), max_length=8, choices=ControlType.choices, default=ControlType.DIRECT
    )
    existing_controls = models.TextField(_("existing controls"), blank=True)
    legal_requirement = models.CharField(
        _("legal requirement"),
        max_length=255,
        blank=True,
        help_text=_(
            "The text or permit that applies (e.g. arrêté préfectoral, rubrique 2565); empty if none."
        ),
    )
    severity = models.PositiveSmallIntegerField(_("severity"), validators=[MinValueValidator(1)])
    frequency = models.PositiveSmallIntegerField(_("frequency"), validators=[MinValueValidator(1)])
    control = models.PositiveSmallIntegerField(_("control"), validators=[MinValueValidator(1)])
    score = models.PositiveSmallIntegerField(_("score"), default=0, editable=False, db_index=True)
    is_significant = models.BooleanField(_("significant"), default=False, editable=False)
    significance_reasons = models.CharField(_("why significant"), max_length=60, blank=True, editable=False)
    objective = models.ForeignKey(
        "indicators.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("objective"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "activity__analysis__site"

    class Meta:
        verbose_name = _("environmental aspect")
        verbose_name_plural = _("environmental aspects")
        ordering = ["activity", "-score", "id"]
        indexes = [
            models.Index(fields=["is_significant", "compartment", "condition"]),
            models.Index(fields=["compartment", "-score"]),
        ]

    def __str__(self) -> str:
        return f"{self.aspect} – {self.activity.name}"

    def get_absolute_url(self) -> str:
        return reverse("environment:aspect_detail", args=[self.pk])

    @property
    def has_legal_requirement(self) -> bool:
        return bool(self.legal_requirement.strip())

    @property
    def site(self):
        return self.activity.analysis.site

    @property
    def process(self):
        return self.activity.process

    def reason_codes(self) -> list[str]:
        return [code for code in self.significance_reasons.split(",") if code]

    def reason_labels(self) -> list[str]:
        return [str(SignificanceReason(code).label) for code in self.reason_codes()]

    def responsible_person_ids(self) -> set[int]:
        return {self.activity.analysis.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(activity__analysis__owner=person)

"""Context of the organisation (ISO 9001 §4.1–4.2), criticality matrix and the register of risks
and opportunities (§6.1)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS

from .choices import (
    AnalysisKind,
    AnalysisStatus,
    ContextCategory,
    Importance,
    MatrixUsage,
    PartyCategory,
    RiskKind,
    RiskSource,
    RiskStatus,
    TreatmentStrategy,
)

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give a colour as #rrggbb."))


class _NoOwnerMixin:
    """Reference data: nobody "owns" a record (grants limited to "own" give nothing)."""

    def responsible_person_ids(self) -> set[int]:
        return set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(pk__in=[])


class ContextAnalysis(_NoOwnerMixin, TimeStampedModel):
    """A SWOT or PESTEL analysis, versioned: an approved version is frozen, changes go to version n+1."""

    kind = models.CharField(_("kind"), max_length=10, choices=AnalysisKind.choices)
    title = models.CharField(_("title"), max_length=200)
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="context_analyses",
        verbose_name=_("site"),
        help_text=_("Leave empty for the whole organisation."),
    )
    analysed_on = models.DateField(_("analysed on"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("context analysis")
        verbose_name_plural = _("context analyses")
        ordering = ["kind", "-analysed_on", "-version", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("context:analysis_detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == AnalysisStatus.APPROVED


class ContextItem(models.Model):
    analysis = models.ForeignKey(ContextAnalysis, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("category"), max_length=20, choices=ContextCategory.choices)
    text = models.CharField(_("text"), max_length=500)
    importance = models.PositiveSmallIntegerField(
        _("importance"), choices=Importance.choices, default=Importance.MEDIUM
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("context item")
        verbose_name_plural = _("context items")
        ordering = ["analysis", "category", "position", "id"]

    def __str__(self) -> str:
        return self.text


class InterestedParty(_NoOwnerMixin, TimeStampedModel):
    """An interested party (ISO 9001 §4.2): its needs and expectations and how they are monitored."""

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=PartyCategory.choices)
    needs = models.TextField(_("needs"), blank=True)
    expectations = models.TextField(_("expectations"), blank=True)
    influence = models.PositiveSmallIntegerField(
        _("influence (1–4)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    interest = models.PositiveSmallIntegerField(
        _("interest (1–4)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    is_relevant = models.BooleanField(
        _("relevant to the management system"),
        default=True,
        help_text=_("Its requirements are taken into account in the management system."),
    )
    processes = models.ManyToManyField(
        "processes.Process",
        blank=True,
        related_name="interested_parties",
        verbose_name=_("related processes"),
    )
    how_monitored = models.TextField(_("how it is monitored"), blank=True)
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interested_parties",
        verbose_name=_("site"),
        help_text=_("Leave empty for the whole organisation."),
    )
    review_on = models.DateField(_("next review"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[processes])

    scope_site_field = "site"
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("context:party_edit", args=[self.pk])


class ContextSummary(_NoOwnerMixin, TimeStampedModel):
    """The regulatory and normative context of the organisation (site empty) or of one site."""

    site = models.OneToOneField(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="context_summary",
        verbose_name=_("site"),
    )
    text = models.TextField(_("regulatory and normative context"), blank=True)
    iso_9001 = models.BooleanField(_("ISO 9001 (quality)"), default=False)
    iso_14001 = models.BooleanField(_("ISO 14001 (environment)"), default=False)
    iso_45001 = models.BooleanField(_("ISO 45001 (health and safety)"), default=False)
    iso_50001 = models.BooleanField(_("ISO 50001 (energy)"), default=False)
    other_standards = models.TextField(_("other standards and requirements"), blank=True)
    history = HistoricalRecords()

    scope_site_field = "site"
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("context summary")
        verbose_name_plural = _("context summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["site"], condition=Q(site__isnull=True), name="one_organisation_context_summary"
            )
        ]

    def __str__(self) -> str:
        return str(self.site) if self.site_id else str(_("Whole organisation"))

    def standards(self) -> list[str]:
        names = [
            name
            for name, applies in (
                ("ISO 9001", self.iso_9001),
                ("ISO 14001", self.iso_14001),
                ("ISO 45001", self.iso_45001),
                ("ISO 50001", self.iso_50001),
            )
            if applies
        ]
        return names


class CriticalityMatrix(_NoOwnerMixin, TimeStampedModel):
    """The probability × impact grid and its levels; the active one scores the register."""

    name = models.CharField(_("name"), max_length=200)
    rows = models.PositiveSmallIntegerField(
        _("levels of the first axis"), default=4, validators=[MinValueValidator(3), MaxValueValidator(5)]
    )
    cols = models.PositiveSmallIntegerField(
        _("levels of the second axis"), default=4, validators=[MinValueValidator(3), MaxValueValidator(5)]
    )
    row_axis_name = models.CharField(_("first axis (rows)"), max_length=60, default="Probabilité")
    col_axis_name = models.CharField(_("second axis (columns)"), max_length=60, default="Gravité")
    row_labels = models.JSONField(_("labels of the first axis"), default=list, blank=True)
    col_labels = models.JSONField(_("labels of the second axis"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=False)
    # One mechanism for every risk tool: each usage (register, HACCP, HAZOP...) has its active matrix.
    usage = models.CharField(
        _("used for"), max_length=20, choices=MatrixUsage.choices, default=MatrixUsage.RISKS_OPPORTUNITIES
    )
    history = HistoricalRecords()

    scope_site_field = None
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("criticality matrix")
        verbose_name_plural = _("criticality matrices")
        ordering = ["usage", "-is_active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["usage"], condition=Q(is_active=True), name="one_active_matrix_per_usage"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("context:matrix_edit", args=[self.pk])

    def row_label(self, value: int) -> str:
        labels = self.row_labels or []
        return labels[value - 1] if 0 < value <= len(labels) and labels[value - 1] else str(value)

    def col_label(self, value: int) -> str:
        labels = self.col_labels or []
        return labels[value - 1] if 0 < value <= len(labels) and labels[value - 1] else str(value)


class CriticalityLevel(models.Model):
    matrix = models.ForeignKey(CriticalityMatrix, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(_("name"), max_length=60)
    min_score = models.PositiveSmallIntegerField(_("from score"))
    colour = models.CharField(_("colour"), max_length=7, default="#cccccc", validators=[colour_validator])
    is_significant = models.BooleanField(_("significant"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criticality level")
        verbose_name_plural = _("criticality levels")
        ordering = ["matrix", "min_score"]

    def __str__(self) -> str:
        return self.name


class RiskOpportunity(TimeStampedModel):
    """A risk or an opportunity of the register (ISO 9001 §6.1), scored on the active matrix."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=RiskKind.choices, default=RiskKind.RISK)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        related_name="risks_opportunities",
        verbose_name=_("process"),
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks_opportunities",
        verbose_name=_("site"),
        help_text=_("Leave empty for the whole organisation."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=RiskSource.choices, default=RiskSource.OTHER
    )
    source_item = models.ForeignKey(
        ContextItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks_opportunities",
        verbose_name=_("SWOT / PESTEL item"),
    )
    source_party = models.ForeignKey(
        InterestedParty,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks_opportunities",
        verbose_name=_("interested party"),
    )
    causes = models.TextField(_("causes"), blank=True)
    consequences = models.TextField(_("consequences"), blank=True)
    probability = models.PositiveSmallIntegerField(_("probability"), validators=[MinValueValidator(1)])
    impact = models.PositiveSmallIntegerField(_("impact"), validators=[MinValueValidator(1)])
    # Denormalised from the active matrix (lists, filters, heat map); recomputed when it changes.
    score = models.PositiveSmallIntegerField(_("score"), default=0, editable=False)
    level = models.ForeignKey(
        CriticalityLevel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("level"),
    )
    is_significant = models.BooleanField(_("significant"), default=False, editable=False)
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_risks_opportunities",
        verbose_name=_("owner"),
    )
    treatment_strategy = models.CharField(
        _("treatment strategy"), max_length=10, choices=TreatmentStrategy.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RiskStatus.choices, default=RiskStatus.IDENTIFIED
    )
    residual_probability = models.PositiveSmallIntegerField(
        _("residual probability"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("residual impact"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    residual_score = models.PositiveSmallIntegerField(
        _("residual score"), null=True, blank=True, editable=False
    )
    review_on = models.DateField(_("review due on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        ordering = ["-score", "reference"]
        indexes = [
            models.Index(fields=["kind", "status", "probability", "impact"]),
            models.Index(fields=["site", "status", "is_significant"]),
            models.Index(fields=["process", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("context:risk_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        ids = {self.owner_id} if self.owner_id else set()
        if self.process_id and self.process.owner_id:
            ids.add(self.process.owner_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person) | Q(process__owner=person)

"""Regulatory watch and compliance: versioned requirement libraries loaded from data files, the
organisation profile of each site, and the applicability and conformity assessment of each
requirement for each site."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.choices import Operation, Role
from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS, Scope

from .choices import Applicability, ChangeKind, ConformityStatus, GapSeverity, LibraryKind, Theme


class RequirementLibrary(TimeStampedModel):
    """A set of texts and their requirements (a regulatory corpus or a standard's clauses)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=12, choices=LibraryKind.choices, default=LibraryKind.REGULATORY
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    current_version = models.ForeignKey(
        "LibraryVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version in use"),
    )
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("requirement library")
        verbose_name_plural = _("requirement libraries")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("compliance:library_detail", args=[self.pk])


class LibraryVersion(models.Model):
    """One loaded version of a library, with the counts of what it changed."""

    library = models.ForeignKey(
        RequirementLibrary, on_delete=models.CASCADE, related_name="versions", verbose_name=_("library")
    )
    number = models.CharField(_("version"), max_length=30)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    notes = models.TextField(_("release notes"), blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_count = models.PositiveIntegerField(_("new"), default=0)
    modified_count = models.PositiveIntegerField(_("modified"), default=0)
    repealed_count = models.PositiveIntegerField(_("repealed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("library version")
        verbose_name_plural = _("library versions")
        ordering = ["library", "-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["library", "number"], name="compliance_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.library} {self.number}"


class Requirement(models.Model):
    """One requirement of a library, updated in place by each new version (history keeps the past)."""

    library = models.ForeignKey(
        RequirementLibrary, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("library")
    )
    key = models.CharField(_("key"), max_length=80, help_text=_("Stable identifier inside the library."))
    reference = models.CharField(_("reference"), max_length=200)
    text = models.CharField(_("text"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=255)
    summary_fr = models.TextField(_("summary (French)"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    theme = models.CharField(_("theme"), max_length=12, choices=Theme.choices)
    criteria = models.JSONField(_("applicability criteria"), default=list, blank=True)
    evidence_expected = models.TextField(_("evidence expected"), blank=True)
    periodicity_months = models.PositiveSmallIntegerField(_("periodicity (months)"), null=True, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    to_verify = models.BooleanField(_("to verify"), default=False)
    is_in_force = models.BooleanField(_("in force"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    added_in = models.ForeignKey(
        LibraryVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_in = models.ForeignKey(
        LibraryVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed in"),
    )
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["library", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["library", "key"], name="compliance_unique_requirement")
        ]
        indexes = [models.Index(fields=["library", "is_in_force", "position"], name="compliance_req_library")]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"


class RequirementChange(models.Model):
    """What one version did to one requirement: the diff shown on the library page."""

    version = models.ForeignKey(LibraryVersion, on_delete=models.CASCADE, related_name="changes")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=10, choices=ChangeKind.choices)
    fields = models.JSONField(_("fields changed"), default=list, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("requirement change")
        verbose_name_plural = _("requirement changes")
        ordering = ["version", "kind", "requirement__position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.requirement}"


def _string_list() -> list[str]:
    return []


class SiteProfile(TimeStampedModel):
    """What a site is and holds, matched with the requirements' applicability criteria.

    The headcounts come from the organisation module (site and company); the rest is declared here.
    """

    site = models.OneToOneField(
        "organization.Site",
        on_delete=models.CASCADE,
        related_name="compliance_profile",
        verbose_name=_("site"),
    )
    naf_code = models.CharField(
        _("NAF code"), max_length=6, blank=True, help_text=_("Leave empty to use the organisation's.")
    )
    activities = models.JSONField(_("activities"), default=_string_list, blank=True)
    icpe_rubriques = models.JSONField(_("ICPE rubriques"), default=_string_list, blank=True)
    equipment = models.JSONField(_("equipment and installations"), default=_string_list, blank=True)
    tertiary_floor_area_m2 = models.PositiveIntegerField(_("tertiary floor area (m²)"), null=True, blank=True)
    annual_energy_gwh = models.DecimalField(
        _("annual energy consumption (GWh)"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    scope_site_field = "site"
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("site compliance profile")
        verbose_name_plural = _("site compliance profiles")
        ordering = ["site__name"]

    def __str__(self) -> str:
        return str(self.site)

    def get_absolute_url(self) -> str:
        return reverse("compliance:profile_edit", args=[self.site_id])

    def responsible_person_ids(self) -> set[int]:
        return set()  # a profile has no owner: only the roles with every record may edit it

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(pk__in=[])


class ComplianceAssessment(TimeStampedModel):
    """The applicability of one requirement to one site and, when it applies, its conformity."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("requirement")
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.CASCADE,
        related_name="compliance_assessments",
        verbose_name=_("site"),
    )
    proposed_applicable = models.BooleanField(_("proposed applicable"), default=True)
    proposed_reason = models.TextField(_("reason of the proposal"), blank=True)
    applicability = models.CharField(
        _("applicability decision"),
        max_length=10,
        choices=Applicability.choices,
        default=Applicability.PROPOSED,
    )
    is_applicable = models.BooleanField(_("applicable"), default=True)
    justification = models.TextField(_("justification"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    status = models.CharField(
        _("conformity"), max_length=14, choices=ConformityStatus.choices, default=ConformityStatus.TO_ASSESS
    )
    gap_severity = models.CharField(_("gap"), max_length=5, choices=GapSeverity.choices, blank=True)
    # Criticality of a gap on the shared criticality matrix (usage "compliance"): likelihood ×
    # impact; score, level and colours are denormalised (rescored when the matrix changes).
    gap_likelihood = models.PositiveSmallIntegerField(
        _("gap likelihood"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    gap_impact = models.PositiveSmallIntegerField(
        _("gap impact"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    gap_score = models.PositiveSmallIntegerField(_("gap criticality"), null=True, blank=True, editable=False)
    gap_level = models.CharField(_("gap level"), max_length=60, blank=True, editable=False)
    gap_colour = models.CharField(max_length=20, blank=True, editable=False)
    gap_text_colour = models.CharField(max_length=20, blank=True, editable=False)
    gap_is_significant = models.BooleanField(_("significant gap"), default=False, editable=False)
    evidence = models.TextField(_("evidence"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    assessor = models.ForeignKey(
        "organization.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="compliance_assessments",
        verbose_name=_("assessed by"),
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    next_assessment_on = models.DateField(_("next assessment"), null=True, blank=True)
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action"),
    )
    needs_review = models.BooleanField(_("to review (watch)"), default=False)
    review_reason = models.CharField(_("why to review"), max_length=500, blank=True)
    flagged_in = models.ForeignKey(
        LibraryVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("compliance assessment")
        verbose_name_plural = _("compliance assessments")
        ordering = ["requirement__library", "requirement__position", "site", "id"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "site"], name="compliance_unique_assessment"),
            models.CheckConstraint(
                condition=~Q(applicability="overridden") | ~Q(justification=""),
                name="compliance_override_justified",
            ),
        ]
        indexes = [
            models.Index(fields=["site", "is_applicable", "status"], name="compliance_site_status"),
            models.Index(fields=["needs_review", "site"], name="compliance_review"),
            models.Index(fields=["status", "gap_score"], name="compliance_gap_score"),
            models.Index(fields=["next_assessment_on", "site"], name="compliance_next_due"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement.reference} – {self.site}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:assessment_detail", args=[self.pk])

    def clean(self) -> None:
        if self.applicability == Applicability.OVERRIDDEN and not self.justification.strip():
            raise ValidationError({"justification": _("Overriding the proposal needs a justification.")})
        if not self.is_applicable and self.status != ConformityStatus.NOT_APPLICABLE:
            raise ValidationError({"status": _("A requirement that does not apply cannot be assessed.")})

    def responsible_person_ids(self) -> set[int]:
        return {self.assessor_id} if self.assessor_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(assessor=person)

    @property
    def is_gap(self) -> bool:
        return self.status in (ConformityStatus.PARTIAL, ConformityStatus.NONCOMPLIANT)

    @property
    def gap_label(self) -> str:
        """The criticality as text ("3 × 4 = 12 – Élevé"): the badge never relies on colour alone."""
        if self.gap_score is None:
            return ""
        text = f"{self.gap_likelihood} × {self.gap_impact} = {self.gap_score}"
        return f"{text} – {self.gap_level}" if self.gap_level else text


# Who may take a snapshot of a gap analysis: the QSSE team and the people who run assessments.
SNAPSHOT_GRANTS: dict[str, dict[str, Scope]] = {
    Role.ADMINISTRATOR: {operation: Scope.ALL for operation in Operation},
    Role.QSSE_MANAGER: {operation: Scope.ALL for operation in Operation},
    Role.PROCESS_OWNER: {Operation.VIEW: Scope.ALL, Operation.CREATE: Scope.ALL},
    Role.AUDITOR: {Operation.VIEW: Scope.ALL, Operation.CREATE: Scope.ALL},
    Role.CONTRIBUTOR: {Operation.VIEW: Scope.ALL},
    Role.READER: {Operation.VIEW: Scope.ALL},
}


class ComplianceSnapshot(models.Model):
    """The conformity rates of a standard's clauses frozen at a date ("état des lieux du 12/03"),
    for one site or for every site (``site`` empty), to follow the progress between assessments.

    ``clauses`` holds, per clause key, the counts and the rate (see ``calculations.clause_rates``).
    """

    library = models.ForeignKey(
        RequirementLibrary, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("standard")
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
        help_text=_("Empty: every site."),
    )
    label = models.CharField(_("label"), max_length=120)
    taken_on = models.DateField(_("date"))
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    compliant = models.PositiveIntegerField(_("compliant"), default=0)
    partial = models.PositiveIntegerField(_("partially compliant"), default=0)
    noncompliant = models.PositiveIntegerField(_("non-compliant"), default=0)
    to_assess = models.PositiveIntegerField(_("to assess"), default=0)
    rate = models.DecimalField(
        _("conformity rate (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    clauses = models.JSONField(_("rates per clause"), default=dict, blank=True)

    scope_site_field = "site"
    permission_grants = SNAPSHOT_GRANTS

    class Meta:
        verbose_name = _("gap analysis snapshot")
        verbose_name_plural = _("gap analysis snapshots")
        ordering = ["library", "-taken_on", "-id"]
        indexes = [models.Index(fields=["library", "site", "taken_on"], name="compliance_snapshot")]

    def __str__(self) -> str:
        return self.label

    def responsible_person_ids(self) -> set[int]:
        return set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(pk__in=[])

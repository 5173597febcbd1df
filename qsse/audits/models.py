"""Audits along ISO 19011:2018: programme (cl. 5), audits with their plan, checklist, findings and
meetings (cl. 6), auditors' qualification (cl. 7); the standards' clauses are reference data."""

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
    Answer,
    AuditKind,
    AuditStatus,
    FindingKind,
    LastResult,
    MeetingKind,
    ProgrammeStatus,
    ReportLanguage,
    RiskLevel,
    TemplateTheme,
)


class Standard(TimeStampedModel):
    """A management-system standard whose clauses serve as audit criteria (ISO 9001:2015...)."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    scope_site_field = None
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class StandardClause(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="clauses")
    code = models.CharField(_("clause"), max_length=20)
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    scope_site_field = None
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("standard clause")
        verbose_name_plural = _("standard clauses")
        ordering = ["standard__code", "position"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="unique_clause_code")]

    def __str__(self) -> str:
        return f"{self.standard.code} §{self.code} {self.title_fr}"

    def title(self, language: str = "fr") -> str:
        return self.title_en if language == "en" else self.title_fr

    @property
    def is_top_level(self) -> bool:
        return self.parent_id is None


class Auditor(TimeStampedModel):
    """An auditor's qualification (ISO 19011 cl. 7): for which standards, since when, which trainings."""

    person = models.OneToOneField(
        "organization.Person", on_delete=models.PROTECT, related_name="auditor", verbose_name=_("person")
    )
    qualified_standards = models.ManyToManyField(
        Standard, blank=True, related_name="auditors", verbose_name=_("qualified for")
    )
    scopes = models.TextField(
        _("scopes"),
        blank=True,
        help_text=_("Processes, activities or sectors the auditor is qualified to audit."),
    )
    qualified_on = models.DateField(_("qualified on"), null=True, blank=True)
    valid_until = models.DateField(
        _("qualification valid until"),
        null=True,
        blank=True,
        help_text=_("Empty: no end date. After this date the auditor no longer counts as qualified."),
    )
    trainings = models.TextField(_("trainings"), blank=True)
    is_lead_auditor = models.BooleanField(_("lead auditor"), default=False)
    is_external = models.BooleanField(
        _("external auditor"), default=False, help_text=_("Not an employee of the organisation.")
    )
    organisation = models.CharField(_("organisation (external auditor)"), max_length=200, blank=True)
    independence_notes = models.TextField(
        _("independence"),
        blank=True,
        help_text=_("Interests declared, past responsibilities, activities the auditor must not audit."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[qualified_standards])

    scope_site_field = None
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("auditor")
        verbose_name_plural = _("auditors")
        ordering = ["person__last_name", "person__first_name"]

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("audits:auditor_detail", args=[self.pk])

    def clean(self) -> None:
        if self.qualified_on and self.valid_until and self.valid_until < self.qualified_on:
            raise ValidationError(
                {"valid_until": _("The end of validity cannot come before the qualification date.")}
            )
        if self.is_external and not self.organisation.strip():
            raise ValidationError({"organisation": _("Name the organisation of the external auditor.")})

    def is_valid_on(self, day) -> bool:
        """Active, and qualified on ``day`` (between the qualification date and the end of validity)."""
        if not self.is_active:
            return False
        if day is None:
            return True
        if self.qualified_on and day < self.qualified_on:
            return False
        return not (self.valid_until and day > self.valid_until)

    # Reference data: no one is "responsible" for a record (process owners only read them).
    def responsible_person_ids(self) -> set[int]:
        return set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(pk__in=[])


class AuditProgramme(TimeStampedModel):
    """A multi-year audit programme (ISO 19011 cl. 5)."""

    title = models.CharField(_("title"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    objectives = models.TextField(_("objectives"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    risks_opportunities = models.TextField(_("risks and opportunities of the programme"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    manager = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_audit_programmes",
        verbose_name=_("programme manager"),
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_programmes",
        verbose_name=_("site"),
        help_text=_("Empty for a programme covering every site."),
    )
    standards = models.ManyToManyField(
        Standard, blank=True, related_name="programmes", verbose_name=_("standards")
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        ordering = ["-start_year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self) -> str:
        return reverse("audits:programme_detail", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def clean(self) -> None:
        if self.start_year and self.end_year:
            if self.end_year < self.start_year:
                raise ValidationError({"end_year": _("The last year cannot come before the first year.")})
            if self.end_year - self.start_year > 9:
                raise ValidationError({"end_year": _("A programme covers at most ten years.")})

    def responsible_person_ids(self) -> set[int]:
        return {self.manager_id} if self.manager_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(manager=person)


class ProgrammeItem(TimeStampedModel):
    """One planned audit of the programme: a process (or a supplier), a standard, a year."""

    programme = models.ForeignKey(AuditProgramme, on_delete=models.CASCADE, related_name="items")
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_items",
        verbose_name=_("process"),
    )
    supplier_name = models.CharField(_("supplier (second-party audit)"), max_length=200, blank=True)
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standard"),
    )
    planned_year = models.PositiveSmallIntegerField(_("planned year"))
    planned_month = models.PositiveSmallIntegerField(
        _("planned month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    # Manual value kept for the audits held before the records start: the result of the latest
    # completed audit of the process (or supplier), when there is one, takes precedence.
    last_result = models.CharField(
        _("result of the last audit (manual)"),
        max_length=10,
        choices=LastResult.choices,
        default=LastResult.NONE,
        help_text=_("Used only while no completed audit of the process is recorded."),
    )
    criteria = models.ManyToManyField(
        StandardClause,
        blank=True,
        related_name="programme_items",
        verbose_name=_("clauses to audit"),
    )
    frequency_years = models.PositiveSmallIntegerField(_("frequency (years)"), default=3)
    rationale = models.TextField(_("frequency rationale"), blank=True)
    history = HistoricalRecords()

    scope_site_field = "programme__site"

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["planned_year", "planned_month", "id"]

    def __str__(self) -> str:
        return f"{self.subject} – {self.planned_year}"

    @property
    def subject(self) -> str:
        return str(self.process) if self.process_id else self.supplier_name

    def clean(self) -> None:
        errors = {}
        if not self.process_id and not self.supplier_name.strip():
            errors["process"] = _(
                "Choose the audited process, or name the supplier for a second-party audit."
            )
        if (
            self.programme_id
            and self.planned_year
            and not (self.programme.start_year <= self.planned_year <= self.programme.end_year)
        ):
            errors["planned_year"] = _("The year must fall within the programme (%(start)s–%(end)s).") % {
                "start": self.programme.start_year,
                "end": self.programme.end_year,
            }
        if errors:
            raise ValidationError(errors)

    def responsible_person_ids(self) -> set[int]:
        return self.programme.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(programme__manager=person)


class Audit(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=AuditKind.choices, default=AuditKind.INTERNAL)
    title = models.CharField(_("title"), max_length=255)
    programme_item = models.ForeignKey(
        ProgrammeItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("programme item"),
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("audited process"),
    )
    supplier_name = models.CharField(_("supplier"), max_length=200, blank=True)
    supplier_site = models.CharField(_("supplier's site"), max_length=200, blank=True)
    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="audits", verbose_name=_("site")
    )
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("standard"),
    )
    criteria = models.ManyToManyField(
        StandardClause, blank=True, related_name="audits", verbose_name=_("criteria (clauses)")
    )
    scope = models.TextField(_("scope"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    planned_start = models.DateField(_("planned start"), db_index=True)
    planned_end = models.DateField(_("planned end"))
    lead_auditor = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_audits",
        verbose_name=_("lead auditor"),
    )
    auditors = models.ManyToManyField(
        "organization.Person", blank=True, related_name="audits_as_auditor", verbose_name=_("auditors")
    )
    auditees = models.ManyToManyField(
        "organization.Person", blank=True, related_name="audits_as_auditee", verbose_name=_("auditees")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    maturity_rating = models.PositiveSmallIntegerField(
        _("maturity rating (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    positive_points = models.TextField(_("positive points"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    distribution = models.TextField(_("distribution list"), blank=True)
    report_language = models.CharField(
        _("report language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.FRENCH
    )
    reported_on = models.DateField(_("report issued on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # Team and criteria changes are business events (the record page shows scalar changes).
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-planned_start", "-id"]
        indexes = [
            models.Index(fields=["site", "status", "-planned_start"]),
            models.Index(fields=["process", "-planned_start"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("audits:audit_detail", args=[self.pk])

    @property
    def subject(self) -> str:
        if self.kind == AuditKind.SUPPLIER:
            return self.supplier_name + (f" ({self.supplier_site})" if self.supplier_site else "")
        return str(self.process) if self.process_id else ""

    def clean(self) -> None:
        errors = {}
        if self.kind == AuditKind.SUPPLIER and not self.supplier_name.strip():
            errors["supplier_name"] = _("A supplier audit needs the supplier's name.")
        if self.kind != AuditKind.SUPPLIER and not self.process_id:
            errors["process"] = _("An internal audit needs the audited process.")
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The end cannot come before the start.")
        if errors:
            raise ValidationError(errors)

    def responsible_person_ids(self) -> set[int]:
        ids = {self.lead_auditor_id} if self.lead_auditor_id else set()
        if self.pk:
            ids |= set(self.auditors.values_list("pk", flat=True))
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        team = Audit.auditors.through.objects.filter(person=person).values("audit_id")
        return Q(lead_auditor=person) | Q(pk__in=team)


class AuditPlanSlot(models.Model):
    """One row of the audit schedule: when, what (activity, clause), with whom."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="plan_slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    activity = models.CharField(_("activity / process / clause"), max_length=255)
    auditee = models.CharField(_("auditee"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schedule slot")
        verbose_name_plural = _("audit schedule")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.activity


class ChecklistTemplate(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=20, choices=TemplateTheme.choices)
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standard"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    scope_site_field = None
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["theme", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("audits:template_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(pk__in=[])


class ChecklistTemplateQuestion(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    question = models.TextField(_("question"))
    clause = models.ForeignKey(
        StandardClause,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clause"),
    )

    class Meta:
        verbose_name = _("template question")
        verbose_name_plural = _("template questions")
        ordering = ["template", "position", "id"]

    def __str__(self) -> str:
        return self.question[:80]


class ChecklistQuestion(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    theme = models.CharField(_("theme"), max_length=20, choices=TemplateTheme.choices, blank=True)
    question = models.TextField(_("question"))
    clause = models.ForeignKey(
        StandardClause,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clause"),
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, default=Answer.NOT_ASSESSED)
    evidence = models.TextField(_("evidence"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    scope_site_field = "audit__site"

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist")
        ordering = ["audit", "position", "id"]

    def __str__(self) -> str:
        return self.question[:80]

    def responsible_person_ids(self) -> set[int]:
        return self.audit.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        team = Audit.auditors.through.objects.filter(person=person).values("audit_id")
        return Q(audit__lead_auditor=person) | Q(audit_id__in=team)


class Finding(TimeStampedModel):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    clause = models.ForeignKey(
        StandardClause,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("clause"),
    )
    requirement = models.TextField(_("requirement"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    description = models.TextField(_("finding"))
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_findings",
        verbose_name=_("process"),
    )
    question = models.ForeignKey(
        ChecklistQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_findings",
        verbose_name=_("non-conformity record"),
    )
    history = HistoricalRecords()

    scope_site_field = "audit__site"

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["audit", "id"]

    def __str__(self) -> str:
        return f"{self.audit.reference} – {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("audits:audit_detail", args=[self.audit_id]) + f"#finding-{self.pk}"

    @property
    def site(self):
        return self.audit.site

    @property
    def reference(self) -> str:
        return f"{self.audit.reference}/{self.pk}"

    def clean(self) -> None:
        if self.kind in ("major_nc", "minor_nc") and not self.requirement.strip() and not self.clause_id:
            raise ValidationError(
                {"requirement": _("A non-conformity finding names the requirement (a clause or its text).")}
            )

    def responsible_person_ids(self) -> set[int]:
        return self.audit.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        team = Audit.auditors.through.objects.filter(person=person).values("audit_id")
        return Q(audit__lead_auditor=person) | Q(audit_id__in=team)


class AuditMeeting(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("meeting"), max_length=10, choices=MeetingKind.choices)
    held_at = models.DateTimeField(_("held at"))
    attendees = models.ManyToManyField(
        "organization.Person", blank=True, related_name="+", verbose_name=_("attendees")
    )
    other_attendees = models.TextField(_("other attendees"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("audit meeting")
        verbose_name_plural = _("audit meetings")
        ordering = ["held_at"]
        constraints = [models.UniqueConstraint(fields=["audit", "kind"], name="unique_audit_meeting_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

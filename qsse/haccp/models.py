"""HACCP plans (Codex CXC 1-1969): team and product, flow diagram, hazard analysis, CCPs and OPRPs,
monitoring records."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel

from .choices import (
    EDITABLE_STATUSES,
    RECORDING_STATUSES,
    ControlKind,
    HazardCategory,
    HazardOutcome,
    PlanStatus,
    StepKind,
    TreeVersion,
)


class HaccpPlan(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, editable=False, db_index=True)
    revision = models.PositiveSmallIntegerField(_("revision"), default=0, editable=False)
    previous_revision = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="next_revision",
        verbose_name=_("previous revision"),
    )
    title = models.CharField(_("title"), max_length=255)
    scope = models.TextField(_("scope (products, line)"), blank=True)
    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="haccp_plans", verbose_name=_("site")
    )
    leader = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_haccp_plans",
        verbose_name=_("team leader"),
    )
    team = models.ManyToManyField(
        "organization.Person", blank=True, related_name="haccp_plans", verbose_name=_("HACCP team")
    )
    # Step 2: product description.
    product_name = models.CharField(_("product"), max_length=255, blank=True)
    composition = models.TextField(_("composition"), blank=True)
    characteristics = models.TextField(_("physical and chemical characteristics (aw, pH…)"), blank=True)
    treatments = models.TextField(_("treatments (cooking, chilling…)"), blank=True)
    packaging = models.TextField(_("packaging"), blank=True)
    storage = models.TextField(_("storage conditions"), blank=True)
    shelf_life = models.CharField(_("shelf life"), max_length=255, blank=True)
    distribution = models.TextField(_("distribution"), blank=True)
    allergens = models.TextField(_("allergens"), blank=True)
    # Step 3: intended use.
    intended_use = models.TextField(_("intended use and consumers"), blank=True)
    tree_version = models.CharField(
        _("decision tree"), max_length=20, choices=TreeVersion.choices, default=TreeVersion.CODEX_2003
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    validated_on = models.DateField(_("validated on"), null=True, blank=True)
    verification_procedure = models.TextField(_("verification and validation of the plan"), blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[team])

    scope_site_field = "site"

    class Meta:
        verbose_name = _("HACCP plan")
        verbose_name_plural = _("HACCP plans")
        ordering = ["reference", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "revision"], name="haccp_unique_plan_revision")
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("haccp:plan_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """Only a draft changes: an approved plan is frozen, a superseded or archived one is a record."""
        return self.status in EDITABLE_STATUSES

    @property
    def accepts_records(self) -> bool:
        """Monitoring and verification results go to a draft or to the approved plan in force."""
        return self.status in RECORDING_STATUSES

    def responsible_person_ids(self) -> set[int]:
        ids = set(self.team.values_list("id", flat=True))
        if self.leader_id:
            ids.add(self.leader_id)
        return ids

    @staticmethod
    def responsible_q(person, prefix: str = "") -> Q:
        through = HaccpPlan.team.through.objects.filter(person=person).values("haccpplan_id")
        return Q(**{f"{prefix}leader": person}) | Q(**{f"{prefix}id__in": through})


class ProcessStep(TimeStampedModel):
    plan = models.ForeignKey(
        HaccpPlan, on_delete=models.CASCADE, related_name="steps", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices, default=StepKind.OTHER)
    description = models.TextField(_("description"), blank=True)
    # Step 5 of Codex: on-site confirmation of the flow diagram.
    verified_on = models.DateField(_("verified on site on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    history = HistoricalRecords()

    scope_site_field = "plan__site"

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="haccp_unique_step_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def responsible_person_ids(self) -> set[int]:
        return self.plan.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return HaccpPlan.responsible_q(person, prefix="plan__")


class Hazard(TimeStampedModel):
    step = models.ForeignKey(
        ProcessStep, on_delete=models.CASCADE, related_name="hazards", verbose_name=_("process step")
    )
    category = models.CharField(_("category"), max_length=20, choices=HazardCategory.choices)
    description = models.CharField(_("hazard"), max_length=255)
    source = models.TextField(_("cause / source"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    severity = models.PositiveSmallIntegerField(_("severity"))
    # Denormalised from the criticality matrix "haccp" (rescored when the matrix changes).
    score = models.PositiveSmallIntegerField(_("score"), default=0, db_index=True)
    level_name = models.CharField(_("level"), max_length=60, blank=True)
    level_colour = models.CharField(max_length=20, blank=True)
    level_text_colour = models.CharField(max_length=20, blank=True)
    is_significant = models.BooleanField(_("significant"), default=False)
    control_measures = models.TextField(_("control measures"), blank=True)
    tree_answers = models.JSONField(_("decision tree answers"), default=dict, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=HazardOutcome.choices, default=HazardOutcome.PENDING
    )
    justification = models.TextField(_("justification"), blank=True)
    history = HistoricalRecords()

    scope_site_field = "step__plan__site"

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-score", "step__number", "id"]

    def __str__(self) -> str:
        return f"{self.step.name} – {self.description}"

    @property
    def site(self):
        return self.step.plan.site

    def get_absolute_url(self) -> str:
        return reverse("haccp:plan_detail", args=[self.step.plan_id]) + f"?tab=hazards#hazard-{self.pk}"

    def responsible_person_ids(self) -> set[int]:
        return self.step.plan.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return HaccpPlan.responsible_q(person, prefix="step__plan__")


class ControlPoint(TimeStampedModel):
    """A CCP (critical limits) or an OPRP (action criteria) controlling one hazard at one step."""

    hazard = models.OneToOneField(
        Hazard, on_delete=models.CASCADE, related_name="control_point", verbose_name=_("hazard")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ControlKind.choices, default=ControlKind.CCP)
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. CCP 1"))
    limit_min = models.DecimalField(_("lower limit"), max_digits=10, decimal_places=2, null=True, blank=True)
    limit_max = models.DecimalField(_("upper limit"), max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    limit_text = models.TextField(_("critical limit / action criterion"), blank=True)
    limit_source = models.CharField(_("source of the limit"), max_length=255, blank=True)
    monitoring_what = models.CharField(_("monitoring: what"), max_length=255, blank=True)
    monitoring_how = models.CharField(_("monitoring: how"), max_length=255, blank=True)
    monitoring_frequency = models.CharField(_("monitoring: frequency"), max_length=255, blank=True)
    monitoring_who = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("monitoring: who"),
    )
    corrective_actions = models.TextField(_("corrective actions"), blank=True)
    verification = models.TextField(_("verification"), blank=True)
    records = models.TextField(_("records"), blank=True)
    history = HistoricalRecords()

    scope_site_field = "hazard__step__plan__site"

    class Meta:
        verbose_name = _("control point (CCP / OPRP)")
        verbose_name_plural = _("control points (CCP / OPRP)")
        ordering = ["hazard__step__number", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.hazard.step.name}"

    @property
    def site(self):
        return self.hazard.step.plan.site

    def clean(self) -> None:
        if self.limit_min is not None and self.limit_max is not None and self.limit_min > self.limit_max:
            raise ValidationError({"limit_max": _("The upper limit must be above the lower limit.")})
        if self.limit_min is None and self.limit_max is None and not self.limit_text.strip():
            raise ValidationError(
                {"limit_text": _("Give a critical limit: a lower or upper value, or a described criterion.")}
            )

    def responsible_person_ids(self) -> set[int]:
        return self.hazard.step.plan.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return HaccpPlan.responsible_q(person, prefix="hazard__step__plan__")


class MonitoringRecord(models.Model):
    control_point = models.ForeignKey(
        ControlPoint,
        on_delete=models.CASCADE,
        related_name="monitoring_records",
        verbose_name=_("control point"),
    )
    value = models.DecimalField(_("measured value"), max_digits=10, decimal_places=2, null=True, blank=True)
    observation = models.TextField(_("observation"), blank=True)
    measured_at = models.DateTimeField(_("measured at"), db_index=True)
    measured_by = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measured by"),
    )
    is_within_limits = models.BooleanField(_("within limits"), default=True)
    nonconformity = models.ForeignKey(
        "nonconformities.Nonconformity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("non-conformity"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_site_field = "control_point__hazard__step__plan__site"

    class Meta:
        verbose_name = _("monitoring record")
        verbose_name_plural = _("monitoring records")
        ordering = ["-measured_at", "-id"]

    def __str__(self) -> str:
        return f"{self.control_point.code} {self.measured_at:%Y-%m-%d %H:%M}"

    def responsible_person_ids(self) -> set[int]:
        return self.control_point.hazard.step.plan.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return HaccpPlan.responsible_q(person, prefix="control_point__hazard__step__plan__")

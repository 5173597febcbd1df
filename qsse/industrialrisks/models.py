"""Industrial risk control plan (C.28): dangerous phenomena per site and installation rated on the
shared criticality matrix before and after their prevention and protection measures, and the
emergency plan of each site (POI/PPI-style: scenarios and procedures, contacts, resources, drills)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel

from .choices import ContactCategory, MeasureRole, MeasureStatus, PhenomenonKind, ResourceKind


class DangerousPhenomenon(TimeStampedModel):
    """A dangerous phenomenon of an installation: its scenario, and its rating before and after
    measures on the "industrial" criticality matrix."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        related_name="dangerous_phenomena",
        verbose_name=_("site"),
    )
    installation = models.CharField(
        _("installation"),
        max_length=200,
        help_text=_("e.g. paint booth, gas boiler room, surface treatment line"),
    )
    kind = models.CharField(_("phenomenon"), max_length=20, choices=PhenomenonKind.choices)
    title = models.CharField(_("title"), max_length=255)
    scenario = models.TextField(
        _("scenario"), help_text=_("Initiating event, sequence, what is released or burns.")
    )
    consequences = models.TextField(
        _("consequences"),
        blank=True,
        help_text=_("Effects on people, the environment and property; reach beyond the site."),
    )
    probability = models.PositiveSmallIntegerField(_("probability"), validators=[MinValueValidator(1)])
    gravity = models.PositiveSmallIntegerField(_("gravity"), validators=[MinValueValidator(1)])
    residual_probability = models.PositiveSmallIntegerField(
        _("residual probability"), validators=[MinValueValidator(1)]
    )
    residual_gravity = models.PositiveSmallIntegerField(
        _("residual gravity"), validators=[MinValueValidator(1)]
    )
    score = models.PositiveSmallIntegerField(_("score"), default=0, editable=False)
    level = models.CharField(_("level"), max_length=60, blank=True, editable=False)
    colour = models.CharField(_("level colour"), max_length=7, blank=True, editable=False)
    residual_score = models.PositiveSmallIntegerField(
        _("residual score"), default=0, editable=False, db_index=True
    )
    residual_level = models.CharField(_("residual level"), max_length=60, blank=True, editable=False)
    residual_colour = models.CharField(_("residual level colour"), max_length=7, blank=True, editable=False)
    is_significant = models.BooleanField(_("significant residual risk"), default=False, editable=False)
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="owned_phenomena",
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("dangerous phenomenon")
        verbose_name_plural = _("dangerous phenomena")
        ordering = ["site__name", "-residual_score", "reference"]
        indexes = [models.Index(fields=["site", "kind"])]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("industrialrisks:phenomenon_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person)


class SafetyMeasure(TimeStampedModel):
    """A prevention or protection measure of a phenomenon, existing or planned (→ an action)."""

    phenomenon = models.ForeignKey(
        DangerousPhenomenon,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("dangerous phenomenon"),
    )
    description = models.CharField(_("measure"), max_length=500)
    role = models.CharField(_("role"), max_length=12, choices=MeasureRole.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.EXISTING
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

    scope_site_field = "phenomenon__site"

    class Meta:
        verbose_name = _("safety measure")
        verbose_name_plural = _("safety measures")
        ordering = ["phenomenon", "role", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def site(self):
        return self.phenomenon.site

    def get_absolute_url(self) -> str:
        return self.phenomenon.get_absolute_url() + f"#measure-{self.pk}"

    def responsible_person_ids(self) -> set[int]:
        return {self.phenomenon.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(phenomenon__owner=person)


class EmergencyPlan(TimeStampedModel):
    """The emergency plan of a site (POI-style internal plan, with what the PPI of the authorities
    expects from the operator): alert, contacts, resources, procedures per scenario, drills."""

    site = models.OneToOneField(
        "organization.Site", on_delete=models.PROTECT, related_name="emergency_plan", verbose_name=_("site")
    )
    title = models.CharField(_("title"), max_length=255)
    revision = models.CharField(_("revision"), max_length=20, default="1")
    revised_on = models.DateField(_("revised on"))
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="owned_emergency_plans",
        verbose_name=_("owner"),
    )
    alert_procedure = models.TextField(
        _("alert procedure"),
        help_text=_("Who raises the alert, how, and in what order the contacts are called."),
    )
    assembly_point = models.CharField(_("assembly point"), max_length=255, blank=True)
    drill_interval_months = models.PositiveSmallIntegerField(
        _("drill interval (months)"), default=6, validators=[MinValueValidator(1)]
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["site__name"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("industrialrisks:plan_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person)


class _PlanPart(TimeStampedModel):
    scope_site_field = "plan__site"

    class Meta:
        abstract = True

    @property
    def site(self):
        return self.plan.site

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()

    def responsible_person_ids(self) -> set[int]:
        return {self.plan.owner_id}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(plan__owner=person)


class EmergencyProcedure(_PlanPart):
    """The response to one scenario of the plan (usually one dangerous phenomenon)."""

    plan = models.ForeignKey(
        EmergencyPlan, on_delete=models.CASCADE, related_name="procedures", verbose_name=_("plan")
    )
    phenomenon = models.ForeignKey(
        DangerousPhenomenon,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procedures",
        verbose_name=_("dangerous phenomenon"),
    )
    scenario = models.CharField(_("scenario"), max_length=255)
    steps = models.TextField(_("procedure"), help_text=_("One step per line, in order."))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency procedure")
        verbose_name_plural = _("emergency procedures")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.scenario

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class EmergencyContact(_PlanPart):
    plan = models.ForeignKey(
        EmergencyPlan, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("plan")
    )
    category = models.CharField(_("category"), max_length=12, choices=ContactCategory.choices)
    name = models.CharField(_("name or function"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40)
    alternate_phone = models.CharField(_("alternate phone"), max_length=40, blank=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency contact")
        verbose_name_plural = _("emergency contacts")
        ordering = ["plan", "category", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"


class EmergencyResource(_PlanPart):
    plan = models.ForeignKey(
        EmergencyPlan, on_delete=models.CASCADE, related_name="resources", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    description = models.CharField(_("description"), max_length=255)
    location = models.CharField(_("location"), max_length=255, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency resource")
        verbose_name_plural = _("emergency resources")
        ordering = ["plan", "kind", "id"]

    def __str__(self) -> str:
        return self.description


class Drill(_PlanPart):
    """An emergency drill: when, which scenario, who took part, how long, what was found."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    plan = models.ForeignKey(
        EmergencyPlan, on_delete=models.PROTECT, related_name="drills", verbose_name=_("plan")
    )
    held_on = models.DateField(_("held on"))
    procedure = models.ForeignKey(
        EmergencyProcedure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drills",
        verbose_name=_("scenario exercised"),
    )
    scenario = models.CharField(_("scenario"), max_length=255)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    external_services = models.CharField(
        _("external services involved"),
        max_length=255,
        blank=True,
        help_text=_("e.g. SDIS, neighbouring companies"),
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), validators=[MinValueValidator(1)])
    findings = models.TextField(_("findings"), blank=True, help_text=_("What worked and what did not."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["plan", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} – {self.scenario}"

    def get_absolute_url(self) -> str:
        return reverse("industrialrisks:drill_detail", args=[self.pk])

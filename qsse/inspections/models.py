"""Mandatory periodic inspections (vérifications périodiques): the catalogue of inspection types by
kind of equipment, the equipment register of each site, the inspection schedule generated from the
catalogue, the visits of inspection bodies, their reports and observations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS

from .choices import Inspector, ObservationSeverity, VisitResult

MAX_PERIODICITY_MONTHS = 240


def _in_english() -> bool:
    return (get_language() or "fr").startswith("en")


class EquipmentKind(TimeStampedModel):
    """A kind of equipment or installation the catalogue knows (forklifts, electrical installations…)."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        error_messages={"unique": _("This code is already used by another kind of equipment.")},
    )
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_shipped = models.BooleanField(_("shipped with OpenQSSE"), default=False, editable=False)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("equipment kind")
        verbose_name_plural = _("equipment kinds")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en or self.name_fr) if _in_english() else self.name_fr


class InspectionType(TimeStampedModel):
    """One mandatory (or chosen) periodic inspection of a kind of equipment, with its legal basis.

    ``legal_periodicity_months`` is the catalogue's value; ``periodicity_months`` is the one the
    organisation applies (shorter for an insurer's requirement, for instance), changed with a reason.
    """

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        error_messages={"unique": _("This code is already used by another inspection type.")},
    )
    kind = models.ForeignKey(
        EquipmentKind,
        on_delete=models.PROTECT,
        related_name="inspection_types",
        verbose_name=_("equipment kind"),
    )
    title_fr = models.CharField(_("title (French)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    periodicity_months = models.PositiveSmallIntegerField(
        _("periodicity (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIODICITY_MONTHS)],
    )
    legal_periodicity_months = models.PositiveSmallIntegerField(
        _("periodicity of the text (months)"), null=True, blank=True, editable=False
    )
    max_periodicity_months = models.PositiveSmallIntegerField(
        _("longest periodicity allowed (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIODICITY_MONTHS)],
        help_text=_("When the text allows a longer periodicity under conditions (e.g. 24 months)."),
    )
    adjustment_fr = models.TextField(_("allowed adjustment (French)"), blank=True)
    adjustment_en = models.TextField(_("allowed adjustment (English)"), blank=True)
    periodicity_reason = models.CharField(
        _("reason for the periodicity applied"),
        max_length=255,
        blank=True,
        help_text=_("Required when it differs from the text's (e.g. insurer's requirement)."),
    )
    legal_text = models.CharField(_("legal basis (text)"), max_length=300, blank=True)
    legal_article = models.CharField(_("article"), max_length=120, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    inspector = models.CharField(
        _("who may inspect"), max_length=30, choices=Inspector.choices, default=Inspector.COMPETENT_PERSON
    )
    to_verify = models.BooleanField(
        _("to verify"),
        default=False,
        help_text=_("The periodicity or its basis is not confirmed by a source."),
    )
    note = models.TextField(_("note"), blank=True)
    is_shipped = models.BooleanField(_("shipped with OpenQSSE"), default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("inspection type")
        verbose_name_plural = _("inspection types")
        ordering = ["kind__name_fr", "periodicity_months", "code"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:catalogue") + f"#type-{self.pk}"

    @property
    def title(self) -> str:
        return (self.title_en or self.title_fr) if _in_english() else self.title_fr

    @property
    def adjustment(self) -> str:
        return (self.adjustment_en or self.adjustment_fr) if _in_english() else self.adjustment_fr

    @property
    def legal_basis(self) -> str:
        return ", ".join(part for part in (self.legal_text, self.legal_article) if part)

    @property
    def is_customised(self) -> bool:
        return (
            self.legal_periodicity_months is not None
            and self.periodicity_months != self.legal_periodicity_months
        )


class Equipment(TimeStampedModel):
    """A piece of equipment or an installation of a site subject to periodic inspections."""

    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        related_name="inspected_equipment",
        verbose_name=_("site"),
    )
    kind = models.ForeignKey(
        EquipmentKind, on_delete=models.PROTECT, related_name="equipment", verbose_name=_("equipment kind")
    )
    name = models.CharField(_("name"), max_length=200)
    identifier = models.CharField(_("identifier / serial number"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    work_unit = models.ForeignKey(
        "organization.WorkUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work unit"),
    )
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    is_in_service = models.BooleanField(_("in service"), default=True)
    is_use_forbidden = models.BooleanField(
        _("use forbidden"),
        default=False,
        editable=False,
        help_text=_("Set by an inspection found unsafe, lifted by a later satisfactory inspection."),
    )
    responsible = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspected_equipment",
        verbose_name=_("responsible"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("piece of equipment")
        verbose_name_plural = _("pieces of equipment")
        ordering = ["site__name", "kind__name_fr", "name", "id"]
        indexes = [models.Index(fields=["site", "kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})" if self.identifier else self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:equipment_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.responsible_id} if self.responsible_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(responsible=person)


class InspectionSchedule(TimeStampedModel):
    """One inspection a piece of equipment is due for: its type, periodicity and next due date."""

    equipment = models.ForeignKey(
        Equipment, on_delete=models.CASCADE, related_name="schedule_lines", verbose_name=_("equipment")
    )
    inspection_type = models.ForeignKey(
        InspectionType, on_delete=models.PROTECT, related_name="schedule_lines", verbose_name=_("inspection")
    )
    periodicity_months = models.PositiveSmallIntegerField(
        _("periodicity (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIODICITY_MONTHS)],
    )
    extension_reason = models.TextField(
        _("reason for the extended periodicity"),
        blank=True,
        help_text=_("Required when the periodicity is longer than the type's (allowed adjustment)."),
    )
    last_done_on = models.DateField(_("last done on"), null=True, blank=True)
    next_due_on = models.DateField(_("next due on"), db_index=True)
    is_required = models.BooleanField(_("inspection required"), default=True)
    not_required_reason = models.TextField(_("why it is not required"), blank=True)
    history = HistoricalRecords()

    scope_site_field = "equipment__site"

    class Meta:
        verbose_name = _("scheduled inspection")
        verbose_name_plural = _("scheduled inspections")
        ordering = ["next_due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["equipment", "inspection_type"], name="unique_inspection_per_equipment"
            )
        ]
        indexes = [models.Index(fields=["is_required", "next_due_on"])]

    def __str__(self) -> str:
        return f"{self.inspection_type.title} – {self.equipment.name}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:schedule_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return self.equipment.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(equipment__responsible=person)


class InspectionVisit(TimeStampedModel):
    """An inspection carried out: by whom, the result, the report (attached) and its observations."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    schedule = models.ForeignKey(
        InspectionSchedule,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("scheduled inspection"),
    )
    performed_on = models.DateField(_("performed on"), db_index=True)
    body = models.CharField(_("inspection body"), max_length=200)
    inspector_name = models.CharField(_("inspector"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=VisitResult.choices)
    report_reference = models.CharField(_("report reference"), max_length=100, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    next_due_on = models.DateField(_("next due on"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "schedule__equipment__site"

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["-performed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} – {self.schedule.inspection_type.title} – {self.schedule.equipment.name}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:visit_detail", args=[self.pk])

    @property
    def site(self):
        return self.schedule.equipment.site

    def responsible_person_ids(self) -> set[int]:
        """The equipment's responsible and whoever recorded the visit (to attach its report)."""
        ids = self.schedule.equipment.responsible_person_ids()
        if self.created_by_id:
            from qsse.organization.models import Person

            ids |= set(Person.objects.filter(user_id=self.created_by_id).values_list("pk", flat=True))
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        condition = Q(schedule__equipment__responsible=person)
        if person.user_id:
            condition |= Q(created_by_id=person.user_id)
        return condition


class Observation(TimeStampedModel):
    """A remark of an inspection report; it is remedied through an action of the action plan."""

    visit = models.ForeignKey(
        InspectionVisit, on_delete=models.CASCADE, related_name="observations", verbose_name=_("visit")
    )
    text = models.TextField(_("observation"))
    severity = models.CharField(
        _("severity"), max_length=10, choices=ObservationSeverity.choices, default=ObservationSeverity.MINOR
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

    scope_site_field = "visit__schedule__equipment__site"

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return _("Observation of %(visit)s: %(text)s") % {
            "visit": self.visit.reference,
            "text": self.text[:80],
        }

    def get_absolute_url(self) -> str:
        return self.visit.get_absolute_url() + f"#observation-{self.pk}"

    @property
    def site(self):
        return self.visit.schedule.equipment.site

    def responsible_person_ids(self) -> set[int]:
        return self.visit.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(visit__schedule__equipment__responsible=person)

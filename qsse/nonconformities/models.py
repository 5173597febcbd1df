"""Non-conformities, incidents and customer complaints, with their root-cause analyses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel

from .choices import (
    Category,
    Disposition,
    IshikawaCategory,
    NonconformityKind,
    NonconformityStatus,
    Origin,
    RootCauseSource,
    Severity,
)


class Nonconformity(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=20, choices=NonconformityKind.choices, default=NonconformityKind.NONCONFORMITY
    )
    title = models.CharField(_("title"), max_length=255)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.INTERNAL)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.PRODUCT
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MINOR
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NonconformityStatus.choices, default=NonconformityStatus.OPEN
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name=_("process"),
    )
    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="nonconformities", verbose_name=_("site")
    )
    product = models.CharField(_("product / part"), max_length=200, blank=True)
    lot = models.CharField(_("lot / batch"), max_length=100, blank=True)
    quantity_affected = models.DecimalField(
        _("quantity affected"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    detected_on = models.DateField(_("detected on"), db_index=True)
    detected_by = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detected_nonconformities",
        verbose_name=_("detected by"),
    )
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_nonconformities",
        verbose_name=_("handled by"),
    )
    # QQOQCCP description.
    description_who = models.TextField(_("who? (people concerned)"), blank=True)
    description_what = models.TextField(_("what? (the problem)"), blank=True)
    description_where = models.TextField(_("where?"), blank=True)
    description_when = models.TextField(_("when?"), blank=True)
    description_how = models.TextField(_("how? (how it was detected)"), blank=True)
    description_how_many = models.TextField(_("how many? (extent)"), blank=True)
    description_why = models.TextField(_("why? (why it is a problem)"), blank=True)
    containment = models.TextField(_("immediate containment"), blank=True)
    disposition = models.CharField(_("disposition"), max_length=30, choices=Disposition.choices, blank=True)
    cost_of_nonquality = models.DecimalField(
        _("cost of non-quality (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    customer_name = models.CharField(_("customer"), max_length=200, blank=True)
    customer_reference = models.CharField(_("customer reference"), max_length=100, blank=True)
    supplier_name = models.CharField(_("supplier"), max_length=200, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closure_comment = models.TextField(_("closure comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("non-conformity")
        verbose_name_plural = _("non-conformities")
        ordering = ["-detected_on", "-id"]
        indexes = [
            models.Index(fields=["site", "status", "-detected_on"]),
            models.Index(fields=["status", "-detected_on"]),
            models.Index(fields=["kind", "-detected_on"]),
            models.Index(fields=["process", "-detected_on"]),
            # Covers the statistics panel (counts and costs grouped by these columns), per site.
            models.Index(fields=["site", "status", "category", "severity", "kind", "cost_of_nonquality"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("nonconformities:nonconformity_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.kind == NonconformityKind.COMPLAINT:
            if not self.customer_name.strip():
                errors["customer_name"] = _("A customer complaint needs the customer's name.")
            if not self.customer_reference.strip():
                errors["customer_reference"] = _(
                    "A customer complaint needs the customer's reference (complaint or claim number)."
                )
        if self.detected_on and self.detected_on > timezone.localdate():
            errors["detected_on"] = _("The detection date cannot be in the future.")
        if self.quantity_affected is not None and self.quantity_affected < 0:
            errors["quantity_affected"] = _("The quantity cannot be negative.")
        if self.cost_of_nonquality is not None and self.cost_of_nonquality < 0:
            errors["cost_of_nonquality"] = _("The cost cannot be negative.")
        if errors:
            raise ValidationError(errors)

    def responsible_person_ids(self) -> set[int]:
        ids = {pk for pk in (self.owner_id, self.detected_by_id) if pk}
        if self.process_id and self.process.owner_id:
            ids.add(self.process.owner_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person) | Q(detected_by=person) | Q(process__owner=person)


class WhyStep(models.Model):
    """One link of a 5-whys chain: the answer to "why?" at ``position``."""

    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.CASCADE, related_name="why_steps")
    position = models.PositiveSmallIntegerField(_("rank"))
    question = models.CharField(_("why?"), max_length=500)
    answer = models.CharField(_("because"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("why")
        verbose_name_plural = _("5 whys")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["nonconformity", "position"], name="unique_why_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.answer}"


class IshikawaCause(models.Model):
    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.CASCADE, related_name="ishikawa_causes")
    category = models.CharField(_("category"), max_length=20, choices=IshikawaCategory.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_causes",
        verbose_name=_("sub-cause of"),
    )
    text = models.CharField(_("cause"), max_length=300)
    is_retained = models.BooleanField(_("retained as root cause"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ishikawa cause")
        verbose_name_plural = _("Ishikawa causes")
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return self.text


class RootCause(models.Model):
    """A root cause retained by the analysis; the corrective actions that treat it are linked to it."""

    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.CASCADE, related_name="root_causes")
    description = models.CharField(_("root cause"), max_length=500)
    source = models.CharField(
        _("found by"), max_length=20, choices=RootCauseSource.choices, default=RootCauseSource.OTHER
    )
    ishikawa_cause = models.ForeignKey(
        IshikawaCause, on_delete=models.SET_NULL, null=True, blank=True, related_name="root_causes"
    )
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="root_causes", verbose_name=_("corrective actions")
    )
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class EightDReport(TimeStampedModel):
    """The 8D report of a customer complaint (D0 to D8)."""

    nonconformity = models.OneToOneField(Nonconformity, on_delete=models.CASCADE, related_name="eight_d")
    d0_preparation = models.TextField(_("D0 – preparation and emergency response"), blank=True)
    d1_team = models.TextField(_("D1 – team"), blank=True)
    d2_problem = models.TextField(_("D2 – problem description"), blank=True)
    d3_containment = models.TextField(_("D3 – interim containment actions"), blank=True)
    d4_root_causes = models.TextField(_("D4 – root causes and escape point"), blank=True)
    d5_corrective_actions = models.TextField(_("D5 – permanent corrective actions chosen"), blank=True)
    d6_implementation = models.TextField(_("D6 – implementation and validation"), blank=True)
    d7_prevention = models.TextField(_("D7 – prevention of recurrence"), blank=True)
    d8_closure = models.TextField(_("D8 – closure and team recognition"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("8D report")
        verbose_name_plural = _("8D reports")

    def __str__(self) -> str:
        return f"8D {self.nonconformity.reference}"

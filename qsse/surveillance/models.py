"""Surveillance plan of residual risks (ISO 9001 §6.1, §9.1.1): what is controlled, how, how often,
by whom, within which limits, and the results of each control."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel

from .choices import IntervalUnit, LimitKind, PlanStatus


class SurveillancePlan(TimeStampedModel):
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("scope and purpose"), blank=True)
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveillance_plans",
        verbose_name=_("site"),
        help_text=_("Leave empty for the whole organisation."),
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveillance_plans",
        verbose_name=_("process"),
    )
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="owned_surveillance_plans",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("surveillance plan")
        verbose_name_plural = _("surveillance plans")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveillance:plan_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.owner_id} if self.owner_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person)


class ControlPoint(TimeStampedModel):
    """One control of a plan: the residual risk it watches and how it is controlled."""

    plan = models.ForeignKey(
        SurveillancePlan, on_delete=models.CASCADE, related_name="control_points", verbose_name=_("plan")
    )
    reference = models.CharField(_("reference"), max_length=20)
    # The risk watched: any registered risk record (see sources.py), with a snapshot of how it read.
    risk_content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("risk type"),
    )
    risk_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    risk = GenericForeignKey("risk_content_type", "risk_object_id")
    risk_label = models.CharField(_("risk"), max_length=300, blank=True)
    risk_score = models.PositiveSmallIntegerField(_("risk score"), null=True, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=60, blank=True)
    risk_colour = models.CharField(_("risk level colour"), max_length=7, blank=True)
    risk_severity = models.PositiveSmallIntegerField(_("risk severity"), default=0)
    # Residual rating on the "surveillance" matrix (frequency × gravity) once the control is in place.
    residual_frequency = models.PositiveSmallIntegerField(
        _("residual frequency"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    residual_gravity = models.PositiveSmallIntegerField(
        _("residual gravity"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    residual_score = models.PositiveSmallIntegerField(
        _("residual score"), null=True, blank=True, editable=False
    )
    residual_level = models.CharField(_("residual level"), max_length=60, blank=True, editable=False)
    residual_colour = models.CharField(_("residual level colour"), max_length=7, blank=True, editable=False)
    what = models.CharField(_("what is controlled"), max_length=255)
    method = models.TextField(_("operating mode (how)"))
    interval_unit = models.CharField(
        _("frequency unit"), max_length=8, choices=IntervalUnit.choices, default=IntervalUnit.MONTH
    )
    interval_count = models.PositiveSmallIntegerField(
        _("every"), default=1, validators=[MinValueValidator(1)]
    )
    responsible = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="surveillance_controls",
        verbose_name=_("responsible"),
    )
    limit_kind = models.CharField(
        _("acceptance criterion"), max_length=10, choices=LimitKind.choices, default=LimitKind.NUMERIC
    )
    minimum = models.DecimalField(_("lower limit"), max_digits=12, decimal_places=3, null=True, blank=True)
    maximum = models.DecimalField(_("upper limit"), max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    expected_answer = models.CharField(_("expected result"), max_length=255, blank=True)
    record_to_keep = models.CharField(_("record to keep"), max_length=255, blank=True)
    next_due_on = models.DateField(_("next due on"), db_index=True)
    last_done_on = models.DateField(_("last done on"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    scope_site_field = "plan__site"

    class Meta:
        verbose_name = _("control point")
        verbose_name_plural = _("control points")
        ordering = ["plan", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="unique_control_point_reference")
        ]
        indexes = [
            models.Index(fields=["is_active", "next_due_on"]),
            models.Index(fields=["risk_content_type", "risk_object_id"]),
            models.Index(fields=["responsible", "next_due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.what}"

    def get_absolute_url(self) -> str:
        return reverse("surveillance:control_point_detail", args=[self.pk])

    @property
    def shown_score(self) -> int | None:
        """The residual score when rated, else the score of the risk watched."""
        return self.residual_score if self.residual_score is not None else self.risk_score

    @property
    def shown_level(self) -> str:
        return self.residual_level if self.residual_score is not None else self.risk_level

    @property
    def shown_colour(self) -> str:
        return self.residual_colour if self.residual_score is not None else self.risk_colour

    def clean(self) -> None:
        errors = {}
        if self.limit_kind == LimitKind.NUMERIC:
            if self.minimum is None and self.maximum is None:
                errors["minimum"] = _("Give at least one limit (lower or upper) for a measured value.")
            elif self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
                errors["maximum"] = _("The upper limit must not be below the lower limit.")
        elif not self.expected_answer.strip():
            errors["expected_answer"] = _("Describe the expected result of the check.")
        if (self.residual_frequency is None) != (self.residual_gravity is None):
            errors["residual_gravity"] = _("Give both the residual frequency and gravity, or neither.")
        if errors:
            raise ValidationError(errors)

    def responsible_person_ids(self) -> set[int]:
        return {pk for pk in (self.responsible_id, self.plan.owner_id) if pk}

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(responsible=person) | Q(plan__owner=person)


class ControlResult(TimeStampedModel):
    control_point = models.ForeignKey(
        ControlPoint, on_delete=models.CASCADE, related_name="results", verbose_name=_("control point")
    )
    performed_on = models.DateField(_("performed on"), db_index=True)
    performed_by = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("performed by"),
    )
    value = models.DecimalField(_("measured value"), max_digits=12, decimal_places=3, null=True, blank=True)
    is_pass = models.BooleanField(_("compliant"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    is_within_limits = models.BooleanField(_("within limits"), editable=False)
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
    history = HistoricalRecords()

    scope_site_field = "control_point__plan__site"

    class Meta:
        verbose_name = _("control result")
        verbose_name_plural = _("control results")
        ordering = ["-performed_on", "-id"]
        indexes = [models.Index(fields=["control_point", "-performed_on"])]

    def __str__(self) -> str:
        return f"{self.control_point.reference} · {self.performed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return self.control_point.get_absolute_url()

    def responsible_person_ids(self) -> set[int]:
        return self.control_point.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(control_point__responsible=person) | Q(control_point__plan__owner=person)

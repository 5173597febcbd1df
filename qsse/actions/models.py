"""The unified action plan: every containment, corrective, preventive or improvement action."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel

from . import calculations
from .choices import OPEN_STATUSES, ActionPriority, ActionStatus, ActionType, EfficacyResult


class Action(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(
        _("type"), max_length=20, choices=ActionType.choices, default=ActionType.CORRECTIVE
    )
    # Origin: any record (a non-conformity now; audit findings, risks, accidents later).
    origin_content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("origin type"),
    )
    origin_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_content_type", "origin_object_id")
    origin_label = models.CharField(_("origin"), max_length=255, blank=True)
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("process"),
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("site"),
    )
    owner = models.ForeignKey(
        "organization.Person", on_delete=models.PROTECT, related_name="owned_actions", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due date"), db_index=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=ActionPriority.choices, default=ActionPriority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Resources.
    human_resources = models.CharField(_("human resources"), max_length=255, blank=True)
    estimated_days = models.DecimalField(
        _("estimated workload (days)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    material_resources = models.CharField(_("material resources"), max_length=255, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual_cost = models.DecimalField(
        _("actual cost (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Efficacy check.
    efficacy_criterion = models.TextField(_("efficacy criterion"), blank=True)
    efficacy_check_due_on = models.DateField(_("efficacy check planned on"), null=True, blank=True)
    efficacy_checked_on = models.DateField(_("efficacy checked on"), null=True, blank=True)
    efficacy_result = models.CharField(
        _("efficacy"), max_length=20, choices=EfficacyResult.choices, blank=True
    )
    efficacy_comment = models.TextField(_("efficacy check comment"), blank=True)
    efficacy_checked_by = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("efficacy checked by"),
    )
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["site", "status", "due_on"]),
            # The Kanban board's "efficacy checked" column: the recent checks, most recent first
            # (the id orders the checks of one day), and their count in the user's sites.
            models.Index(fields=["status", "efficacy_checked_on", "id"]),
            models.Index(fields=["site", "status", "efficacy_checked_on"]),
            models.Index(fields=["origin_content_type", "origin_object_id"]),
            models.Index(fields=["-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("actions:action_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.due_on and self.efficacy_check_due_on and self.efficacy_check_due_on < self.due_on:
            errors["efficacy_check_due_on"] = _("The efficacy check cannot be planned before the due date.")
        if self.progress is not None and self.progress > 100:
            errors["progress"] = _("Progress cannot exceed 100%.")
        for name in ("estimated_days", "estimated_cost", "actual_cost"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("Enter a positive amount.")
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = _("The completion date cannot be before the start date.")
        if self.owner_id and not self.owner.is_active:
            errors["owner"] = _("This person is no longer active.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return calculations.is_overdue(self.due_on, self.status, timezone.localdate())

    @property
    def days_late(self) -> int:
        """Days past the due date (today for an open action, at completion for a completed one)."""
        if self.status == ActionStatus.CANCELLED or not self.due_on:
            return 0
        return calculations.days_late(self.due_on, timezone.localdate(), self.completed_on)

    def responsible_person_ids(self) -> set[int]:
        ids = {self.owner_id}
        if self.process_id and self.process.owner_id:
            ids.add(self.process.owner_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person) | Q(process__owner=person)

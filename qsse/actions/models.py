"""The unified action plan: every containment, corrective, preventive or improvement action."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel

from .choices import ActionPriority, ActionStatus, ActionType, EfficacyResult


class Action(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=20, choices=ActionType.choices, default=ActionType.CORRECTIVE)
    # Origin: any record (a non-conformity now; audit findings, risks, accidents later).
    origin_content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("origin type")
    )
    origin_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_content_type", "origin_object_id")
    origin_label = models.CharField(_("origin"), max_length=255, blank=True)
    process = models.ForeignKey(
        "processes.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="actions",
        verbose_name=_("process"),
    )
    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="actions",
        verbose_name=_("site"),
    )
    owner = models.ForeignKey(
        "organization.Person", on_delete=models.PROTECT, related_name="owned_actions", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due date"), db_index=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=ActionPriority.choices, default=ActionPriority.NORMAL)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Resources.
    human_resources = models.CharField(_("human resources"), max_length=255, blank=True)
    estimated_days = models.DecimalField(_("estimated workload (days)"), max_digits=7, decimal_places=1, null=True, blank=True)
    material_resources = models.CharField(_("material resources"), max_length=255, blank=True)
    estimated_cost = models.DecimalField(_("estimated cost (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    actual_cost = models.DecimalField(_("actual cost (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Efficacy check.
    efficacy_criterion = models.TextField(_("efficacy criterion"), blank=True)
    efficacy_check_due_on = models.DateField(_("efficacy check planned on"), null=True, blank=True)
    efficacy_checked_on = models.DateField(_("efficacy checked on"), null=True, blank=True)
    efficacy_result = models.CharField(_("efficacy"), max_length=20, choices=EfficacyResult.choices, blank=True)
    efficacy_comment = models.TextField(_("efficacy check comment"), blank=True)
    efficacy_checked_by = models.ForeignKey(
        "organization.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("efficacy checked by"),
    )
    follow_up_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups",
        verbose_name=_("follow-up of"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
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

    def responsible_person_ids(self) -> set[int]:
        ids = {self.owner_id}
        if self.process_id and self.process.owner_id:
            ids.add(self.process.owner_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person) | Q(process__owner=person)

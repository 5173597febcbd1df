"""The process map (ISO 9001 §4.4): processes and what flows between them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS

from .choices import ProcessKind


class Process(TimeStampedModel):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=ProcessKind.choices)
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="owned_processes",
        verbose_name=_("process owner"),
        null=True,
        blank=True,
    )
    purpose = models.TextField(_("purpose"), blank=True)
    inputs = models.TextField(_("inputs"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    performance_objectives = models.TextField(_("performance objectives"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    position = models.PositiveIntegerField(_("position in its band"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    scope_site_field = None  # processes are organisation-wide
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["kind", "position", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("processes:process_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.owner_id} if self.owner_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person)


class ProcessInteraction(TimeStampedModel):
    """What flows from one process to another (an output of ``source`` is an input of ``target``)."""

    source = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="outgoing_interactions", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="incoming_interactions", verbose_name=_("to")
    )
    flow = models.CharField(_("what flows"), max_length=255)
    history = HistoricalRecords()

    scope_site_field = None
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("process interaction")
        verbose_name_plural = _("process interactions")
        ordering = ["source__code", "target__code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "flow"], name="unique_process_interaction"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="interaction_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}: {self.flow}"

    def responsible_person_ids(self) -> set[int]:
        return self.source.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(source__owner=person)

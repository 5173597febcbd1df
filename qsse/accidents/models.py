"""Accidents, incidents and near misses: the register, the victim's protected record, the tree of
causes (INRS ED 6163) and the hours worked per site and month that the rates are computed from.

The victim's identity and medical details live in their own record (``AccidentVictim``), so that the
accident itself, its history and its tree of causes can be shown to every role while the personal
data stays with the roles allowed to see it (``selectors.can_see_personal_data``).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.choices import Operation, Role
from qsse.core.models import TimeStampedModel
from qsse.core.permissions import Scope

from .choices import AccidentKind, AccidentStatus, FactComponent, FactKind, LesionNature, LesionSeat


class Accident(TimeStampedModel):
    """An accident (with or without lost time, commuting), an incident or a near miss."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=AccidentKind.choices, db_index=True)
    occurred_at = models.DateTimeField(_("date and time"), db_index=True)
    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="accidents", verbose_name=_("site")
    )
    work_unit = models.ForeignKey(
        "organization.WorkUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accidents",
        verbose_name=_("work unit"),
    )
    place = models.CharField(_("place"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"), help_text=_("Facts only, no judgement."))
    days_lost = models.PositiveIntegerField(
        _("days lost"),
        default=0,
        help_text=_("Calendar days of sick leave, the day of the accident excluded."),
    )
    declared_on = models.DateField(_("declared to the social security on"), null=True, blank=True)
    immediate_measures = models.TextField(_("immediate measures"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AccidentStatus.choices, default=AccidentStatus.REPORTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("accident or near miss")
        verbose_name_plural = _("accidents and near misses")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["site", "kind", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("accidents:accident_detail", args=[self.pk])

    @property
    def has_injury(self) -> bool:
        return self.kind in (AccidentKind.LOST_TIME, AccidentKind.NO_LOST_TIME, AccidentKind.COMMUTING)

    def responsible_person_ids(self) -> set[int]:
        if not self.created_by_id:
            return set()
        from qsse.organization.models import Person

        return set(Person.objects.filter(user_id=self.created_by_id).values_list("pk", flat=True))

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(created_by_id=person.user_id) if person.user_id else Q(pk__in=[])


class AccidentVictim(TimeStampedModel):
    """The victim and the medical details of an accident: personal data shown only to the
    administrator and the QSSE manager (pages, exports, API)."""

    accident = models.OneToOneField(
        Accident, on_delete=models.CASCADE, related_name="victim_record", verbose_name=_("accident")
    )
    victim = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("victim"),
    )
    witnesses = models.TextField(_("witnesses"), blank=True)
    lesion_nature = models.CharField(
        _("nature of the lesions"), max_length=20, choices=LesionNature.choices, blank=True
    )
    lesion_seat = models.CharField(
        _("seat of the lesions"), max_length=20, choices=LesionSeat.choices, blank=True, db_index=True
    )
    lesion_details = models.TextField(_("medical details"), blank=True)
    first_aid = models.TextField(_("first aid given"), blank=True)
    history = HistoricalRecords()

    scope_site_field = "accident__site"

    class Meta:
        verbose_name = _("victim and lesions")
        verbose_name_plural = _("victims and lesions")

    def __str__(self) -> str:
        return str(_("Victim of %(reference)s") % {"reference": self.accident.reference})


class CauseNode(TimeStampedModel):
    """A fact of the tree of causes (INRS ED 6163): habitual (rectangle) or unusual (circle), with
    its component I / T / MT / MI. The root is the injury (or the event of a near miss)."""

    accident = models.ForeignKey(
        Accident, on_delete=models.CASCADE, related_name="cause_nodes", verbose_name=_("accident")
    )
    text = models.CharField(_("fact"), max_length=300)
    kind = models.CharField(
        _("kind of fact"), max_length=10, choices=FactKind.choices, default=FactKind.UNUSUAL
    )
    component = models.CharField(_("component"), max_length=2, choices=FactComponent.choices, blank=True)
    is_root = models.BooleanField(_("the injury"), default=False, editable=False)
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action"),
    )
    history = HistoricalRecords()

    scope_site_field = "accident__site"

    class Meta:
        verbose_name = _("fact of the tree of causes")
        verbose_name_plural = _("facts of the tree of causes")
        ordering = ["accident", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["accident"], condition=Q(is_root=True), name="one_root_fact_per_accident"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def site(self):
        return self.accident.site

    def get_absolute_url(self) -> str:
        return self.accident.get_absolute_url() + f"#fact-{self.pk}"

    def responsible_person_ids(self) -> set[int]:
        return self.accident.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(accident__created_by_id=person.user_id) if person.user_id else Q(pk__in=[])


class CauseLink(models.Model):
    """``cause`` was needed for ``effect`` (two facts of the same accident)."""

    cause = models.ForeignKey(CauseNode, on_delete=models.CASCADE, related_name="effect_links")
    effect = models.ForeignKey(CauseNode, on_delete=models.CASCADE, related_name="cause_links")
    history = HistoricalRecords()

    scope_site_field = "cause__accident__site"

    class Meta:
        verbose_name = _("link of the tree of causes")
        verbose_name_plural = _("links of the tree of causes")
        constraints = [models.UniqueConstraint(fields=["cause", "effect"], name="unique_cause_link")]

    def __str__(self) -> str:
        return f"{self.cause_id} → {self.effect_id}"


# Hours worked are entered by the administrator and the QSSE manager; every role reads them.
HOURS_GRANTS: dict[str, dict[str, Scope]] = {
    Role.ADMINISTRATOR: {operation: Scope.ALL for operation in Operation},
    Role.QSSE_MANAGER: {operation: Scope.ALL for operation in Operation},
    Role.PROCESS_OWNER: {Operation.VIEW: Scope.ALL},
    Role.AUDITOR: {Operation.VIEW: Scope.ALL},
    Role.CONTRIBUTOR: {Operation.VIEW: Scope.ALL},
    Role.READER: {Operation.VIEW: Scope.ALL},
}


class HoursWorked(TimeStampedModel):
    """Hours worked and average headcount of a site in a month (the divisors of the rates)."""

    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="hours_worked", verbose_name=_("site")
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    hours = models.DecimalField(
        _("hours worked"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    average_headcount = models.DecimalField(
        _("average headcount"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    scope_site_field = "site"
    permission_grants = HOURS_GRANTS

    class Meta:
        verbose_name = _("hours worked")
        verbose_name_plural = _("hours worked")
        ordering = ["site__name", "month"]
        constraints = [models.UniqueConstraint(fields=["site", "month"], name="unique_hours_per_site_month")]

    def __str__(self) -> str:
        return f"{self.site} {self.month:%m/%Y}"

    def responsible_person_ids(self) -> set[int]:
        return set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(pk__in=[])

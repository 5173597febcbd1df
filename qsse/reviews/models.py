"""Management reviews (ISO 9001 §9.3, ISO 14001/45001 §9.3) and process reviews, with their inputs
(snapshots of what each module reported for the period) and their decisions (actions of the plan)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.choices import Operation, Role
from qsse.core.models import TimeStampedModel
from qsse.core.permissions import Scope

from .choices import (
    ManagementReviewStatus,
    MinutesLanguage,
    ProcessReviewStatus,
    ReviewInput,
    ReviewOutput,
)

_ALL = {op: Scope.ALL for op in Operation}

# Management reviews are the top management's: prepared by the QSSE manager, read by everyone.
MANAGEMENT_REVIEW_GRANTS: dict[str, dict[str, Scope]] = {
    Role.ADMINISTRATOR: dict(_ALL),
    Role.QSSE_MANAGER: dict(_ALL),
    Role.PROCESS_OWNER: {Operation.VIEW: Scope.ALL},
    Role.AUDITOR: {Operation.VIEW: Scope.ALL},
    Role.CONTRIBUTOR: {Operation.VIEW: Scope.ALL},
    Role.READER: {Operation.VIEW: Scope.ALL},
}

# A process owner reviews the processes they own; the QSSE manager reviews any.
PROCESS_REVIEW_GRANTS: dict[str, dict[str, Scope]] = {
    Role.ADMINISTRATOR: dict(_ALL),
    Role.QSSE_MANAGER: dict(_ALL),
    Role.PROCESS_OWNER: {
        Operation.VIEW: Scope.ALL,
        Operation.CREATE: Scope.ALL,  # limited to their own processes by the service
        Operation.EDIT: Scope.OWN,
        Operation.CLOSE: Scope.OWN,
    },
    Role.AUDITOR: {Operation.VIEW: Scope.ALL},
    Role.CONTRIBUTOR: {Operation.VIEW: Scope.ALL},
    Role.READER: {Operation.VIEW: Scope.ALL},
}


class ManagementReview(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("date of the review"), db_index=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="management_reviews",
        verbose_name=_("site"),
        help_text=_("Leave empty for a review of the whole organisation."),
    )
    chair = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="chaired_management_reviews",
        verbose_name=_("chaired by"),
    )
    participants = models.ManyToManyField(
        "organization.Person", blank=True, related_name="management_reviews", verbose_name=_("participants")
    )
    external_participants = models.TextField(
        _("other participants"), blank=True, help_text=_("People outside the directory, one per line.")
    )
    absentees = models.TextField(_("absent or excused"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ManagementReviewStatus.choices,
        default=ManagementReviewStatus.DRAFT,
    )
    language = models.CharField(
        _("language of the minutes"),
        max_length=2,
        choices=MinutesLanguage.choices,
        default=MinutesLanguage.FRENCH,
    )
    conclusions = models.TextField(
        _("conclusions on the suitability, adequacy and effectiveness of the management system"), blank=True
    )
    inputs_collected_at = models.DateTimeField(_("inputs collected at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_by_name = models.CharField(_("signatory"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    scope_site_field = "site"
    permission_grants = MANAGEMENT_REVIEW_GRANTS

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:management_review_detail", args=[self.pk])

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end of the period cannot be before its start.")})

    @property
    def is_signed(self) -> bool:
        return self.status == ManagementReviewStatus.SIGNED

    @property
    def inputs_are_frozen(self) -> bool:
        return self.status != ManagementReviewStatus.DRAFT

    def responsible_person_ids(self) -> set[int]:
        return {self.chair_id} if self.chair_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(chair=person)


class ProcessReview(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    process = models.ForeignKey(
        "processes.Process", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("process")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    held_on = models.DateField(_("date of the review"), db_index=True)
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="owned_process_reviews",
        verbose_name=_("led by"),
    )
    participants = models.ManyToManyField(
        "organization.Person", blank=True, related_name="process_reviews", verbose_name=_("participants")
    )
    conclusion = models.TextField(
        _("conclusion"),
        blank=True,
        help_text=_("Performance of the process, adequacy of its resources, risks."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProcessReviewStatus.choices, default=ProcessReviewStatus.DRAFT
    )
    inputs_collected_at = models.DateTimeField(_("inputs collected at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_by_name = models.CharField(_("signatory"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    scope_site_field = None  # processes are organisation-wide
    permission_grants = PROCESS_REVIEW_GRANTS

    class Meta:
        verbose_name = _("process review")
        verbose_name_plural = _("process reviews")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} – {self.process.code}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:process_review_detail", args=[self.pk])

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end of the period cannot be before its start.")})

    @property
    def is_signed(self) -> bool:
        return self.status == ProcessReviewStatus.SIGNED

    @property
    def inputs_are_frozen(self) -> bool:
        return self.status != ProcessReviewStatus.DRAFT

    @property
    def site(self):
        return None

    def responsible_person_ids(self) -> set[int]:
        ids = {self.owner_id} if self.owner_id else set()
        if self.process_id and self.process.owner_id:
            ids.add(self.process.owner_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person) | Q(process__owner=person)


class _ReviewPart(models.Model):
    """Belongs to a management review or to a process review (exactly one of them)."""

    class Meta:
        abstract = True

    @property
    def review(self):
        return self.management_review or self.process_review


class ReviewInputEntry(_ReviewPart):
    """One §9.3.2 input of a review: what the modules reported (a snapshot) and the manager's analysis."""

    management_review = models.ForeignKey(
        ManagementReview, on_delete=models.CASCADE, null=True, blank=True, related_name="inputs"
    )
    process_review = models.ForeignKey(
        ProcessReview, on_delete=models.CASCADE, null=True, blank=True, related_name="inputs"
    )

    input_key = models.CharField(_("input"), max_length=40, choices=ReviewInput.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    # A list of ReviewInputSection as dicts: title, summary, headers, rows, figures, url.
    sections = models.JSONField(_("data collected"), default=list, blank=True)
    comment = models.TextField(_("analysis and comment"), blank=True)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["sections"])

    class Meta:
        verbose_name = _("review input")
        verbose_name_plural = _("review inputs")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(management_review__isnull=False, process_review__isnull=True)
                | Q(management_review__isnull=True, process_review__isnull=False),
                name="review_input_one_review",
            ),
            models.UniqueConstraint(
                fields=["management_review", "input_key"], name="unique_management_review_input"
            ),
            models.UniqueConstraint(
                fields=["process_review", "input_key"], name="unique_process_review_input"
            ),
        ]

    def __str__(self) -> str:
        return self.get_input_key_display()


class ReviewDecision(_ReviewPart):
    """A decision of a review (§9.3.3 output), followed up as an action of the unified action plan."""

    management_review = models.ForeignKey(
        ManagementReview, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions"
    )
    process_review = models.ForeignKey(
        ProcessReview, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions"
    )

    output_kind = models.CharField(
        _("kind of output"), max_length=30, choices=ReviewOutput.choices, default=ReviewOutput.IMPROVEMENT
    )
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        related_name="review_decisions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_decisions",
        verbose_name=_("action"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(management_review__isnull=False, process_review__isnull=True)
                | Q(management_review__isnull=True, process_review__isnull=False),
                name="review_decision_one_review",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

"""QSSE policy, strategic and process objectives, indicators and their measurements (ISO 9001 §5.2,
§6.2, §9.1; ISO 14001 §6.2; ISO 45001 §6.2; ISO 50001 §6.2, §6.4)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.choices import Operation, Role
from qsse.core.models import TimeStampedModel
from qsse.core.permissions import _ALL_OPS, REFERENCE_DATA_GRANTS, Scope

from .choices import Direction, Domain, Frequency, ObjectiveLevel, ObjectiveStatus, Source

# Measurements: managers everywhere; the indicator's owner and its process owner enter the values of
# their indicators (grant "own"); everybody else reads.
MEASUREMENT_GRANTS: dict[str, dict[str, Scope]] = {
    Role.ADMINISTRATOR: dict(_ALL_OPS),
    Role.QSSE_MANAGER: dict(_ALL_OPS),
    Role.PROCESS_OWNER: {Operation.VIEW: Scope.ALL, Operation.CREATE: Scope.OWN, Operation.EDIT: Scope.OWN},
    Role.AUDITOR: {Operation.VIEW: Scope.ALL},
    Role.CONTRIBUTOR: {Operation.VIEW: Scope.ALL, Operation.CREATE: Scope.OWN, Operation.EDIT: Scope.OWN},
    Role.READER: {Operation.VIEW: Scope.ALL},
}


class Policy(TimeStampedModel):
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text of the policy"))
    version = models.CharField(_("version"), max_length=20)
    signed_by = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    is_current = models.BooleanField(_("current version"), default=False)
    history = HistoricalRecords()

    scope_site_field = None  # the policy is the organisation's
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("QSSE policy")
        verbose_name_plural = _("QSSE policies")
        ordering = ["-is_current", "-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_policy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("indicators:objective_tree") + f"?policy={self.pk}"

    def responsible_person_ids(self) -> set[int]:
        return {self.signed_by_id} if self.signed_by_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(signed_by=person)


class Indicator(TimeStampedModel):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition and formula"), blank=True)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices, default=Domain.QUALITY)
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="performance_indicators",
        verbose_name=_("process"),
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("site"),
        help_text=_("Empty: the indicator covers the whole organisation."),
    )
    is_split_by_site = models.BooleanField(
        _("values per site too"),
        default=False,
        help_text=_("For an organisation-wide indicator: also keep one value per site."),
    )
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_indicators",
        verbose_name=_("owner"),
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4, null=True, blank=True)
    alert_threshold = models.DecimalField(
        _("alert threshold"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Between the target and this value the indicator is in alert; beyond it, off target."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    source = models.CharField(
        _("source of the values"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    computed_source = models.CharField(_("computed from"), max_length=60, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1)
    is_active = models.BooleanField(_("active"), default=True)
    computed_at = models.DateTimeField(_("values computed at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["computed_at"])

    scope_site_field = "site"
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["domain", "code"]
        indexes = [models.Index(fields=["is_active", "domain", "code"])]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", args=[self.pk])

    def clean(self) -> None:
        from qsse.core.registry import indicator_sources

        errors = {}
        if self.source == Source.COMPUTED:
            if not self.computed_source:
                errors["computed_source"] = _("Choose what a computed indicator is computed from.")
            elif self.computed_source not in indicator_sources:
                errors["computed_source"] = _("Unknown source of computation.")
        elif self.computed_source:
            self.computed_source = ""
        if self.site_id and self.is_split_by_site:
            errors["is_split_by_site"] = _("A site's indicator cannot be split by site.")
        if self.target is not None and self.alert_threshold is not None:
            if self.direction == Direction.HIGHER_IS_BETTER and self.alert_threshold > self.target:
                errors["alert_threshold"] = _(
                    "When higher is better, the alert threshold must be at or below the target."
                )
            if self.direction == Direction.LOWER_IS_BETTER and self.alert_threshold < self.target:
                errors["alert_threshold"] = _(
                    "When lower is better, the alert threshold must be at or above the target."
                )
        if self.decimals is not None and self.decimals > 4:
            errors["decimals"] = _("At most 4 decimals.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED

    def responsible_person_ids(self) -> set[int]:
        ids = {self.owner_id} if self.owner_id else set()
        if self.process_id and self.process.owner_id:
            ids.add(self.process.owner_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person) | Q(process__owner=person)


class Measurement(models.Model):
    """The value of an indicator for one period (and one site, or the organisation when site is empty)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("indicator")
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    period_start = models.DateField(_("period"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)
    is_computed = models.BooleanField(_("computed"), default=False)

    scope_site_field = "site"
    permission_grants = MEASUREMENT_GRANTS

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator_id", "-period_start"]  # no join to order by the indicator
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "site", "period_start"], name="unique_measurement_per_period"
            ),
            # A NULL site is never equal to another in SQL: one organisation-wide value per period.
            models.UniqueConstraint(
                fields=["indicator", "period_start"],
                condition=Q(site__isnull=True),
                name="unique_organisation_measurement_per_period",
            ),
        ]
        # The unique constraint on (indicator, site, period_start) is itself the index of the
        # per-site series; this one serves the reads of every site of an indicator at once.
        indexes = [
            models.Index(fields=["indicator", "period_start"], name="measurement_indicator_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start:%Y-%m}: {self.value}"

    def responsible_person_ids(self) -> set[int]:
        return self.indicator.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(indicator__owner=person) | Q(indicator__process__owner=person)


class Objective(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    level = models.CharField(_("level"), max_length=20, choices=ObjectiveLevel.choices)
    policy = models.ForeignKey(
        Policy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("policy"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("strategic objective"),
        limit_choices_to={"level": ObjectiveLevel.STRATEGIC},
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("process"),
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("site"),
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices, default=Domain.QUALITY)
    title = models.CharField(_("title (specific)"), max_length=255)
    measurable_statement = models.TextField(_("measurable statement"), blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("indicator"),
    )
    baseline_value = models.DecimalField(
        _("starting value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("deadline"), null=True, blank=True)
    owner = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_objectives",
        verbose_name=_("owner"),
    )
    justification = models.TextField(_("why it is achievable and relevant"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.DRAFT
    )
    history = HistoricalRecords()

    scope_site_field = "site"
    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["reference"]
        indexes = [models.Index(fields=["level", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:objective_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.level == ObjectiveLevel.PROCESS:
            if not self.process_id:
                errors["process"] = _("A process objective needs its process.")
            if self.parent_id and self.parent.level != ObjectiveLevel.STRATEGIC:
                errors["parent"] = _("A process objective hangs from a strategic objective.")
        elif self.parent_id:
            errors["parent"] = _("A strategic objective has no parent objective.")
        if self.owner_id and not self.owner.is_active:
            errors["owner"] = _("This person is no longer active.")
        if errors:
            raise ValidationError(errors)

    def responsible_person_ids(self) -> set[int]:
        ids = {self.owner_id} if self.owner_id else set()
        if self.process_id and self.process.owner_id:
            ids.add(self.process.owner_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(owner=person) | Q(process__owner=person)

"""Records retention and personal data (GDPR): the record types with their retention period, legal
basis and end action (shipped as data, editable), the purge log (flagged and executed operations,
traced without the personal data), the subject access requests and the notes of the personal data
inventory.

Only the administrator and the QSSE manager see or change any of it (``RETENTION_GRANTS``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.choices import Operation, Role
from qsse.core.models import TimeStampedModel
from qsse.core.permissions import Scope

from .calculations import RetentionPeriod, Rounding
from .choices import EndAction, PurgeStatus, ReferenceEvent, RetentionRounding

# Personal data and its retention are the business of the administrator and the QSSE manager only.
RETENTION_GRANTS: dict[str, dict[str, Scope]] = {
    Role.ADMINISTRATOR: {operation: Scope.ALL for operation in Operation},
    Role.QSSE_MANAGER: {operation: Scope.ALL for operation in Operation},
}
MAX_YEARS = 100


def _in_english() -> bool:
    return (get_language() or "fr").startswith("en")


class _Restricted:
    """Organisation-wide records (no site), visible to the administrator and the QSSE manager."""

    permission_grants = RETENTION_GRANTS

    def responsible_person_ids(self) -> set[int]:
        return set()

    @staticmethod
    def responsible_q(person) -> models.Q:
        return models.Q(pk__in=[])


class RecordType(_Restricted, TimeStampedModel):
    """A kind of record holding personal data, how long it is kept and what happens at the end."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        error_messages={"unique": _("This code is already used by another record type.")},
    )
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    provider_key = models.CharField(
        _("records in OpenQSSE"),
        max_length=60,
        blank=True,
        help_text=_(
            "The OpenQSSE records this type applies to; empty for records kept elsewhere (paper, HR or payroll software, occupational health service)."  # noqa: E501
        ),
    )
    period_years = models.PositiveSmallIntegerField(
        _("years"), default=0, validators=[MaxValueValidator(MAX_YEARS)]
    )
    period_months = models.PositiveSmallIntegerField(
        _("months"), default=0, validators=[MaxValueValidator(11)]
    )
    reference_event = models.CharField(
        _("counted from"), max_length=20, choices=ReferenceEvent.choices, default=ReferenceEvent.CREATION
    )
    rounding = models.CharField(
        _("end date rounded"),
        max_length=20,
        choices=RetentionRounding.choices,
        default=RetentionRounding.NONE,
    )
    end_action = models.CharField(
        _("at the end"), max_length=20, choices=EndAction.choices, default=EndAction.ANONYMISE
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    legal_reference = models.CharField(_("reference of the text"), max_length=300, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    to_verify = models.BooleanField(
        _("to verify"), default=False, help_text=_("The period rests on a source that is not confirmed.")
    )
    notes = models.TextField(_("notes"), blank=True)
    is_shipped = models.BooleanField(_("shipped with OpenQSSE"), default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("record type")
        verbose_name_plural = _("record types")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en or self.name_fr) if _in_english() else self.name_fr

    @property
    def period(self) -> RetentionPeriod:
        return RetentionPeriod(self.period_years, self.period_months, Rounding(self.rounding))

    def get_absolute_url(self) -> str:
        return reverse("retention:schedule") + f"#type-{self.pk}"

    def clean(self) -> None:
        if not self.period_years and not self.period_months:
            raise ValidationError({"period_years": _("Give a retention period of at least one month.")})


class PurgeOperation(_Restricted, TimeStampedModel):
    """Records of one type found past their retention (flagged), then anonymised or destroyed after
    an administrator or QSSE manager confirmed it. Keeps identifiers and fingerprints, never the
    personal data itself."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    record_type = models.ForeignKey(
        RecordType, on_delete=models.PROTECT, related_name="purges", verbose_name=_("record type")
    )
    provider_key = models.CharField(_("records"), max_length=60)
    action = models.CharField(_("operation"), max_length=20, choices=EndAction.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PurgeStatus.choices, default=PurgeStatus.FLAGGED, db_index=True
    )
    cutoff_on = models.DateField(_("reference dates up to"))
    flagged_on = models.DateField(_("flagged on"))
    flagged_count = models.PositiveIntegerField(_("records flagged"), default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    executed_count = models.PositiveIntegerField(_("records processed"), default=0)
    # [{"id": "ACC-2019-0003", "fingerprint": "3f9a…"}]: what was processed, without personal data.
    identifiers = models.JSONField(_("identifiers"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("purge operation")
        verbose_name_plural = _("purge log")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type"],
                condition=models.Q(status="flagged"),
                name="one_flagged_purge_per_record_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.record_type}"

    def get_absolute_url(self) -> str:
        return reverse("retention:purge_detail", args=[self.pk])


class SubjectAccessRequest(_Restricted, TimeStampedModel):
    """A request of a person to receive their data (GDPR art. 15) and the export given."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    received_on = models.DateField(_("request received on"))
    notes = models.TextField(_("notes"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("exported by")
    )
    record_count = models.PositiveIntegerField(_("records exported"), default=0)
    # {"accidents.victims": 2, …}: how many records each source gave.
    sources = models.JSONField(_("sources"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subject access request")
        verbose_name_plural = _("subject access requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class InventoryNote(_Restricted, TimeStampedModel):
    """What the DPO adds to the generated inventory entry of one source of personal data."""

    provider_key = models.CharField(_("source"), max_length=60, unique=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inventory note")
        verbose_name_plural = _("inventory notes")

    def __str__(self) -> str:
        return self.provider_key

"""ICPE status: the nomenclature's rubriques with their thresholds (shipped as data, editable), the
installations of each site with the quantities they hold under each rubrique, and the periodic
controls of the rubriques under declaration with control (DC)."""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS

from .choices import IcpeUnit, ThresholdRegime

CODE_VALIDATOR = RegexValidator(
    r"^[0-9]{4}(-[A-Za-z0-9]{1,6}){0,3}$",
    _("A rubrique code is its four digits, optionally followed by its alinéa (e.g. 2910-A, 2940-2)."),
)


def _in_english() -> bool:
    return (get_language() or "fr").startswith("en")


class Rubrique(TimeStampedModel):
    """A rubrique (or one alinéa group of it) of the nomenclature: what it measures, in which unit,
    its Seveso thresholds and hazard groups, and where its values come from."""

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[CODE_VALIDATOR],
        error_messages={"unique": _("This rubrique code is already in the catalogue.")},
    )
    title_fr = models.CharField(_("title (French)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    quantity_fr = models.CharField(_("quantity measured (French)"), max_length=300, blank=True)
    quantity_en = models.CharField(_("quantity measured (English)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=IcpeUnit.choices)
    is_health_hazard = models.BooleanField(_("health hazard group (Seveso)"), default=False)
    is_physical_hazard = models.BooleanField(_("physical hazard group (Seveso)"), default=False)
    is_environment_hazard = models.BooleanField(_("environment hazard group (Seveso)"), default=False)
    seveso_low = models.DecimalField(
        _("Seveso low threshold"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("In the rubrique's unit."),
    )
    seveso_high = models.DecimalField(
        _("Seveso high threshold"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("In the rubrique's unit."),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    source_note = models.TextField(_("legal basis and source"), blank=True)
    to_verify = models.BooleanField(
        _("to verify"),
        default=False,
        help_text=_("A threshold is not confirmed by a source, or sources differ."),
    )
    note = models.TextField(_("note"), blank=True)
    is_shipped = models.BooleanField(_("shipped with OpenQSSE"), default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("ICPE rubrique")
        verbose_name_plural = _("ICPE rubriques")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("icpe:rubrique_detail", args=[self.pk])

    @property
    def number(self) -> str:
        """The four digits of the rubrique (what the compliance profile matches)."""
        return self.code[:4]

    @property
    def title(self) -> str:
        return (self.title_en or self.title_fr) if _in_english() else self.title_fr

    @property
    def quantity_label(self) -> str:
        return (self.quantity_en or self.quantity_fr) if _in_english() else self.quantity_fr

    @property
    def hazard_groups(self) -> frozenset[str]:
        flags = (
            ("health", self.is_health_hazard),
            ("physical", self.is_physical_hazard),
            ("environment", self.is_environment_hazard),
        )
        return frozenset(name for name, flag in flags if flag)


class Threshold(TimeStampedModel):
    """The quantity from which a rubrique falls under a regime, with the nomenclature's boundary
    rule: "supérieure ou égale à" (≥) or "supérieure à" (>)."""

    rubrique = models.ForeignKey(
        Rubrique, on_delete=models.CASCADE, related_name="thresholds", verbose_name=_("rubrique")
    )
    regime = models.CharField(_("regime"), max_length=2, choices=ThresholdRegime.choices)
    value = models.DecimalField(
        _("threshold"), max_digits=16, decimal_places=4, validators=[MinValueValidator(0)]
    )
    is_inclusive = models.BooleanField(
        _("threshold included (≥)"),
        default=True,
        help_text=_('Ticked: "supérieure ou égale à" (≥). Not ticked: "supérieure à" (>).'),
    )
    alinea = models.CharField(_("alinéa"), max_length=20, blank=True)
    wording = models.CharField(_("wording of the nomenclature"), max_length=300, blank=True)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        ordering = ["rubrique__code", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubrique", "regime"],
                name="icpe_threshold_one_per_regime",
                violation_error_message=_("This rubrique already has a threshold for this regime."),
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.rubrique.code} {self.regime} {'≥' if self.is_inclusive else '>'} {self.value.normalize()}"
        )

    def get_absolute_url(self) -> str:
        return reverse("icpe:rubrique_detail", args=[self.rubrique_id])


class Installation(TimeStampedModel):
    """An installation of a site (a boiler, a surface-treatment line, a paint booth, a warehouse)."""

    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        related_name="icpe_installations",
        verbose_name=_("site"),
    )
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    is_in_service = models.BooleanField(
        _("in service"), default=True, help_text=_("Installations out of service are not counted.")
    )
    responsible = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="icpe_installations",
        verbose_name=_("responsible"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("installation")
        verbose_name_plural = _("installations")
        ordering = ["site__name", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("icpe:installation_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.responsible_id} if self.responsible_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(responsible=person)


class ClassifiedActivity(TimeStampedModel):
    """The quantity or capacity of an installation under one rubrique, in the rubrique's unit."""

    installation = models.ForeignKey(
        Installation, on_delete=models.CASCADE, related_name="activities", verbose_name=_("installation")
    )
    rubrique = models.ForeignKey(
        Rubrique, on_delete=models.PROTECT, related_name="activities", verbose_name=_("rubrique")
    )
    quantity = models.DecimalField(
        _("quantity or capacity"), max_digits=16, decimal_places=4, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("how it is worked out"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_site_field = "installation__site"

    class Meta:
        verbose_name = _("classified activity")
        verbose_name_plural = _("classified activities")
        ordering = ["rubrique__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["installation", "rubrique"],
                name="icpe_activity_one_per_rubrique",
                violation_error_message=_(
                    "This installation already declares a quantity under this rubrique."
                ),
            )
        ]
        indexes = [models.Index(fields=["rubrique", "installation"])]

    def __str__(self) -> str:
        return f"{self.installation} · {self.rubrique.code}"

    def get_absolute_url(self) -> str:
        return reverse("icpe:installation_detail", args=[self.installation_id])

    def responsible_person_ids(self) -> set[int]:
        return self.installation.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(installation__responsible=person)


class PeriodicControl(TimeStampedModel):
    """A periodic control by an approved body of a rubrique under declaration with control (DC),
    article L512-11 of the Code de l'environnement."""

    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="icpe_controls", verbose_name=_("site")
    )
    rubrique = models.ForeignKey(
        Rubrique, on_delete=models.PROTECT, related_name="controls", verbose_name=_("rubrique")
    )
    performed_on = models.DateField(_("performed on"))
    body = models.CharField(_("approved body"), max_length=200)
    report_reference = models.CharField(_("report reference"), max_length=100, blank=True)
    has_major_nonconformities = models.BooleanField(_("major non-conformities found"), default=False)
    period_years = models.PositiveSmallIntegerField(
        _("periodicity (years)"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Five years at most (R512-57); longer only as the text allows (e.g. certified management system)."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("periodic control (DC)")
        verbose_name_plural = _("periodic controls (DC)")
        ordering = ["-performed_on", "id"]
        indexes = [models.Index(fields=["site", "rubrique", "performed_on"])]

    def __str__(self) -> str:
        return f"{self.rubrique.code} · {self.performed_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("icpe:control_list")


class SiteRubriqueTotal(models.Model):
    """The quantity a site holds under a rubrique, summed over its installations in service; kept
    by the services on every write (``services.totals_refresh``) so that the status pages read a
    few rows whatever the size of the register. Derived data: no history of its own."""

    site = models.ForeignKey("organization.Site", on_delete=models.CASCADE, related_name="+")
    rubrique = models.ForeignKey(Rubrique, on_delete=models.CASCADE, related_name="+")
    quantity = models.DecimalField(max_digits=20, decimal_places=4)
    first_commissioned_on = models.DateField(null=True, blank=True)

    scope_site_field = "site"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "rubrique"], name="icpe_total_one_per_rubrique")
        ]

    def __str__(self) -> str:
        return f"{self.site_id} · {self.rubrique_id} · {self.quantity}"

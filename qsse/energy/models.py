"""Energy management (ISO 50001) and greenhouse gases: energy carriers with their conversion to kWh,
dated emission factors, meters per site, consumption records (invoices or meter readings), relevant
variables and their monthly values, energy performance indicators (EnPIs) with their baseline, and
savings levers turned into actions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS

from .choices import EmissionScope, EnergyUse, IndicatorKind, LeverStatus, RecordKind, VariableKind


def _in_english() -> bool:
    return (get_language() or "fr").startswith("en")


class EnergyCarrier(TimeStampedModel):
    """An energy bought or produced (electricity, natural gas, fuel oil…), the unit its invoices or
    meters give and how many kWh (net calorific value, PCI) one unit is worth, with the source."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        error_messages={"unique": _("This code is already used by another energy carrier.")},
    )
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    scope = models.CharField(_("emission scope"), max_length=1, choices=EmissionScope.choices)
    unit = models.CharField(
        _("unit of the invoices"), max_length=20, help_text=_("e.g. kWh, kWh PCS, l, kg, t, stère.")
    )
    kwh_per_unit = models.DecimalField(
        _("kWh (PCI) per unit"),
        max_digits=14,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
    )
    conversion_valid_from = models.DateField(_("conversion valid from"))
    conversion_source = models.CharField(_("source of the conversion"), max_length=300, blank=True)
    conversion_source_url = models.URLField(_("address of the source"), max_length=500, blank=True)
    conversion_to_verify = models.BooleanField(
        _("conversion to verify"), default=False, help_text=_("The value is not confirmed by a source.")
    )
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_shipped = models.BooleanField(_("shipped with OpenQSSE"), default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("energy carrier")
        verbose_name_plural = _("energy carriers")
        ordering = ["order", "name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en or self.name_fr) if _in_english() else self.name_fr

    def get_absolute_url(self) -> str:
        return reverse("energy:carrier_list") + f"#carrier-{self.pk}"


class EmissionFactor(TimeStampedModel):
    """kgCO₂e per kWh (PCI) of a carrier from a date on (a new version is a new row with a later
    date): the factor that applies to a month is the one with the latest ``valid_from`` before it."""

    carrier = models.ForeignKey(
        EnergyCarrier,
        on_delete=models.CASCADE,
        related_name="emission_factors",
        verbose_name=_("energy carrier"),
    )
    valid_from = models.DateField(_("valid from"))
    kg_co2e_per_kwh = models.DecimalField(
        _("kgCO₂e per kWh"),
        max_digits=10,
        decimal_places=6,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
    )
    version = models.CharField(
        _("version"), max_length=120, blank=True, help_text=_("e.g. Base Empreinte v23.4")
    )
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("address of the source"), max_length=500, blank=True)
    to_verify = models.BooleanField(
        _("to verify"), default=False, help_text=_("The value is not confirmed by a current source.")
    )
    note = models.TextField(_("note"), blank=True)
    is_shipped = models.BooleanField(_("shipped with OpenQSSE"), default=False, editable=False)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        ordering = ["carrier__order", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "valid_from"],
                name="energy_unique_factor_date",
                violation_error_message=_("This carrier already has a factor from this date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.carrier} – {self.kg_co2e_per_kwh} kgCO₂e/kWh ({self.valid_from:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("energy:carrier_list") + f"#carrier-{self.carrier_id}"


class EnergySettings(TimeStampedModel):
    """The organisation's settings of the energy review (one row)."""

    significant_use_percent = models.PositiveSmallIntegerField(
        _("share of consumption covered by the significant uses (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The largest uses that together make this share are significant (Pareto)."),
    )
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("energy review settings")
        verbose_name_plural = _("energy review settings")

    def __str__(self) -> str:
        return str(_("Energy review settings"))

    def get_absolute_url(self) -> str:
        return reverse("energy:review")


class Meter(TimeStampedModel):
    """A meter or a supply point (PDL, PCE) of a site, for one carrier and one use; a sub-meter has
    a parent meter, whose consumption includes its own."""

    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="energy_meters", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200)
    identifier = models.CharField(_("identifier (PDL, PCE, serial number)"), max_length=100, blank=True)
    carrier = models.ForeignKey(
        EnergyCarrier, on_delete=models.PROTECT, related_name="meters", verbose_name=_("energy carrier")
    )
    use = models.CharField(_("use"), max_length=30, choices=EnergyUse.choices, default=EnergyUse.GENERAL)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent meter"),
        help_text=_("For a sub-meter: the meter whose consumption includes this one's."),
    )
    multiplier = models.DecimalField(
        _("meter constant"),
        max_digits=10,
        decimal_places=4,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.0001"))],
        help_text=_("Consumption = (end index − start index) × constant."),
    )
    responsible = models.ForeignKey(
        "organization.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    is_active = models.BooleanField(_("in service"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        ordering = ["site__name", "carrier__order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})" if self.identifier else self.name

    def get_absolute_url(self) -> str:
        return reverse("energy:meter_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.responsible_id} if self.responsible_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(responsible=person)


class Consumption(TimeStampedModel):
    """What a meter consumed over a period: an invoice (quantity, cost) or two index readings.

    ``kwh`` is the quantity converted with the carrier's factor when the record was written (a
    later change of the factor does not rewrite the past); ``month`` is the month holding most days
    of the period, the one the record counts in."""

    meter = models.ForeignKey(
        Meter, on_delete=models.PROTECT, related_name="consumptions", verbose_name=_("meter")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RecordKind.choices, default=RecordKind.INVOICE)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    month = models.DateField(_("month"), editable=False, db_index=True)
    index_start = models.DecimalField(
        _("start index"), max_digits=16, decimal_places=3, null=True, blank=True
    )
    index_end = models.DecimalField(_("end index"), max_digits=16, decimal_places=3, null=True, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=16,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In the unit of the carrier (e.g. kWh PCS for natural gas, litres for fuel oil)."),
    )
    kwh = models.DecimalField(_("kWh (PCI)"), max_digits=16, decimal_places=3, editable=False)
    cost = models.DecimalField(
        _("cost excl. VAT (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    reference = models.CharField(_("invoice number"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "meter__site"

    class Meta:
        verbose_name = _("consumption record")
        verbose_name_plural = _("consumption records")
        ordering = ["-month", "meter__name", "-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "period_start", "period_end"],
                name="energy_unique_consumption_period",
                violation_error_message=_("This meter already has a record for this period."),
            )
        ]
        indexes = [models.Index(fields=["meter", "month"], name="energy_cons_meter_month")]

    def __str__(self) -> str:
        return f"{self.meter.name} – {self.period_start:%Y-%m-%d} → {self.period_end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("energy:consumption_edit", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return self.meter.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(meter__responsible=person)


class RelevantVariable(TimeStampedModel):
    """A factor that drives energy consumption (ISO 50001 §3.4.9): parts produced, tonnes machined,
    heating degree-days, floor area… with a value per month."""

    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="energy_variables", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(
        _("kind"), max_length=20, choices=VariableKind.choices, default=VariableKind.PRODUCTION
    )
    unit = models.CharField(_("unit"), max_length=30, help_text=_("e.g. parts, t, DJU, m²."))
    source = models.CharField(
        _("source of the values"), max_length=300, blank=True, help_text=_("e.g. ERP, Météo-France station.")
    )
    responsible = models.ForeignKey(
        "organization.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("relevant variable")
        verbose_name_plural = _("relevant variables")
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"],
                name="energy_unique_variable_name",
                violation_error_message=_("This site already has a variable with this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def get_absolute_url(self) -> str:
        return reverse("energy:variable_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.responsible_id} if self.responsible_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(responsible=person)


class VariableValue(models.Model):
    variable = models.ForeignKey(
        RelevantVariable, on_delete=models.CASCADE, related_name="values", verbose_name=_("relevant variable")
    )
    month = models.DateField(_("month"))
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=3, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    scope_site_field = "variable__site"

    class Meta:
        verbose_name = _("value of a relevant variable")
        verbose_name_plural = _("values of relevant variables")
        ordering = ["variable", "month"]
        constraints = [
            models.UniqueConstraint(fields=["variable", "month"], name="energy_unique_variable_month")
        ]

    def __str__(self) -> str:
        return f"{self.variable.name} {self.month:%Y-%m}: {self.value}"


class EnergyIndicator(TimeStampedModel):
    """An energy performance indicator (EnPI) of a site against its energy baseline (EnB) over a
    reference period: a ratio (kWh per unit of a relevant variable) or a linear model
    kWh = a + b × variable (ISO 50006). The baseline parameters are stored when the baseline is set."""

    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        related_name="energy_indicators",
        verbose_name=_("site"),
    )
    name = models.CharField(_("name"), max_length=200)
    carrier = models.ForeignKey(
        EnergyCarrier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("energy carrier"),
        help_text=_("Empty: every carrier of the site."),
    )
    use = models.CharField(
        _("use"), max_length=30, choices=EnergyUse.choices, blank=True, help_text=_("Empty: every use.")
    )
    variable = models.ForeignKey(
        RelevantVariable,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("relevant variable"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=IndicatorKind.choices, default=IndicatorKind.RATIO
    )
    baseline_start = models.DateField(_("baseline: first month"))
    baseline_end = models.DateField(_("baseline: last month"))
    target_percent = models.DecimalField(
        _("improvement target (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Savings against the baseline aimed at, e.g. 5."),
    )
    responsible = models.ForeignKey(
        "organization.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The baseline, computed by services.indicator_compute_baseline.
    baseline_kwh = models.DecimalField(max_digits=18, decimal_places=3, null=True, editable=False)
    baseline_variable = models.DecimalField(max_digits=18, decimal_places=3, null=True, editable=False)
    baseline_ratio = models.FloatField(null=True, editable=False)
    intercept = models.FloatField(null=True, editable=False)
    slope = models.FloatField(null=True, editable=False)
    r_squared = models.FloatField(null=True, editable=False)
    baseline_points = models.PositiveSmallIntegerField(default=0, editable=False)
    baseline_error = models.CharField(max_length=300, blank=True, editable=False)
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("energy performance indicator")
        verbose_name_plural = _("energy performance indicators")
        ordering = ["site__name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("energy:indicator_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.responsible_id} if self.responsible_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(responsible=person)

    @property
    def unit(self) -> str:
        return f"kWh/{self.variable.unit}"


class SavingsLever(TimeStampedModel):
    """An energy saving opportunity with its estimated yearly gains, turned into an action."""

    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="energy_levers", verbose_name=_("site")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    carrier = models.ForeignKey(
        EnergyCarrier, on_delete=models.PROTECT, related_name="+", verbose_name=_("energy carrier")
    )
    use = models.CharField(_("use"), max_length=30, choices=EnergyUse.choices, default=EnergyUse.PROCESS)
    estimated_kwh = models.DecimalField(
        _("estimated kWh saved per year"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    estimated_cost_saving = models.DecimalField(
        _("estimated € saved per year"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    estimated_tco2e = models.DecimalField(
        _("estimated tCO₂e avoided per year"), max_digits=12, decimal_places=3, null=True, editable=False
    )
    investment = models.DecimalField(
        _("investment (€)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=LeverStatus.choices, default=LeverStatus.PROPOSED
    )
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action"),
    )
    responsible = models.ForeignKey(
        "organization.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("savings lever")
        verbose_name_plural = _("savings levers")
        ordering = ["-estimated_kwh", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("energy:lever_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.responsible_id} if self.responsible_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(responsible=person)

    @property
    def payback_years(self) -> Decimal | None:
        if not self.investment or not self.estimated_cost_saving:
            return None
        return (self.investment / self.estimated_cost_saving).quantize(Decimal("0.1"))

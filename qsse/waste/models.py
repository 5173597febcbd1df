"""Waste: the European List of Waste and the treatment codes (shipped data), the contractors who
collect, carry and treat the waste, the waste streams of each site, and the chronological register
of the waste removed (arrêté du 31 mai 2021, article R541-43 du code de l'environnement)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel
from qsse.core.permissions import REFERENCE_DATA_GRANTS

from .choices import EntryType, QuantityUnit, SortingFlow, TreatmentKind, WasteCategory


def _in_english() -> bool:
    return (get_language() or "fr").startswith("en")


class WasteHeading(models.Model):
    """A chapter (2 digits) or sub-chapter (4 digits) of the European List of Waste."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    title_fr = models.TextField(_("title (French)"))
    title_en = models.TextField(_("title (English)"), blank=True)

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("heading of the list of waste")
        verbose_name_plural = _("headings of the list of waste")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.display} {self.title}"

    @property
    def display(self) -> str:
        return " ".join(self.code[i : i + 2] for i in range(0, len(self.code), 2))

    @property
    def title(self) -> str:
        return (self.title_en or self.title_fr) if _in_english() else self.title_fr


class WasteCode(models.Model):
    """An entry of the European List of Waste (6 digits, ``*`` when hazardous)."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    display = models.CharField(_("code"), max_length=10)
    chapter = models.CharField(_("chapter"), max_length=2, db_index=True)
    subchapter = models.CharField(_("sub-chapter"), max_length=4)
    label_fr = models.TextField(_("label (French)"))
    label_en = models.TextField(_("label (English)"), blank=True)
    is_hazardous = models.BooleanField(_("hazardous"), default=False)
    is_mirror = models.BooleanField(_("mirror entry"), default=False)
    entry_type = models.CharField(_("kind of entry"), max_length=30, choices=EntryType.choices)
    category = models.CharField(_("category"), max_length=20, choices=WasteCategory.choices)
    search_text = models.TextField(editable=False)

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("waste code")
        verbose_name_plural = _("waste codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.display} – {self.label}"

    @property
    def label(self) -> str:
        return (self.label_en or self.label_fr) if _in_english() else self.label_fr


class TreatmentCode(models.Model):
    """A recovery (R1–R13) or disposal (D1–D15) operation, Directive 2008/98/EC annexes I and II."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    kind = models.CharField(_("recovery or disposal"), max_length=10, choices=TreatmentKind.choices)
    label_fr = models.TextField(_("label (French)"))
    label_en = models.TextField(_("label (English)"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("treatment code")
        verbose_name_plural = _("treatment codes")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"

    @property
    def label(self) -> str:
        return (self.label_en or self.label_fr) if _in_english() else self.label_fr


class Contractor(TimeStampedModel):
    """A company that collects, carries or treats the waste (register of the organisation)."""

    name = models.CharField(_("name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    address = models.TextField(_("address"), blank=True)
    is_collector = models.BooleanField(_("collector"), default=False)
    is_transporter = models.BooleanField(_("transporter"), default=False)
    is_facility = models.BooleanField(_("treatment facility"), default=False)
    receipt_number = models.CharField(
        _("transport/collection receipt number"),
        max_length=100,
        blank=True,
        help_text=_("Récépissé de déclaration (transport, collecte, négoce, courtage)."),
    )
    receipt_valid_until = models.DateField(_("receipt valid until"), null=True, blank=True)
    permit_number = models.CharField(
        _("permit / approval number"),
        max_length=150,
        blank=True,
        help_text=_("Prefectoral permit (ICPE) or approval of the treatment facility."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    permission_grants = REFERENCE_DATA_GRANTS

    class Meta:
        verbose_name = _("waste contractor")
        verbose_name_plural = _("waste contractors")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("waste:contractor_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return set()


class WasteStream(TimeStampedModel):
    """A waste produced on a site, how it is sorted and where it goes."""

    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="waste_streams", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200)
    waste_code = models.ForeignKey(
        WasteCode, on_delete=models.PROTECT, related_name="streams", verbose_name=_("waste code")
    )
    sorting_flow = models.CharField(
        _("sorting flow"),
        max_length=20,
        choices=SortingFlow.choices,
        default=SortingFlow.NONE,
        help_text=_("The stream of the 5/7-stream sorting (or textiles, biowaste) it is sorted into."),
    )
    container = models.CharField(_("container"), max_length=200, blank=True)
    sorting_instructions = models.TextField(_("sorting instructions"), blank=True)
    collector = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collector"),
    )
    transporter = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transporter"),
    )
    facility = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("treatment facility"),
    )
    treatment_code = models.ForeignKey(
        TreatmentCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("treatment code"),
    )
    density = models.DecimalField(
        _("density (t/m³)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("To convert the removals counted in m³ into tonnes."),
    )
    responsible = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waste_streams",
        verbose_name=_("responsible"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("waste stream")
        verbose_name_plural = _("waste streams")
        ordering = ["site__name", "name", "id"]
        indexes = [models.Index(fields=["site", "is_active"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.waste_code.display})"

    def get_absolute_url(self) -> str:
        return reverse("waste:stream_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return {self.responsible_id} if self.responsible_id else set()

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(responsible=person)


class WasteRemoval(TimeStampedModel):
    """A line of the chronological waste register: one removal of waste from a site.

    ``tonnes``, ``category``, ``is_hazardous``, ``treatment_kind`` and ``year`` are derived by the
    services (from the quantity, the code and the treatment code) and stored for the filters and
    the yearly totals over hundreds of thousands of lines.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="waste_removals", verbose_name=_("site")
    )
    stream = models.ForeignKey(
        WasteStream,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="removals",
        verbose_name=_("waste stream"),
    )
    removed_on = models.DateField(_("removal date"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    usual_name = models.CharField(_("usual name of the waste"), max_length=200)
    waste_code = models.ForeignKey(
        WasteCode, on_delete=models.PROTECT, related_name="removals", verbose_name=_("waste code")
    )
    is_pop = models.BooleanField(
        _("contains persistent organic pollutants (POP)"),
        default=False,
        help_text=_("Regulation (EU) 2019/1021."),
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=2, choices=QuantityUnit.choices, default=QuantityUnit.TONNE)
    density = models.DecimalField(_("density (t/m³)"), max_digits=6, decimal_places=3, null=True, blank=True)
    tonnes = models.DecimalField(
        _("tonnes"), max_digits=12, decimal_places=3, null=True, blank=True, editable=False
    )
    collector = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collector"),
    )
    transporter = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transporter"),
    )
    second_transporter = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second transporter"),
    )
    facility = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destination (treatment facility)"),
    )
    treatment_code = models.ForeignKey(
        TreatmentCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("treatment code"),
    )
    treatment_kind = models.CharField(
        _("recovery or disposal"), max_length=10, choices=TreatmentKind.choices, blank=True, editable=False
    )
    category = models.CharField(_("category"), max_length=20, choices=WasteCategory.choices, editable=False)
    is_hazardous = models.BooleanField(_("hazardous"), default=False, editable=False)
    tracking_number = models.CharField(
        _("tracking slip number (BSD)"),
        max_length=40,
        blank=True,
        help_text=_("Required for hazardous waste: the Trackdéchets number, e.g. BSD-20250114-4FX8Q2KZ7."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("waste removal")
        verbose_name_plural = _("waste removals")
        ordering = ["-removed_on", "-id"]
        indexes = [
            models.Index(fields=["removed_on", "id"], name="waste_removal_date_idx"),
            models.Index(fields=["site", "removed_on"], name="waste_removal_site_date_idx"),
            # Covers every column the yearly totals read (GROUP BY year / category / stream / site):
            # the totals scan this index, not the table.
            models.Index(
                fields=[
                    "year",
                    "site",
                    "category",
                    "treatment_kind",
                    "stream",
                    "unit",
                    "tonnes",
                    "quantity",
                    "is_hazardous",
                ],
                name="waste_removal_totals_idx",
            ),
            models.Index(fields=["category", "removed_on"], name="waste_removal_category_idx"),
            models.Index(fields=["stream", "removed_on"], name="waste_removal_stream_idx"),
            models.Index(fields=["waste_code", "removed_on"], name="waste_removal_code_idx"),
            # Covers the register's totals when it is filtered by a waste code.
            models.Index(
                fields=["waste_code", "treatment_kind", "unit", "tonnes", "quantity"],
                name="waste_removal_code_totals_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.usual_name}"

    def get_absolute_url(self) -> str:
        return reverse("waste:removal_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        ids = set()
        if self.stream_id and self.stream.responsible_id:
            ids.add(self.stream.responsible_id)
        if self.created_by_id:
            from qsse.organization.models import Person

            ids |= set(Person.objects.filter(user_id=self.created_by_id).values_list("pk", flat=True))
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        condition = Q(stream__responsible=person)
        if person.user_id:
            condition |= Q(created_by_id=person.user_id)
        return condition


class WasteYearTotal(models.Model):
    """The register summed by year, site, stream, category and recovery or disposal: what the
    yearly totals (dashboard, API) read instead of grouping hundreds of thousands of lines.

    Derived data, never edited: ``services.refresh_year_totals`` recomputes the rows of a (year,
    site) from the register, in the transaction of every write to the register.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    site = models.ForeignKey("organization.Site", on_delete=models.CASCADE, related_name="+")
    stream = models.ForeignKey(WasteStream, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=WasteCategory.choices)
    treatment_kind = models.CharField(
        _("recovery or disposal"), max_length=10, choices=TreatmentKind.choices, blank=True
    )
    tonnes = models.DecimalField(_("tonnes"), max_digits=16, decimal_places=3, default=0)
    volume_without_density_m3 = models.DecimalField(max_digits=16, decimal_places=3, default=0)
    lines = models.PositiveIntegerField(default=0)

    scope_site_field = "site"

    class Meta:
        verbose_name = _("yearly waste total")
        verbose_name_plural = _("yearly waste totals")
        indexes = [models.Index(fields=["year", "site"], name="waste_yeartotal_year_site_idx")]

    def __str__(self) -> str:
        return f"{self.year} – {self.category} – {self.tonnes} t"

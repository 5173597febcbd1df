"""The organisation, its sites, departments and work units, and the people who work there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.choices import Role
from qsse.core.models import TimeStampedModel


class Organization(TimeStampedModel):
    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, help_text=_("14 digits"))
    naf_code = models.CharField(_("NAF/APE code"), max_length=6, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.trade_name or self.legal_name


class Site(TimeStampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="sites")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["site__name", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="unique_department_per_site")]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"


class WorkUnit(TimeStampedModel):
    """Unité de travail: the grouping of exposed people the DUER assesses risks for."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="work_units")
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="work_units"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    headcount = models.PositiveIntegerField(_("people exposed"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        ordering = ["site__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"


class Person(TimeStampedModel):
    """An employee of the directory; may have a user account, which then carries a role and a site scope."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="people", null=True, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    work_unit = models.ForeignKey(
        WorkUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READER)
    has_all_sites = models.BooleanField(
        _("access to every site"),
        default=False,
        help_text=_("Otherwise access is limited to the sites below."),
    )
    scope_sites = models.ManyToManyField(Site, blank=True, related_name="+", verbose_name=_("sites in scope"))
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[scope_sites])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

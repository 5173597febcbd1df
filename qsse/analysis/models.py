"""Datasets (an uploaded file or OpenQSSE records, stored as Parquet), saved analyses and decision
studies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel

from .choices import DecisionKind, SourceKind, ToolKind


def _person_ids_of_user(user_id: int | None) -> set[int]:
    if not user_id:
        return set()
    from qsse.organization.models import Person

    return set(Person.objects.filter(user_id=user_id).values_list("pk", flat=True))


class Dataset(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    source_key = models.CharField(_("OpenQSSE source"), max_length=100, blank=True)
    original_file = models.FileField(
        _("original file"), upload_to="analysis/originals/%Y/%m/", max_length=300, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    parquet_file = models.FileField(_("data file"), upload_to="analysis/datasets/%Y/%m/", max_length=300)
    columns = models.JSONField(_("columns"), default=list)  # [{"name": ..., "type": text|number|date}]
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    uploaded_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analysis:dataset_detail", args=[self.pk])

    def column_types(self) -> dict[str, str]:
        return {column["name"]: column["type"] for column in self.columns}

    def responsible_person_ids(self) -> set[int]:
        return _person_ids_of_user(self.uploaded_by_id)

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(uploaded_by_id=person.user_id) if person.user_id else Q(pk__in=[])


class Analysis(TimeStampedModel):
    """A tool run on a dataset with its parameters, saved to be reopened and linked from a record."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="analyses", verbose_name=_("dataset")
    )
    tool = models.CharField(_("tool"), max_length=20, choices=ToolKind.choices)
    title = models.CharField(_("title"), max_length=200)
    parameters = models.JSONField(_("parameters"), default=dict)
    related_reference = models.CharField(
        _("related record"),
        max_length=40,
        blank=True,
        help_text=_("Reference of the non-conformity, review or audit this analysis supports."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    history = HistoricalRecords()

    scope_site_field = "dataset__site"

    class Meta:
        verbose_name = _("saved analysis")
        verbose_name_plural = _("saved analyses")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("analysis:analysis_detail", args=[self.pk])

    @property
    def site(self):
        # Actions raised from an analysis belong to the dataset's site.
        return self.dataset.site

    @property
    def reference(self) -> str:
        return f"ANA-{self.pk}"

    def responsible_person_ids(self) -> set[int]:
        return _person_ids_of_user(self.created_by_id)

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(created_by_id=person.user_id) if person.user_id else Q(pk__in=[])


class DecisionStudy(TimeStampedModel):
    """A decision tool (C.11): weighted matrix, cost–benefit, relations diagram or tree diagram."""

    kind = models.CharField(_("tool"), max_length=20, choices=DecisionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    data = models.JSONField(_("data"), default=dict)
    related_reference = models.CharField(
        _("related record"),
        max_length=40,
        blank=True,
        help_text=_("Reference of the non-conformity, review or audit this study supports."),
    )
    site = models.ForeignKey(
        "organization.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    history = HistoricalRecords()

    scope_site_field = "site"

    class Meta:
        verbose_name = _("decision study")
        verbose_name_plural = _("decision studies")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("analysis:decision_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        return _person_ids_of_user(self.created_by_id)

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(created_by_id=person.user_id) if person.user_id else Q(pk__in=[])

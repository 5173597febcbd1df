"""HAZOP studies (IEC 61882): nodes with their design intent, deviations (parameter × guide word),
causes, consequences, safeguards, risk rating and recommendations turned into actions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qsse.core.models import TimeStampedModel

from .choices import DeviationStatus, GuideWord, Parameter, StudyStatus


class HazopStudy(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    installation = models.CharField(_("installation"), max_length=255)
    site = models.ForeignKey(
        "organization.Site", on_delete=models.PROTECT, related_name="hazop_studies", verbose_name=_("site")
    )
    leader = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_hazop_studies",
        verbose_name=_("study leader"),
    )
    team = models.ManyToManyField(
        "organization.Person", blank=True, related_name="hazop_studies", verbose_name=_("team")
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazop_studies",
        verbose_name=_("process"),
    )
    pid_reference = models.CharField(_("P&ID reference"), max_length=100, blank=True)
    scope = models.TextField(_("scope and design intent of the installation"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=StudyStatus.choices, default=StudyStatus.DRAFT
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[team])

    scope_site_field = "site"

    class Meta:
        verbose_name = _("HAZOP study")
        verbose_name_plural = _("HAZOP studies")
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("hazop:study_detail", args=[self.pk])

    def responsible_person_ids(self) -> set[int]:
        ids = set(self.team.values_list("id", flat=True))
        if self.leader_id:
            ids.add(self.leader_id)
        return ids

    @staticmethod
    def responsible_q(person, prefix: str = "") -> Q:
        through = HazopStudy.team.through.objects.filter(person=person).values("hazopstudy_id")
        return Q(**{f"{prefix}leader": person}) | Q(**{f"{prefix}id__in": through})


class HazopNode(TimeStampedModel):
    study = models.ForeignKey(
        HazopStudy, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("study")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    design_intent = models.TextField(_("design intent"), blank=True)
    parameters = models.JSONField(_("parameters"), default=list, blank=True)
    history = HistoricalRecords()

    scope_site_field = "study__site"

    class Meta:
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        ordering = ["study", "number"]
        constraints = [models.UniqueConstraint(fields=["study", "number"], name="hazop_unique_node_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def responsible_person_ids(self) -> set[int]:
        return self.study.responsible_person_ids()

    @staticmethod
    def responsible_q(person) -> Q:
        return HazopStudy.responsible_q(person, prefix="study__")


class Deviation(TimeStampedModel):
    node = models.ForeignKey(
        HazopNode, on_delete=models.CASCADE, related_name="deviations", verbose_name=_("node")
    )
    parameter = models.CharField(_("parameter"), max_length=20, choices=Parameter.choices)
    guide_word = models.CharField(_("guide word"), max_length=20, choices=GuideWord.choices)
    text = models.CharField(_("deviation"), max_length=255)
    causes = models.TextField(_("causes"), blank=True)
    consequences = models.TextField(_("consequences"), blank=True)
    safeguards = models.TextField(_("existing safeguards"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), null=True, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), null=True, blank=True)
    # Denormalised from the criticality matrix "hazop" (rescored when the matrix changes).
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True, db_index=True)
    level_name = models.CharField(_("level"), max_length=60, blank=True)
    level_colour = models.CharField(max_length=20, blank=True)
    level_text_colour = models.CharField(max_length=20, blank=True)
    is_significant = models.BooleanField(_("significant"), default=False)
    recommendation = models.TextField(_("recommendation"), blank=True)
    responsible = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeviationStatus.choices, default=DeviationStatus.OPEN
    )
    # Why the deviation is not rated (not credible, no consequence) or closed without an action done.
    justification = models.TextField(_("justification"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_site_field = "node__study__site"

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["node__number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["node", "parameter", "guide_word"], name="hazop_unique_deviation")
        ]

    def __str__(self) -> str:
        return f"{self.node.study.reference} {self.node.name} – {self.text}"

    @property
    def site(self):
        return self.node.study.site

    def get_absolute_url(self) -> str:
        return reverse("hazop:study_detail", args=[self.node.study_id]) + f"#deviation-{self.pk}"

    def responsible_person_ids(self) -> set[int]:
        ids = self.node.study.responsible_person_ids()
        if self.responsible_id:
            ids.add(self.responsible_id)
        return ids

    @staticmethod
    def responsible_q(person) -> Q:
        return Q(responsible=person) | HazopStudy.responsible_q(person, prefix="node__study__")

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    UPLOAD = "upload", _("Uploaded file")
    OPENQSSE = "openqsse", _("OpenQSSE records")


class ColumnType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")


class ToolKind(models.TextChoices):
    PIVOT = "pivot", _("Pivot table")
    PARETO = "pareto", _("Pareto chart")
    DESCRIPTIVE = "descriptive", _("Histogram and descriptive statistics")
    CONTROL_CHART = "control_chart", _("Control chart")
    CAPABILITY = "capability", _("Process capability")


class Aggregation(models.TextChoices):
    COUNT = "count", _("Count")
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")
    MEDIAN = "median", _("Median")


class ChartKind(models.TextChoices):
    INDIVIDUALS = "i_mr", _("Individuals and moving range (I-MR)")
    XBAR_R = "xbar_r", _("Averages and ranges (X̄-R)")
    XBAR_S = "xbar_s", _("Averages and standard deviations (X̄-S)")
    P = "p", _("Proportion defective (p)")
    NP = "np", _("Number defective (np)")
    C = "c", _("Number of defects (c)")
    U = "u", _("Defects per unit (u)")


class DecisionKind(models.TextChoices):
    MATRIX = "matrix", _("Weighted decision matrix")
    COST_BENEFIT = "cost_benefit", _("Cost–benefit analysis")
    RELATIONS = "relations", _("Relations diagram")
    TREE = "tree", _("Tree diagram")

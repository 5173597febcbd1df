"""Choices of the context module (SWOT/PESTEL, interested parties, risks and opportunities)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AnalysisKind(models.TextChoices):
    SWOT = "swot", _("SWOT")
    PESTEL = "pestel", _("PESTEL")


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("context analysis status", "Draft")
    APPROVED = "approved", pgettext_lazy("context analysis status", "Approved")


class ContextCategory(models.TextChoices):
    # SWOT quadrants.
    STRENGTH = "strength", _("Strengths")
    WEAKNESS = "weakness", _("Weaknesses")
    OPPORTUNITY = "opportunity", _("Opportunities")
    THREAT = "threat", _("Threats")
    # PESTEL factors.
    POLITICAL = "political", _("Political")
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    TECHNOLOGICAL = "technological", _("Technological")
    ENVIRONMENTAL = "environmental", _("Environmental")
    LEGAL = "legal", _("Legal")


SWOT_CATEGORIES = (
    ContextCategory.STRENGTH,
    ContextCategory.WEAKNESS,
    ContextCategory.OPPORTUNITY,
    ContextCategory.THREAT,
)
PESTEL_CATEGORIES = (
    ContextCategory.POLITICAL,
    ContextCategory.ECONOMIC,
    ContextCategory.SOCIAL,
    ContextCategory.TECHNOLOGICAL,
    ContextCategory.ENVIRONMENTAL,
    ContextCategory.LEGAL,
)
CATEGORIES_BY_KIND = {AnalysisKind.SWOT: SWOT_CATEGORIES, AnalysisKind.PESTEL: PESTEL_CATEGORIES}


class Importance(models.IntegerChoices):
    LOW = 1, pgettext_lazy("importance", "Low")
    MEDIUM = 2, pgettext_lazy("importance", "Medium")
    HIGH = 3, pgettext_lazy("importance", "High")


class PartyCategory(models.TextChoices):
    CUSTOMERS = "customers", _("Customers")
    EMPLOYEES = "employees", _("Employees")
    SHAREHOLDERS = "shareholders", _("Shareholders")
    SUPPLIERS = "suppliers", _("Suppliers and subcontractors")
    AUTHORITIES = "authorities", _("Authorities")
    COMMUNITY = "community", _("Community and neighbours")
    UNIONS = "unions", _("Staff representatives (CSE, unions)")
    INSURERS = "insurers", _("Insurers")
    OTHER = "other", _("Other")


class Quadrant(models.TextChoices):
    """The four strategies of the power/interest grid (Mendelow)."""

    MANAGE_CLOSELY = "manage_closely", pgettext_lazy("power/interest strategy", "Manage closely")
    KEEP_SATISFIED = "keep_satisfied", pgettext_lazy("power/interest strategy", "Keep satisfied")
    KEEP_INFORMED = "keep_informed", pgettext_lazy("power/interest strategy", "Keep informed")
    MONITOR = "monitor", pgettext_lazy("power/interest strategy", "Monitor")


class RiskKind(models.TextChoices):
    RISK = "risk", _("Risk")
    OPPORTUNITY = "opportunity", _("Opportunity")


class RiskSource(models.TextChoices):
    SWOT_ITEM = "context_item", _("SWOT / PESTEL item")
    INTERESTED_PARTY = "interested_party", _("Interested party")
    OTHER = "other", _("Other")


class TreatmentStrategy(models.TextChoices):
    # Risks.
    AVOID = "avoid", _("Avoid")
    REDUCE = "reduce", _("Reduce")
    TRANSFER = "transfer", _("Transfer")
    ACCEPT = "accept", _("Accept")
    # Opportunities.
    EXPLOIT = "exploit", _("Exploit")
    ENHANCE = "enhance", _("Enhance")
    SHARE = "share", _("Share")
    IGNORE = "ignore", _("Ignore")


RISK_STRATEGIES = (
    TreatmentStrategy.AVOID,
    TreatmentStrategy.REDUCE,
    TreatmentStrategy.TRANSFER,
    TreatmentStrategy.ACCEPT,
)
OPPORTUNITY_STRATEGIES = (
    TreatmentStrategy.EXPLOIT,
    TreatmentStrategy.ENHANCE,
    TreatmentStrategy.SHARE,
    TreatmentStrategy.IGNORE,
)


class RiskStatus(models.TextChoices):
    IDENTIFIED = "identified", pgettext_lazy("risk status", "Identified")
    PLANNED = "planned", pgettext_lazy("risk status", "Treatment planned")
    TREATED = "treated", pgettext_lazy("risk status", "Treated")
    CLOSED = "closed", pgettext_lazy("risk status", "Closed")


OPEN_RISK_STATUSES = (RiskStatus.IDENTIFIED, RiskStatus.PLANNED, RiskStatus.TREATED)
REFERENCE_PREFIX = "RO"


class MatrixUsage(models.TextChoices):
    """The risk tools that rate on a criticality matrix; each has its own active matrix."""

    RISKS_OPPORTUNITIES = "risks", _("Risks and opportunities")
    HACCP = "haccp", _("HACCP hazards")
    HAZOP = "hazop", _("HAZOP deviations")
    SURVEILLANCE = "surveillance", _("Residual risks under surveillance")
    COMPLIANCE = "compliance", _("Compliance gaps")
    DUER = "duer", _("Occupational risks (DUER)")
    INDUSTRIAL = "industrial", _("Industrial risks (C.28)")

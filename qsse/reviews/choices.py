"""Inputs and outputs of management reviews (ISO 9001:2015 §9.3.2 and §9.3.3, ISO 14001/45001 §9.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewInput(models.TextChoices):
    """The inputs of ISO 9001:2015 §9.3.2, in the order of the standard (the agenda of the review)."""

    PREVIOUS_ACTIONS = "previous_actions", _("a) Status of actions from previous management reviews")
    CONTEXT_CHANGES = "context_changes", _("b) Changes in external and internal issues")
    CUSTOMER_SATISFACTION = "customer_satisfaction", _("c1) Customer satisfaction and feedback")
    OBJECTIVES = "objectives", _("c2) Extent to which quality objectives have been met")
    PROCESS_PERFORMANCE = "process_performance", _("c3) Process performance and conformity of products")
    NONCONFORMITIES = "nonconformities", _("c4) Nonconformities and corrective actions")
    MONITORING_RESULTS = "monitoring_results", _("c5) Monitoring and measurement results")
    AUDIT_RESULTS = "audit_results", _("c6) Audit results")
    SUPPLIER_PERFORMANCE = "supplier_performance", _("c7) Performance of external providers")
    RESOURCES = "resources", _("d) Adequacy of resources")
    RISK_OPPORTUNITY_ACTIONS = (
        "risk_opportunity_actions",
        _("e) Effectiveness of actions taken to address risks and opportunities"),
    )
    IMPROVEMENT_OPPORTUNITIES = "improvement_opportunities", _("f) Opportunities for improvement")


# The ISO clause of each input, printed in the agenda of the minutes.
INPUT_CLAUSES = {
    ReviewInput.PREVIOUS_ACTIONS: "9.3.2 a)",
    ReviewInput.CONTEXT_CHANGES: "9.3.2 b)",
    ReviewInput.CUSTOMER_SATISFACTION: "9.3.2 c) 1)",
    ReviewInput.OBJECTIVES: "9.3.2 c) 2)",
    ReviewInput.PROCESS_PERFORMANCE: "9.3.2 c) 3)",
    ReviewInput.NONCONFORMITIES: "9.3.2 c) 4)",
    ReviewInput.MONITORING_RESULTS: "9.3.2 c) 5)",
    ReviewInput.AUDIT_RESULTS: "9.3.2 c) 6)",
    ReviewInput.SUPPLIER_PERFORMANCE: "9.3.2 c) 7)",
    ReviewInput.RESOURCES: "9.3.2 d)",
    ReviewInput.RISK_OPPORTUNITY_ACTIONS: "9.3.2 e)",
    ReviewInput.IMPROVEMENT_OPPORTUNITIES: "9.3.2 f)",
}

# The inputs a process review looks at (its process only): no context, no resources of the organisation.
PROCESS_REVIEW_INPUTS = (
    ReviewInput.PREVIOUS_ACTIONS,
    ReviewInput.CUSTOMER_SATISFACTION,
    ReviewInput.OBJECTIVES,
    ReviewInput.PROCESS_PERFORMANCE,
    ReviewInput.NONCONFORMITIES,
    ReviewInput.AUDIT_RESULTS,
    ReviewInput.RISK_OPPORTUNITY_ACTIONS,
    ReviewInput.IMPROVEMENT_OPPORTUNITIES,
)


class ReviewOutput(models.TextChoices):
    """The outputs of ISO 9001:2015 §9.3.3, with the additions of ISO 14001/45001 §9.3."""

    IMPROVEMENT = "improvement", _("Opportunity for improvement")
    QMS_CHANGE = "qms_change", _("Change to the management system")
    RESOURCE_NEED = "resource_need", _("Resource need")
    OBJECTIVE_NOT_MET = "objective_not_met", _("Action on an objective not achieved")
    STRATEGIC_DIRECTION = "strategic_direction", _("Implication for the strategic direction")


class ManagementReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INPUTS_FROZEN = "inputs_frozen", _("Inputs frozen")
    HELD = "held", _("Held")
    SIGNED = "signed", _("Signed")


class ProcessReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    HELD = "held", _("Held")
    SIGNED = "signed", _("Signed")


class MinutesLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")

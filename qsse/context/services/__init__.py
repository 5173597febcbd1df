"""Every write of the context module: SWOT/PESTEL analyses and their versions, interested parties,
the context summary, the criticality matrix (and the recomputation of the register it drives) and
the risks and opportunities with their treatment actions.

Rules: an approved analysis is frozen (changes go to a new version); a record is scored on the
active matrix (score = probability × impact, level = the band containing the score); a significant
record gets a treatment action (preventive for a risk, improvement for an opportunity).
"""

from .analyses import (
    ANALYSIS_FIELDS,
    ITEM_FIELDS,
    PARTY_FIELDS,
    SUMMARY_FIELDS,
    analysis_approve,
    analysis_create,
    analysis_item_add,
    analysis_item_delete,
    analysis_item_update,
    analysis_new_version,
    analysis_update,
    party_create,
    party_delete,
    party_update,
    summary_save,
)
from .matrix import (
    LEVEL_PROBLEMS,
    active_matrix,
    level_values,
    matrix_activate,
    matrix_ensure_default,
    matrix_levels,
    matrix_problems,
    matrix_save,
    register_matrix_listener,
    register_recompute,
    rescore_usage,
)
from .register import (
    RISK_FIELDS,
    TREATMENT_DELAY_DAYS,
    risk_opportunity_create,
    risk_opportunity_delete,
    risk_opportunity_update,
    treatment_action_create,
    treatment_action_type,
)

__all__ = [
    "ANALYSIS_FIELDS",
    "ITEM_FIELDS",
    "LEVEL_PROBLEMS",
    "PARTY_FIELDS",
    "RISK_FIELDS",
    "SUMMARY_FIELDS",
    "TREATMENT_DELAY_DAYS",
    "active_matrix",
    "analysis_approve",
    "analysis_create",
    "analysis_item_add",
    "analysis_item_delete",
    "analysis_item_update",
    "analysis_new_version",
    "analysis_update",
    "level_values",
    "matrix_activate",
    "matrix_levels",
    "matrix_problems",
    "matrix_save",
    "party_create",
    "party_delete",
    "party_update",
    "matrix_ensure_default",
    "register_matrix_listener",
    "register_recompute",
    "rescore_usage",
    "risk_opportunity_create",
    "risk_opportunity_delete",
    "risk_opportunity_update",
    "summary_save",
    "treatment_action_create",
    "treatment_action_type",
]

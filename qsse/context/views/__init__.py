"""Pages of the context module. Thin: forms validate, services write, selectors read."""

from .analyses import (
    analysis_approve,
    analysis_create,
    analysis_detail,
    analysis_edit,
    analysis_list,
    analysis_new_version,
    item_add,
    item_delete,
    item_edit,
)
from .matrix import matrix_activate, matrix_create, matrix_edit, matrix_list, matrix_preview
from .parties import (
    PartyListView,
    party_create,
    party_delete,
    party_edit,
    party_grid,
    summary_edit,
    summary_view,
)
from .register import (
    RiskListView,
    heat_map,
    risk_create,
    risk_delete,
    risk_detail,
    risk_edit,
    risk_treatment_action,
)

__all__ = [
    "PartyListView",
    "RiskListView",
    "analysis_approve",
    "analysis_create",
    "analysis_detail",
    "analysis_edit",
    "analysis_list",
    "analysis_new_version",
    "heat_map",
    "item_add",
    "item_delete",
    "item_edit",
    "matrix_activate",
    "matrix_create",
    "matrix_edit",
    "matrix_list",
    "matrix_preview",
    "party_create",
    "party_delete",
    "party_edit",
    "party_grid",
    "risk_create",
    "risk_delete",
    "risk_detail",
    "risk_edit",
    "risk_treatment_action",
    "summary_edit",
    "summary_view",
]

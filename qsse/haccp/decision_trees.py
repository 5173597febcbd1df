"""The Codex CCP decision trees as data (questions and the answer → next question / outcome links).

Sources (wording checked on 2026-11-25):
- 2003 tree: Codex Alimentarius CXC 1-1969 rev. 4-2003, Annex, Diagram 2 "Example of decision tree
  to identify CCPs" (Q1, Q1 bis "Is control at this step necessary for safety?", Q2, Q3, Q4); the
  wording of Q2–Q4 as reproduced in the CFIA "Determination of critical control points worksheet"
  (inspection.gc.ca, FSEP) and by HACCPlan's Codex reference pages
  (app.haccplan.com/consultant/codex-haccp/q-1 … q-4).
- 2023 tree: CXC 1-1969 as revised in 2020, decision tree adopted by CAC45 (2023), "Example of a
  decision tree to identify CCPs"; structure as summarised by HACCP Mentor ("Revised CCP decision
  tree adopted by Codex", 2023) and Adele Adams Associates ("Codex 2023 CCP decision tree"):
  Q1 PRP/GHP control, Q2 specific control measures, Q3 subsequent step, Q4 control at this step.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .calculations import (
    OUTCOME_CCP,
    OUTCOME_MODIFY,
    OUTCOME_NOT_CCP,
    OUTCOME_PRP,
    DecisionTree,
    TreeQuestion,
)
from .choices import TreeVersion

CODEX_2003 = DecisionTree(
    key=TreeVersion.CODEX_2003,
    start="q1",
    questions=(
        TreeQuestion("q1", _("Q1. Do control measures exist for the identified hazard?"), yes="q2", no="q1b"),
        TreeQuestion(
            "q1b",
            _("Q1 bis. Is control at this step necessary for safety?"),
            # Yes: modify the step, process or product; no: not a CCP, go to the next hazard.
            yes=OUTCOME_MODIFY,
            no=OUTCOME_NOT_CCP,
        ),
        TreeQuestion(
            "q2",
            _(
                "Q2. Is the step specifically designed to eliminate or reduce the likely occurrence "
                "of the hazard to an acceptable level?"
            ),
            yes=OUTCOME_CCP,
            no="q3",
        ),
        TreeQuestion(
            "q3",
            _(
                "Q3. Could contamination with the identified hazard occur in excess of acceptable "
                "levels, or could it increase to unacceptable levels?"
            ),
            yes="q4",
            no=OUTCOME_NOT_CCP,
        ),
        TreeQuestion(
            "q4",
            _(
                "Q4. Will a subsequent step eliminate the identified hazard or reduce its likely "
                "occurrence to an acceptable level?"
            ),
            yes=OUTCOME_NOT_CCP,
            no=OUTCOME_CCP,
        ),
    ),
)

CODEX_2023 = DecisionTree(
    key=TreeVersion.CODEX_2023,
    start="q1",
    questions=(
        TreeQuestion(
            "q1",
            _(
                "Q1. Can the significant hazard be controlled to an acceptable level at this step by "
                "prerequisite programmes (e.g. good hygiene practices)?"
            ),
            yes=OUTCOME_PRP,
            no="q2",
        ),
        TreeQuestion(
            "q2",
            _("Q2. Do specific control measures for the identified significant hazard exist at this step?"),
            yes="q3",
            # Not a CCP: the process or product should be modified to bring a control measure.
            no=OUTCOME_MODIFY,
        ),
        TreeQuestion(
            "q3",
            _(
                "Q3. Will a subsequent step prevent or eliminate the identified significant hazard or "
                "reduce it to an acceptable level?"
            ),
            yes=OUTCOME_NOT_CCP,
            no="q4",
        ),
        TreeQuestion(
            "q4",
            _(
                "Q4. Can a specific control measure at this step prevent or eliminate the identified "
                "significant hazard or reduce it to an acceptable level?"
            ),
            yes=OUTCOME_CCP,
            no=OUTCOME_MODIFY,
        ),
    ),
)

TREES: dict[str, DecisionTree] = {CODEX_2003.key: CODEX_2003, CODEX_2023.key: CODEX_2023}

CODEX_STEPS = {
    1: _("Assemble the HACCP team and identify the scope"),
    2: _("Describe the product"),
    3: _("Identify the intended use and users"),
    4: _("Construct the flow diagram"),
    5: _("Confirm the flow diagram on site"),
    6: _("List hazards, conduct the hazard analysis, consider control measures (principle 1)"),
    7: _("Determine the critical control points (principle 2)"),
    8: _("Establish validated critical limits (principle 3)"),
    9: _("Establish a monitoring system for each CCP (principle 4)"),
    10: _("Establish corrective actions (principle 5)"),
    11: _("Validate the plan and establish verification procedures (principle 6)"),
    12: _("Establish documentation and record keeping (principle 7)"),
}


def tree_for(version: str) -> DecisionTree:
    return TREES.get(version, CODEX_2003)

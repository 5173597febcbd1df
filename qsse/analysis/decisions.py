"""Decision tools (C.11): validation of the data of a DecisionStudy and the figures drawn from it.

The data is JSON, one shape per kind:
- matrix: {"criteria": [{"name", "weight"}], "options": [{"name", "scores": [1..5 per criterion]}]}
- cost_benefit: {"dysfunction_cost_per_year", "expected_reduction" (0–1), "investment",
  "running_cost_per_year", "years"}
- relations: {"items": ["…"], "links": [{"cause": "…", "effect": "…"}]}
- tree: {"goal": "…", "children": [{"name": "…", "children": [...]}]}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import calculations
from .choices import DecisionKind

MAX_TREE_DEPTH = 6


def _text(value: Any) -> str:
    return str(value or "").strip()


def _number(value: Any, label: str, *, minimum: float | None = None, maximum: float | None = None) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError) as error:
        raise ValidationError(_("“%(label)s” must be a number.") % {"label": label}, code="number") from error
    if minimum is not None and number < minimum or maximum is not None and number > maximum:
        raise ValidationError(
            _("“%(label)s” must lie between %(minimum)s and %(maximum)s.")
            % {"label": label, "minimum": minimum, "maximum": maximum if maximum is not None else "∞"},
            code="range",
        )
    return number


def clean_data(kind: str, data: Any) -> dict[str, Any]:
    """The normalised data of a study of ``kind``; raises ValidationError with the user's message."""
    if not isinstance(data, dict):
        raise ValidationError(_("The study data is not valid."), code="invalid")
    cleaner = {
        DecisionKind.MATRIX: _clean_matrix,
        DecisionKind.COST_BENEFIT: _clean_cost_benefit,
        DecisionKind.RELATIONS: _clean_relations,
        DecisionKind.TREE: _clean_tree,
    }.get(kind)
    if cleaner is None:
        raise ValidationError(_("Unknown decision tool."), code="invalid")
    return cleaner(data)


def _clean_matrix(data: dict[str, Any]) -> dict[str, Any]:
    criteria = []
    for item in data.get("criteria") or []:
        name = _text(item.get("name"))
        if name:
            criteria.append(
                {"name": name, "weight": _number(item.get("weight"), name, minimum=0, maximum=100)}
            )
    if len(criteria) < 1:
        raise ValidationError(_("Give at least one criterion with its weight."), code="criteria")
    if not any(c["weight"] > 0 for c in criteria):
        raise ValidationError(_("At least one criterion must weigh more than 0."), code="criteria")
    if len({c["name"].casefold() for c in criteria}) != len(criteria):
        raise ValidationError(_("Two criteria have the same name."), code="criteria")
    options = []
    for item in data.get("options") or []:
        name = _text(item.get("name"))
        if not name:
            continue
        scores = list(item.get("scores") or [])
        if len(scores) < len(criteria):
            raise ValidationError(
                _("Score the option “%(option)s” against every criterion.") % {"option": name}, code="scores"
            )
        options.append(
            {
                "name": name,
                "scores": [
                    _number(score, f"{name} / {criterion['name']}", minimum=1, maximum=5)
                    for score, criterion in zip(scores, criteria, strict=False)
                ],
            }
        )
    if len(options) < 2:
        raise ValidationError(_("Compare at least two options."), code="options")
    if len({o["name"].casefold() for o in options}) != len(options):
        raise ValidationError(_("Two options have the same name."), code="options")
    return {"criteria": criteria, "options": options}


def _clean_cost_benefit(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {
        "dysfunction_cost_per_year": _number(
            data.get("dysfunction_cost_per_year"), _("Cost of the dysfunction per year"), minimum=0
        ),
        "expected_reduction": _number(
            data.get("expected_reduction"), _("Expected reduction"), minimum=0, maximum=1
        ),
        "investment": _number(data.get("investment"), _("Investment"), minimum=0),
        "running_cost_per_year": _number(
            data.get("running_cost_per_year") or 0, _("Running cost per year"), minimum=0
        ),
        "years": int(_number(data.get("years") or 3, _("Period (years)"), minimum=1, maximum=30)),
    }
    return cleaned


def _clean_relations(data: dict[str, Any]) -> dict[str, Any]:
    items: list[str] = []
    for value in data.get("items") or []:
        name = _text(value)
        if name and name not in items:
            items.append(name)
    links = []
    for link in data.get("links") or []:
        cause, effect = _text(link.get("cause")), _text(link.get("effect"))
        if not cause and not effect:
            continue
        for name in (cause, effect):
            if name not in items:
                raise ValidationError(
                    _("“%(item)s” is used in a link but is not in the list of items.") % {"item": name},
                    code="links",
                )
        if cause == effect:
            raise ValidationError(
                _("An item cannot cause itself (“%(item)s”).") % {"item": cause}, code="links"
            )
        if {"cause": cause, "effect": effect} not in links:
            links.append({"cause": cause, "effect": effect})
    if len(items) < 2:
        raise ValidationError(_("List at least two items."), code="items")
    return {"items": items, "links": links}


def _clean_node(node: Any, depth: int) -> dict[str, Any] | None:
    if not isinstance(node, dict):
        return None
    name = _text(node.get("name"))
    if not name:
        return None
    if depth > MAX_TREE_DEPTH:
        raise ValidationError(_("The tree is too deep (6 levels at most)."), code="depth")
    children = [child for child in (_clean_node(c, depth + 1) for c in node.get("children") or []) if child]
    return {"name": name, "children": children}


def _clean_tree(data: dict[str, Any]) -> dict[str, Any]:
    goal = _text(data.get("goal"))
    if not goal:
        raise ValidationError(_("State the goal at the root of the tree."), code="goal")
    children = [child for child in (_clean_node(c, 1) for c in data.get("children") or []) if child]
    if not children:
        raise ValidationError(_("Give at least one means under the goal."), code="children")
    return {"goal": goal, "children": children}


# --- Outline text <-> tree (the form edits the tree as an indented list) ------------------------------


def tree_from_outline(goal: str, outline: str) -> dict[str, Any]:
    """Each line is a means; two spaces (or a tab, or one leading "-") more than the line above make it a
    sub-means of that line."""
    root: dict[str, Any] = {"goal": goal.strip(), "children": []}
    stack: list[tuple[int, list[dict[str, Any]]]] = [(-1, root["children"])]
    for raw in outline.splitlines():
        if not raw.strip():
            continue
        expanded = raw.replace("\t", "  ")
        stripped = expanded.lstrip(" ")
        level = len(expanded) - len(stripped)
        dashes = len(stripped) - len(stripped.lstrip("-"))
        level += 2 * max(dashes - 1, 0)
        name = stripped.lstrip("-").strip()
        node = {"name": name, "children": []}
        while len(stack) > 1 and stack[-1][0] >= level:
            stack.pop()
        stack[-1][1].append(node)
        stack.append((level, node["children"]))
    return root


def outline_from_tree(data: dict[str, Any]) -> str:
    lines: list[str] = []

    def walk(nodes: list[dict[str, Any]], depth: int) -> None:
        for node in nodes:
            lines.append("  " * depth + node["name"])
            walk(node.get("children") or [], depth + 1)

    walk(data.get("children") or [], 0)
    return "\n".join(lines)


def links_from_text(text: str) -> list[dict[str, str]]:
    """One link per line: ``cause -> effect`` (also ``→`` or ``>``)."""
    links = []
    for line in text.splitlines():
        for arrow in ("->", "→", ">"):
            if arrow in line:
                cause, effect = line.split(arrow, 1)
                links.append({"cause": cause.strip(), "effect": effect.strip()})
                break
        else:
            if line.strip():
                raise ValidationError(
                    _("Write each link as “cause -> effect” (line “%(line)s”).") % {"line": line.strip()},
                    code="links",
                )
    return links


# --- Figures ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelationItem:
    name: str
    outgoing: int
    incoming: int
    role: str  # "driver" (root driver), "outcome" (key outcome) or ""


def relations_summary(data: dict[str, Any]) -> list[RelationItem]:
    """In/out arrow counts of each item; the items with the most outgoing arrows are the root drivers,
    those with the most incoming arrows the key outcomes (interrelationship digraph)."""
    outgoing = dict.fromkeys(data["items"], 0)
    incoming = dict.fromkeys(data["items"], 0)
    for link in data["links"]:
        outgoing[link["cause"]] += 1
        incoming[link["effect"]] += 1
    most_out = max(outgoing.values(), default=0)
    most_in = max(incoming.values(), default=0)
    items = []
    for name in data["items"]:
        role = ""
        if most_out and outgoing[name] == most_out:
            role = "driver"
        elif most_in and incoming[name] == most_in:
            role = "outcome"
        items.append(RelationItem(name, outgoing[name], incoming[name], role))
    return sorted(items, key=lambda item: (-(item.outgoing - item.incoming), item.name))


def matrix_ranking(data: dict[str, Any]) -> tuple[Any, ...]:
    return calculations.weighted_decision_matrix(
        [(c["name"], c["weight"]) for c in data["criteria"]],
        [(o["name"], o["scores"]) for o in data["options"]],
    )


def cost_benefit_figures(data: dict[str, Any]) -> Any:
    return calculations.cost_benefit(**data)

"""Extension points filled by domain apps in ``AppConfig.ready`` so that core never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SearchResult:
    reference: str
    title: str
    url: str
    kind: str


# provider(user, query, limit) -> list[SearchResult]
search_providers: list[Callable[[Any, str, int], list[SearchResult]]] = []
# widget(request) -> (template_name, context) rendered on the dashboard, in registration order
dashboard_widgets: list[Callable[[Any], tuple[str, dict[str, Any]]]] = []


def register_search(provider: Callable[[Any, str, int], list[SearchResult]]) -> None:
    if provider not in search_providers:
        search_providers.append(provider)


def register_dashboard_widget(widget: Callable[[Any], tuple[str, dict[str, Any]]]) -> None:
    if widget not in dashboard_widgets:
        dashboard_widgets.append(widget)


# --- Navigation -----------------------------------------------------------------------------------
# Domain apps add their pages to the menus of the shell (base.html) without core importing them.
NAV_MENUS = ("steering", "action_plan", "quality", "analysis", "organisation")


@dataclass(frozen=True)
class NavItem:
    menu: str  # one of NAV_MENUS
    label: Any  # a lazy translation
    url_name: str  # reversed without arguments
    order: int = 100


nav_items: list[NavItem] = []


def register_nav_item(item: NavItem) -> None:
    if item.menu not in NAV_MENUS:
        raise ValueError(f"Unknown menu {item.menu!r}")
    if item not in nav_items:
        nav_items.append(item)
        nav_items.sort(key=lambda entry: (entry.menu, entry.order))


# --- Indicator sources ----------------------------------------------------------------------------
# A computed indicator takes its values from OpenQSSE's own records through one of these. The app
# that owns the records registers the source (e.g. the NC app: "NCs per month").


@dataclass(frozen=True)
class IndicatorSource:
    key: str  # stable identifier stored on the indicator, e.g. "nonconformities.count"
    label: Any  # lazy translation shown in the indicator form
    unit: Any  # lazy translation, e.g. "NC", "%", "€"
    domain: str  # quality | safety | environment | energy | customer
    # compute(start, end, site_ids) -> value for the period [start, end) or None when undefined;
    # site_ids None means every site. Must aggregate in the database.
    compute: Callable[[Any, Any, frozenset[int] | None], Any]
    # drilldown(start, end, site_id) -> URL of the list of records behind the value, or "".
    drilldown: Callable[[Any, Any, int | None], str] | None = None
    description: Any = ""


indicator_sources: dict[str, IndicatorSource] = {}


def register_indicator_source(source: IndicatorSource) -> None:
    indicator_sources[source.key] = source


# --- Management-review and process-review inputs (ISO 9001 §9.3.2) --------------------------------


@dataclass(frozen=True)
class ReviewInputSection:
    """What one module contributes to a review: computed for a period, stored as a snapshot."""

    key: str  # the §9.3.2 input it feeds, see qsse.reviews.choices.ReviewInput
    title: str
    summary: str = ""  # one or two sentences, already translated
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # plain strings, ready to print
    figures: tuple[tuple[str, str], ...] = ()  # (label, value) key figures
    url: str = ""  # where the records behind it are listed


# provider(user, start, end, site_ids, process_id) -> list[ReviewInputSection]
# The period is [start, end) (end excluded, as for indicator sources: a review of 2025 passes
# 2025-01-01 and 2026-01-01); site_ids None means every site, process_id None every process.
review_input_providers: list[Callable[..., list[ReviewInputSection]]] = []


def register_review_input(provider: Callable[..., list[ReviewInputSection]]) -> None:
    if provider not in review_input_providers:
        review_input_providers.append(provider)


# --- Analysis data sources --------------------------------------------------------------------------
# OpenQSSE records offered to the data-analysis toolbox (pivot, Pareto, control charts).


@dataclass(frozen=True)
class AnalysisColumn:
    name: str
    label: Any
    kind: str  # "text" | "number" | "date"


@dataclass(frozen=True)
class AnalysisSource:
    key: str  # e.g. "nonconformities"
    label: Any
    columns: tuple[AnalysisColumn, ...]
    # rows(user) -> iterable of tuples in the order of ``columns``, restricted to what user may see
    rows: Callable[[Any], Any]


analysis_sources: dict[str, AnalysisSource] = {}


def register_analysis_source(source: AnalysisSource) -> None:
    analysis_sources[source.key] = source


# --- Records retention and personal data (GDPR) ---------------------------------------------------
# An app holding personal data declares it here: the retention app lists it in the personal data
# inventory, counts the records past their retention, anonymises or deletes them once confirmed and
# gathers a person's records for a subject access request (GDPR art. 15).


@dataclass(frozen=True)
class RetentionProvider:
    key: str  # stable identifier stored on record types, e.g. "accidents.victims"
    label: Any  # lazy translation
    # queryset() -> the records that still hold personal data (already anonymised ones excluded)
    queryset: Callable[[], Any]
    # the date the retention period runs from: a field name or an expression on that queryset
    reference_date: Any
    # identify(record) -> an identifier that is not personal data ("ACC-2019-0003", "person 42")
    identify: Callable[[Any], str]
    # anonymise(records, user) / delete(records, user) -> count; one of them at least. Called
    # inside the transaction of the purge; they write the history rows and scrub the old ones.
    anonymise: Callable[[Any, Any], int] | None = None
    delete: Callable[[Any, Any], int] | None = None
    # subject_records(person) -> [{"record": str, "url": str, "fields": {label: value}}] (art. 15)
    subject_records: Callable[[Any], list[dict[str, Any]]] | None = None
    # what the inventory says about it (lazy translations)
    data_items: tuple[Any, ...] = ()
    purpose: Any = ""
    legal_basis: Any = ""  # GDPR art. 6 (and art. 9 for health data)
    recipients: Any = ""  # who can see it
    special_category: bool = False  # health data (GDPR art. 9)


retention_providers: dict[str, RetentionProvider] = {}


def register_retention_provider(provider: RetentionProvider) -> None:
    retention_providers[provider.key] = provider


# --- Object rules ---------------------------------------------------------------------------------
# A domain adds its own condition to the role-and-site policy of its records (documents: the
# confidentiality level and the people named on a document). ``qsse.core.permissions.can`` and
# ``scope_queryset`` ask these rules after the role and the site, so every shared mechanism that asks
# them — attachments, comments and history panels, the API's object permission — honours the rule
# without core knowing the domain. A rule only narrows: it never grants what the role refuses.


@dataclass(frozen=True)
class ObjectRule:
    # check(user, obj, operation) -> bool: False refuses the operation on that record
    check: Callable[[Any, Any, str], bool]
    # restrict(user, queryset, operation) -> queryset: the same condition for a list (None: the list
    # is not narrowed; the domain's own selectors already apply it)
    restrict: Callable[[Any, Any, str], Any] | None = None


object_rules: dict[type, list[ObjectRule]] = {}
# listener(request, target, attachment): told of each download of an attachment of a record of that
# model, once core has allowed it (documents log the downloads of confidential documents).
attachment_download_listeners: dict[type, list[Callable[[Any, Any, Any], None]]] = {}


def _concrete(model: Any) -> type:
    """The concrete model class of a model, an instance, a deferred-field instance or a proxy."""
    meta = getattr(model, "_meta", None)
    if meta is not None:
        return meta.concrete_model
    return model if isinstance(model, type) else type(model)


def register_object_rule(
    model: type,
    check: Callable[[Any, Any, str], bool],
    restrict: Callable[[Any, Any, str], Any] | None = None,
) -> None:
    rules = object_rules.setdefault(_concrete(model), [])
    if all(rule.check is not check for rule in rules):
        rules.append(ObjectRule(check=check, restrict=restrict))


def object_rules_for(model: Any) -> list[ObjectRule]:
    """The rules of a model (class or instance); an empty list for nearly every model."""
    return object_rules.get(_concrete(model), [])


def register_attachment_download_listener(model: type, listener: Callable[[Any, Any, Any], None]) -> None:
    listeners = attachment_download_listeners.setdefault(_concrete(model), [])
    if listener not in listeners:
        listeners.append(listener)


def attachment_download_listeners_for(model: Any) -> list[Callable[[Any, Any, Any], None]]:
    return attachment_download_listeners.get(_concrete(model), [])


# --- Text indexes ---------------------------------------------------------------------------------
# The "contains" searches of large tables (lists, exports, the global search) name the fields they
# search; core keeps them indexed (qsse/core/search_indexes.py: an FTS5 trigram table on SQLite; the
# apps' migrations add pg_trgm indexes on PostgreSQL) and filters through them (``text_filter``).


@dataclass(frozen=True)
class TextIndex:
    model: type
    fields: tuple[str, ...]

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.model._meta.get_field(name).column for name in self.fields)


text_indexes: dict[type, TextIndex] = {}


def register_text_index(model: type, *fields: str) -> None:
    """Index ``fields`` of ``model`` for "contains" searches (text fields, searched case-insensitively)."""
    if not fields:
        raise ValueError("A text index names at least one field")
    text_indexes[_concrete(model)] = TextIndex(_concrete(model), tuple(fields))

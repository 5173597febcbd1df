"""List pages: filters (django-filter), sorting, pagination and Excel export, scoped to the user."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.paginator import Paginator
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .choices import Operation
from .permissions import can

EXPORT_MAX_ROWS = 200_000


@dataclass(frozen=True)
class Column:
    """A column of a list page and of its Excel export. A cell value with an ``html`` property (a
    status badge, say) is shown as that HTML on the page and as ``str(value)`` in the export."""

    key: str  # attribute path on the row ("owner.full_name") or a callable's name
    label: Any
    sort: str | None = None  # ORM ordering expression, when sortable
    value: Callable[[Any], Any] | None = None  # how to compute the cell, when not an attribute path
    link: bool = False  # render as a link to the row's page

    def cell(self, row: Any) -> Any:
        if self.value is not None:
            return self.value(row)
        value: Any = row
        for part in self.key.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        display = getattr(row, f"get_{self.key}_display", None) if "." not in self.key else None
        return display() if callable(display) else value


class FilteredListView(TemplateView):
    """Subclasses set ``filterset_class``, ``columns`` and implement ``get_base_queryset``.

    ``?sort=<key>`` / ``?sort=-<key>`` sorts by a sortable column; ``?export=xlsx`` downloads the
    filtered rows as an Excel workbook.
    """

    template_name = "core/list.html"
    #: The table alone, answered to an htmx request (a filter changed, another page).
    table_template_name = "core/partials/_list_table.html"
    filterset_class: Any = None
    columns: Sequence[Column] = ()
    paginate_by = 50
    default_sort = ""
    title: Any = ""
    export_name = "export"
    create_url_name: str | None = None
    #: The model whose "add" button the page shows: ``can_create`` in the context says whether the user
    #: may create one (``qsse.core.permissions.can``).
    create_model: Any = None
    #: A panel of figures over the whole filtered set, loaded apart (htmx, on load) so that the table
    #: does not wait for it: ``stats_url`` in the context is this URL with the page's filters.
    stats_url_name: str | None = None

    def get_base_queryset(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.create_model is not None:
            context["can_create"] = can(self.request.user, Operation.CREATE, self.create_model)
        if self.stats_url_name:
            context["stats_url"] = url_with_filters(self.request, reverse(self.stats_url_name))
        return context

    def get_filterset(self):
        queryset = self.get_base_queryset()
        filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
        label_empty_choices(filterset.form)
        return filterset

    def sort_key(self) -> str:
        requested = self.request.GET.get("sort", self.default_sort)
        allowed = {c.key: c.sort for c in self.columns if c.sort}
        if requested.lstrip("-") in allowed:
            return requested
        return self.default_sort

    def sorted_queryset(self, queryset):
        key = self.sort_key()
        if not key:
            return queryset
        allowed = {c.key: c.sort for c in self.columns if c.sort}
        expression = allowed[key.lstrip("-")]
        descending = key.startswith("-")
        return queryset.order_by(
            f"-{expression}" if descending else expression, "-pk" if descending else "pk"
        )

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.filterset = self.get_filterset()
        queryset = self.sorted_queryset(self.filterset.qs)
        if request.GET.get("export") == "xlsx":
            return excel_response(queryset[:EXPORT_MAX_ROWS], self.columns, self.export_name)
        return self.render_list(queryset)

    def paginate(self, queryset):
        """The requested page of ``queryset`` (a Django ``Page``)."""
        return Paginator(queryset, self.paginate_by).get_page(self.request.GET.get("page"))

    def render_list(self, queryset) -> HttpResponse:
        page = self.paginate(queryset)
        context = self.get_context_data(
            filterset=self.filterset,
            page_obj=page,
            rows=[(row, [(column, column.cell(row)) for column in self.columns]) for row in page.object_list],
            columns=self.columns,
            current_sort=self.sort_key(),
            title=self.title,
            query_without_page=query_without(self.request, "page"),
            query_without_sort=query_without(self.request, "page", "sort"),
        )
        if self.request.htmx and not self.request.htmx.boosted:
            return self.response_class(self.request, self.table_template_name, context)
        return self.render_to_response(context)


def label_empty_choices(form) -> None:
    """Show "All" rather than "---------" as the empty choice of a filter's drop-downs."""
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField) and field.empty_label is not None:
            field.empty_label = _("All")


def url_with_filters(request: HttpRequest, url: str) -> str:
    """``url`` with the filters of the request (without page, sort or export)."""
    query = query_without(request, "page", "sort")
    return f"{url}?{query}" if query else url


def query_without(request: HttpRequest, *keys: str) -> str:
    """The request's query string without ``keys`` nor ``export`` (encoded, "" when nothing is left)."""
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    query.pop("export", None)
    return query.urlencode()


def _excel_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, date)):
        return value
    return str(value)


def excel_response(rows, columns: Sequence[Column], name: str) -> HttpResponse:
    """Write the rows to an .xlsx workbook (openpyxl write-only mode keeps memory flat)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(name)[:31])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows.iterator(chunk_size=2000) if hasattr(rows, "iterator") else rows:
        sheet.append([_excel_value(column.cell(row)) for column in columns])
    buffer = BytesIO()
    workbook.save(buffer)
    filename = f"{slugify(str(name))}-{timezone.localdate().isoformat()}.xlsx"
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

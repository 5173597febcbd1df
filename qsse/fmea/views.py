"""Pages of the FMEA module: list, header form, the worksheet (sorted and paginated in the database,
rows edited in place with htmx), actions and re-rating, Excel/PDF, settings, rating guides and the
action-priority tables. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView, query_without
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, require, user_person

from . import calculations, charts, excel, selectors, services
from .calculations import ApRule
from .choices import ActionPriorityLevel, FmeaStatus, PrioritisationMethod, RatingScale
from .filters import FmeaFilter
from .forms import (
    ApTableImportForm,
    FmeaForm,
    FunctionForm,
    LineActionForm,
    LineForm,
    RerateForm,
    SettingsForm,
    WorksheetImportForm,
)
from .models import ApTable, Fmea, FmeaLine, FmeaSettings, RatingGuide

LINES_PER_PAGE = 100
PDF_TEMPLATE = Path(__file__).resolve().parent / "reports" / "worksheet.typ"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_LANGUAGES = ("fr", "en")
PARETO_BARS = 20


class FmeaListView(LoginRequiredMixin, FilteredListView):
    template_name = "fmea/fmea_list.html"
    title = gettext_lazy("FMEA (AMDEC)")
    export_name = gettext_lazy("fmea")
    filterset_class = FmeaFilter
    default_sort = "-reference"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("process", gettext_lazy("Process"), sort="process__code"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("product", gettext_lazy("Product / part"), sort="product"),
        Column("leader", gettext_lazy("Team leader"), sort="leader__last_name"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("revision", gettext_lazy("Revision"), sort="revision"),
        Column("prioritisation_method", gettext_lazy("Prioritisation")),
    )

    def get_base_queryset(self):
        return selectors.fmea_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Operation.CREATE, Fmea)
        context["can_configure"] = can(self.request.user, Operation.EDIT, FmeaSettings)
        return context


def _get(request: HttpRequest, pk: int) -> Fmea:
    try:
        return selectors.fmea_get(request.user, pk)
    except Fmea.DoesNotExist as error:
        raise Http404 from error


def _get_line(request: HttpRequest, pk: int) -> FmeaLine:
    try:
        return selectors.line_get(request.user, pk)
    except FmeaLine.DoesNotExist as error:
        raise Http404 from error


def _require_edit(request: HttpRequest, fmea: Fmea) -> None:
    if not can(request.user, Operation.EDIT, fmea):
        raise PermissionDenied


@login_required
def fmea_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, Fmea):
        raise PermissionDenied
    form = FmeaForm(
        request.POST or None,
        user=request.user,
        initial={
            "prioritisation_method": selectors.current_settings().default_method,
            "leader": user_person(request.user),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = data.pop("team")
        try:
            fmea = services.fmea_create(user=request.user, team=team, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("FMEA %(reference)s created.") % {"reference": fmea.reference})
            return redirect(fmea)
    return render(request, "fmea/fmea_form.html", {"form": form, "title": _("New FMEA")})


@login_required
def fmea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fmea = _get(request, pk)
    _require_edit(request, fmea)
    form = FmeaForm(request.POST or None, instance=fmea, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        team = data.pop("team", None)
        try:
            services.fmea_update(user=request.user, fmea=_get(request, pk), team=team, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(fmea)
    return render(request, "fmea/fmea_form.html", {"form": form, "fmea": fmea, "title": _("Edit the FMEA")})


def _worksheet_params(request: HttpRequest, fmea: Fmea) -> dict[str, Any]:
    default_sort = selectors.default_line_sort(fmea.prioritisation_method)
    sort = request.GET.get("sort") or default_sort
    if sort.lstrip("-") not in selectors.LINE_SORTS:
        sort = default_sort
    ap = request.GET.get("ap", "")
    if ap not in ActionPriorityLevel.values:
        ap = ""
    try:
        min_rpn = max(0, min(1000, int(request.GET.get("min_rpn") or 0)))
    except ValueError:
        min_rpn = 0
    return {"sort": sort, "ap": ap, "min_rpn": min_rpn, "show_all": request.GET.get("all") == "1"}


def _worksheet_context(request: HttpRequest, fmea: Fmea) -> dict[str, Any]:
    params = _worksheet_params(request, fmea)
    queryset = selectors.worksheet_lines(
        fmea, sort=params["sort"], ap=params["ap"], min_rpn=params["min_rpn"]
    )
    paginator = Paginator(queryset, 10_000 if params["show_all"] else LINES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    fmea_settings = selectors.current_settings()
    return {
        "fmea": fmea,
        "params": params,
        "lines_page": page,
        "thresholds": selectors.thresholds_of(fmea_settings),
        "can_edit": can(request.user, Operation.EDIT, fmea) and fmea.status != FmeaStatus.APPROVED,
        "sort_columns": _sort_columns(),
        "query_without_sort": query_without(request, "page", "sort"),
        "ap_choices": ActionPriorityLevel.choices,
        "line_base": reverse("fmea:line_row", args=[0])[:-2],
        "action_base": reverse("actions:action_detail", args=[0])[:-2],
    }


def _sort_columns() -> list[tuple[str, str]]:
    return [
        ("position", _("No.")),
        ("process_step", _("Process step / function")),
        ("failure_mode", _("Failure mode")),
        ("severity", _("S")),
        ("occurrence", _("O")),
        ("detection", _("D")),
        ("rpn", _("RPN")),
        ("ap", _("AP")),
        ("revised_rpn", _("Revised RPN")),
    ]


@login_required
def fmea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fmea = _get(request, pk)
    context = _worksheet_context(request, fmea)
    if request.htmx and request.htmx.target == "worksheet":
        return render(request, "fmea/partials/_worksheet.html", context)
    thresholds = context["thresholds"]
    figures = selectors.fmea_figures(fmea, thresholds)
    by_rpn = fmea.prioritisation_method == PrioritisationMethod.RPN
    if by_rpn:
        rows = selectors.pareto_rows(fmea, PARETO_BARS)
        pareto = calculations.rpn_pareto(
            ((f"{position}. {mode}", rpn) for position, mode, rpn in rows), total=figures["rpn_total"] or 0
        )
        pareto_options = charts.rpn_pareto_chart(pareto, high_threshold=thresholds.high) if pareto else None
    else:
        pareto = calculations.ap_distribution(
            (("H", figures["ap_high"]), ("M", figures["ap_medium"]), ("L", figures["ap_low"]))
        )
        pareto_options = charts.ap_distribution_chart(pareto) if pareto else None
    rerated = selectors.rerated_rows(fmea)
    ap_table = selectors.active_ap_table()
    context.update(
        figures=figures,
        pareto=pareto,
        pareto_by_rpn=by_rpn,
        pareto_options=pareto_options,
        rerated=[(row, calculations.reduction_percent(row[2], row[3])) for row in rerated],
        before_after_options=charts.before_after_chart(rerated) if rerated else None,
        reduction_percent=calculations.reduction_percent(
            figures["rerated_rpn_before"] or 0, figures["rerated_rpn_after"] or 0
        ),
        functions=fmea.functions.all(),
        team=fmea.team.all(),
        ap_table=ap_table,
        line_form=LineForm(fmea=fmea, prefix="new"),
        function_form=FunctionForm(prefix="function"),
        can_approve=can(request.user, Operation.CLOSE, fmea),
        can_change_status=can(request.user, Operation.EDIT, fmea),
    )
    return render(request, "fmea/fmea_detail.html", context)


def _redirect_worksheet(fmea: Fmea) -> HttpResponse:
    return redirect(f"{fmea.get_absolute_url()}#worksheet")


@login_required
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    fmea = _get(request, pk)
    _require_edit(request, fmea)
    form = LineForm(request.POST, fmea=fmea, prefix="new")
    if form.is_valid():
        try:
            line = services.line_create(user=request.user, fmea=fmea, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Line %(position)s added: RPN %(rpn)s, AP %(ap)s.")
                % {"position": line.position, "rpn": line.rpn, "ap": line.ap or "—"},
            )
            return redirect(f"{fmea.get_absolute_url()}?sort=-position#worksheet")
    return render(
        request, "fmea/line_form.html", {"form": form, "fmea": fmea, "title": _("Add a line")}, status=400
    )


@login_required
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the row as a form (htmx) or a page; POST: save, then the row as displayed."""
    line = _get_line(request, pk)
    fmea = line.fmea
    _require_edit(request, fmea)
    form = LineForm(request.POST or None, instance=line, fmea=fmea, prefix=f"line-{line.pk}")
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            line = services.line_update(user=request.user, line=_get_line(request, pk), **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if request.htmx:
                return render(
                    request, "fmea/partials/_line_row.html", _row_context(request, _get_line(request, pk))
                )
            return _redirect_worksheet(fmea)
    template = "fmea/partials/_line_row_form.html" if request.htmx else "fmea/line_form.html"
    return render(
        request,
        template,
        {
            "form": form,
            "line": line,
            "fmea": fmea,
            "title": _("Edit line %(position)s") % {"position": line.position},
        },
        status=400 if request.method == "POST" else 200,
    )


def _row_context(request: HttpRequest, line: FmeaLine) -> dict[str, Any]:
    return {
        "line": line,
        "fmea": line.fmea,
        "can_edit": can(request.user, Operation.EDIT, line.fmea) and line.fmea.status != FmeaStatus.APPROVED,
        "thresholds": _thresholds(),
        "line_base": reverse("fmea:line_row", args=[0])[:-2],
        "action_base": reverse("actions:action_detail", args=[0])[:-2],
    }


def _thresholds():
    return selectors.thresholds_of(selectors.current_settings())


@login_required
def line_row(request: HttpRequest, pk: int) -> HttpResponse:
    """The row as displayed (the "cancel" of an in-place edit)."""
    line = _get_line(request, pk)
    return render(request, "fmea/partials/_line_row.html", _row_context(request, line))


@login_required
@require_POST
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = _get_line(request, pk)
    fmea = line.fmea
    try:
        services.line_delete(user=request.user, line=line)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _redirect_worksheet(fmea)


@login_required
def line_action(request: HttpRequest, pk: int) -> HttpResponse:
    line = _get_line(request, pk)
    fmea = line.fmea
    _require_edit(request, fmea)
    form = LineActionForm(
        request.POST or None,
        user=request.user,
        initial={"title": line.recommended_action or line.failure_mode, "owner": fmea.leader},
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.line_create_action(user=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Action %(reference)s created.") % {"reference": action.reference})
            return _redirect_worksheet(fmea)
    return render(request, "fmea/line_action_form.html", {"form": form, "line": line, "fmea": fmea})


@login_required
def line_rerate(request: HttpRequest, pk: int) -> HttpResponse:
    line = _get_line(request, pk)
    fmea = line.fmea
    _require_edit(request, fmea)
    form = RerateForm(
        request.POST or None,
        initial={
            "revised_severity": line.revised_severity or line.severity,
            "revised_occurrence": line.revised_occurrence or line.occurrence,
            "revised_detection": line.revised_detection or line.detection,
            "revised_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            line = services.line_rerate(user=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Line %(position)s re-rated: RPN %(before)s → %(after)s.")
                % {"position": line.position, "before": line.rpn, "after": line.revised_rpn},
            )
            return redirect(f"{fmea.get_absolute_url()}#before-after")
    return render(request, "fmea/line_rerate_form.html", {"form": form, "line": line, "fmea": fmea})


@login_required
@require_POST
def fmea_status(request: HttpRequest, pk: int) -> HttpResponse:
    fmea = _get(request, pk)
    try:
        services.fmea_set_status(user=request.user, fmea=fmea, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(fmea)


@login_required
@require_POST
def function_add(request: HttpRequest, pk: int) -> HttpResponse:
    fmea = _get(request, pk)
    _require_edit(request, fmea)
    form = FunctionForm(request.POST, prefix="function")
    if form.is_valid():
        try:
            services.function_add(user=request.user, fmea=fmea, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("The function needs its process step and its description."))
    return redirect(f"{fmea.get_absolute_url()}#functions")


@login_required
@require_POST
def function_remove(request: HttpRequest, pk: int, function_pk: int) -> HttpResponse:
    fmea = _get(request, pk)
    function = fmea.functions.filter(pk=function_pk).first()
    if function is None:
        raise Http404
    try:
        services.function_remove(user=request.user, function=function)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{fmea.get_absolute_url()}#functions")


def _export_lines(request: HttpRequest, fmea: Fmea):
    params = _worksheet_params(request, fmea)
    return selectors.worksheet_lines(fmea, sort=params["sort"], ap=params["ap"], min_rpn=params["min_rpn"])


@login_required
def worksheet_export(request: HttpRequest, pk: int) -> HttpResponse:
    fmea = _get(request, pk)
    content = excel.export_worksheet(fmea, _export_lines(request, fmea))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(fmea.reference)}.xlsx"'
    return response


@login_required
def worksheet_import(request: HttpRequest, pk: int) -> HttpResponse:
    fmea = _get(request, pk)
    _require_edit(request, fmea)
    form = WorksheetImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = excel.parse_worksheet(form.cleaned_data["file"])
            created = services.lines_import(user=request.user, fmea=fmea, rows=rows)
        except excel.WorksheetError as error:
            errors = error.messages
        except ValidationError as error:
            errors = [line for message in error.messages for line in message.split("\n")]
        else:
            messages.success(request, _("%(count)s lines imported.") % {"count": len(created)})
            return _redirect_worksheet(fmea)
    return render(
        request,
        "fmea/worksheet_import.html",
        {"form": form, "fmea": fmea, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def worksheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The worksheet as PDF, in ``?lang=fr|en`` (default: the interface language)."""
    fmea = _get(request, pk)
    language = request.GET.get("lang")
    if language not in PDF_LANGUAGES:
        language = translation.get_language() or "fr"
    with translation.override(language):
        return _worksheet_pdf_response(request, fmea)


def _worksheet_pdf_response(request: HttpRequest, fmea: Fmea) -> HttpResponse:
    lines = _export_lines(request, fmea)
    data = {
        "labels": {
            "title": _("FMEA"),
            "kind": _("Kind"),
            "process": _("Process"),
            "product": _("Product / part"),
            "leader": _("Team leader"),
            "team": _("Team"),
            "status": _("Status"),
            "revision": _("Revision"),
            "printed": _("Printed on"),
            "columns": [
                _("No."),
                _("Process step / item"),
                _("Failure mode"),
                _("Effect"),
                _("S"),
                _("Cause"),
                _("Prevention"),
                _("O"),
                _("Detection control"),
                _("D"),
                _("RPN"),
                _("AP"),
                _("Recommended action"),
                _("Action"),
                _("Revised S/O/D"),
                _("Revised RPN/AP"),
            ],
        },
        "fmea": {
            "reference": fmea.reference,
            "title": fmea.title,
            "kind": fmea.get_kind_display(),
            "process": str(fmea.process or "—"),
            "product": fmea.product or "—",
            "leader": str(fmea.leader or "—"),
            "team": ", ".join(str(person) for person in fmea.team.all()) or "—",
            "status": fmea.get_status_display(),
            "revision": fmea.revision,
            "printed": timezone.localdate(),
        },
        "lines": [
            [
                str(line.position),
                line.process_step,
                line.failure_mode,
                line.effect,
                str(line.severity),
                line.cause,
                line.prevention_controls,
                str(line.occurrence),
                line.detection_controls,
                str(line.detection),
                str(line.rpn),
                line.ap or "—",
                line.recommended_action,
                f"{line.action.reference} ({line.action.get_status_display()})" if line.action_id else "",
                f"{line.revised_severity}/{line.revised_occurrence}/{line.revised_detection}"
                if line.revised_rpn is not None
                else "",
                f"{line.revised_rpn} / {line.revised_ap or '—'}" if line.revised_rpn is not None else "",
            ]
            for line in lines
        ],
    }
    response = HttpResponse(render_pdf(PDF_TEMPLATE, data), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slugify(fmea.reference)}-{translation.get_language()}.pdf"'
    )
    return response


# --- Settings, rating guides, AP tables --------------------------------------------------------


@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    fmea_settings = selectors.current_settings()
    can_edit = can(request.user, Operation.EDIT, FmeaSettings)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = SettingsForm(request.POST or None, instance=fmea_settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("FMEA settings saved."))
            return redirect("fmea:settings")
    tables = ApTable.objects.all()
    active = selectors.active_ap_table()
    return render(
        request,
        "fmea/settings.html",
        {
            "form": form,
            "can_edit": can_edit,
            "tables": tables,
            "active_table": active,
            "import_form": ApTableImportForm(),
            "matrix": _ap_matrix(selectors.ap_rules_of(active)) if active else None,
        },
    )


def _ap_matrix(rules: list[ApRule]) -> list[tuple[int, list[tuple[int, list[str]]]]]:
    """For display: severity → occurrence → the AP for D = 1..10."""
    lookup = calculations.ap_lookup(rules)
    return [
        (s, [(o, [lookup.get((s, o, d), "") for d in range(1, 11)]) for o in range(10, 0, -1)])
        for s in range(10, 0, -1)
    ]


CSV_COLUMNS = (
    "severity_min",
    "severity_max",
    "occurrence_min",
    "occurrence_max",
    "detection_min",
    "detection_max",
    "priority",
)


def parse_ap_csv(content: bytes) -> list[ApRule]:
    """Rules from a CSV file (header with CSV_COLUMNS; comma or semicolon). Raises ValidationError
    naming the line and column of each unreadable value."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not a UTF-8 CSV file.")) from error
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise ValidationError(_("The file is empty."))
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    rules, errors = [], []
    for number, raw in enumerate(reader, start=2):
        row = {(key or "").strip().lower(): (value or "").strip() for key, value in raw.items()}
        values: list[Any] = []
        for name in CSV_COLUMNS[:-1]:
            try:
                values.append(int(row[name]))
            except ValueError:
                errors.append(
                    _("Line %(line)s, column %(column)s: “%(value)s” is not a whole number.")
                    % {"line": number, "column": name, "value": row[name]}
                )
        values.append(row["priority"].upper())
        if len(values) == len(CSV_COLUMNS):
            rules.append(ApRule(*values))
    if errors:
        raise ValidationError(errors)
    return rules


@login_required
@require_POST
def ap_table_import(request: HttpRequest) -> HttpResponse:
    require(request.user, Operation.CREATE, ApTable)
    form = ApTableImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rules = parse_ap_csv(form.cleaned_data["file"].read())
            table = services.ap_table_import(
                user=request.user,
                name=form.cleaned_data["name"],
                source=form.cleaned_data["source"],
                rules=rules,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Action-priority table “%(name)s” loaded and put in use.") % {"name": table}
            )
    else:
        messages.error(request, _("Give the table a name and choose a CSV file."))
    return redirect("fmea:settings")


@login_required
@require_POST
def ap_table_activate(request: HttpRequest, pk: int) -> HttpResponse:
    table = ApTable.objects.filter(pk=pk).first()
    if table is None:
        raise Http404
    count = services.ap_table_activate(user=request.user, table=table)
    messages.success(request, _("Table put in use; %(count)s lines changed priority.") % {"count": count})
    return redirect("fmea:settings")


@login_required
def rating_guides(request: HttpRequest) -> HttpResponse:
    can_edit = can(request.user, Operation.EDIT, RatingGuide)
    guides = selectors.rating_guides()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        errors = []
        for scale in RatingScale.values:
            for level in range(1, 11):
                meaning = request.POST.get(f"{scale}-{level}-meaning", "").strip()
                criteria = request.POST.get(f"{scale}-{level}-criteria", "")
                if not meaning:
                    errors.append(
                        _("%(scale)s %(level)s: the meaning is required.")
                        % {"scale": RatingScale(scale).label, "level": level}
                    )
                    continue
                current = next((g for g in guides[scale] if g.level == level), None)
                if current and current.meaning == meaning and current.criteria == criteria.strip():
                    continue
                services.rating_guide_save(
                    user=request.user, scale=scale, level=level, meaning=meaning, criteria=criteria
                )
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, _("Rating guides saved."))
        return redirect("fmea:rating_guides")
    tables = []
    for scale, label in RatingScale.choices:
        by_level = {guide.level: guide for guide in guides[scale]}
        tables.append((scale, label, [(level, by_level.get(level)) for level in range(10, 0, -1)]))
    return render(request, "fmea/rating_guides.html", {"tables": tables, "can_edit": can_edit})


def ap_table_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the rules of a table as CSV (to check or edit them, then load them again)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    table = ApTable.objects.filter(pk=pk).first()
    if table is None:
        raise Http404
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for rule in selectors.ap_rules_of(table):
        writer.writerow(
            [
                rule.severity_min,
                rule.severity_max,
                rule.occurrence_min,
                rule.occurrence_max,
                rule.detection_min,
                rule.detection_max,
                rule.priority,
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(table.name)}.csv"'
    return response

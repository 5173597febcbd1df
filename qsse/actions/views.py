"""Pages of the action plan: list, my actions, Kanban board, detail, forms, workflow steps, iCal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from qsse.core.choices import Operation
from qsse.core.listing import Column, FilteredListView, url_with_filters
from qsse.core.permissions import Scope, can, grant

from . import calculations, selectors, services
from .calendar_feed import calendar_ics, calendar_token, user_from_token
from .choices import ActionStatus
from .filters import ActionBoardFilter, ActionFilter
from .forms import ActionForm, EfficacyForm, StatusForm
from .models import Action

BOARD_CARD_LIMIT = 50


def _days_late_cell(action: Action) -> int | None:
    return action.days_late or None


class ActionListView(LoginRequiredMixin, FilteredListView):
    template_name = "actions/action_list.html"
    title = gettext_lazy("Action plan")
    export_name = "actions"
    filterset_class = ActionFilter
    default_sort = "due_on"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("type", gettext_lazy("Type"), sort="type"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("priority", gettext_lazy("Priority"), sort="priority"),
        Column("owner", gettext_lazy("Owner"), sort="owner__last_name"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("process", gettext_lazy("Process"), sort="process__code"),
        Column("origin_label", gettext_lazy("Origin")),
        Column("due_on", gettext_lazy("Due date"), sort="due_on"),
        Column("progress", gettext_lazy("Progress (%)"), sort="progress"),
        Column("days_late", gettext_lazy("Days late"), value=_days_late_cell),
    )

    stats_url_name = "actions:action_stats"

    def get_base_queryset(self):
        return selectors.action_list(self.request.user)

    create_model = Action
    # The figures above the table follow the filters too (out-of-band swap, then reloaded).
    table_template_name = "actions/partials/_action_table.html"


class ActionStatsView(ActionListView):
    """The progress figures of the filtered actions: the fragment the list page loads with htmx, or
    a page of its own (the list page links to it for browsers without JavaScript)."""

    list_url_name = "actions:action_list"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filterset = self.get_filterset()
        context = {
            "stats": selectors.action_queryset_stats(filterset.qs, user=request.user),
            "title": self.title,
            "list_url": url_with_filters(request, reverse(self.list_url_name)),
        }
        if request.htmx and not request.htmx.boosted:
            return render(request, "actions/partials/_action_stats.html", context)
        return render(request, "actions/action_stats.html", context)


class ActionMineView(ActionListView):
    title = gettext_lazy("My actions")
    export_name = "my-actions"
    stats_url_name = "actions:action_mine_stats"

    def get_base_queryset(self):
        return selectors.action_mine(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ical_url = self.request.build_absolute_uri(
            reverse("actions:action_ical", args=[calendar_token(self.request.user)])
        )
        return super().get_context_data(ical_url=ical_url, is_mine=True, **kwargs)


class ActionMineStatsView(ActionStatsView):
    title = gettext_lazy("My actions")
    list_url_name = "actions:action_mine"

    def get_base_queryset(self):
        return selectors.action_mine(self.request.user)


class ActionBoardView(LoginRequiredMixin, TemplateView):
    template_name = "actions/action_board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filterset = ActionBoardFilter(
            self.request.GET or None, queryset=selectors.action_list(self.request.user), request=self.request
        )
        columns = selectors.action_board(self.request.user, filterset.qs, limit=BOARD_CARD_LIMIT)
        choices = [(s.value, str(s.label)) for s in ActionStatus if s != ActionStatus.CHECKED]
        # The status menu of a card: the same options for every card of a column, written once.
        board = [
            (
                column,
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    (
                        (value, " selected" if value == column.status else "", label)
                        for value, label in choices
                    ),
                ),
            )
            for column in columns
        ]
        return super().get_context_data(
            filterset=filterset,
            columns=columns,
            board=board,
            card_limit=BOARD_CARD_LIMIT,
            checked_days=selectors.BOARD_CHECKED_DAYS,
            filter_query=self.request.GET.urlencode(),
            board_url=self.request.get_full_path(),
            board_texts={"failed": _("The status could not be changed; the card is back in its column.")},
            **kwargs,
        )


def _origin_url(user: Any, action: Action) -> str:
    origin = action.origin if action.origin_content_type_id else None
    if origin is None or not hasattr(origin, "get_absolute_url") or not can(user, Operation.VIEW, origin):
        return ""
    return origin.get_absolute_url()


def _detail_response(
    request: HttpRequest, action: Action, efficacy_form: EfficacyForm | None = None, status=200
):
    user = request.user
    can_edit = can(user, Operation.EDIT, action)
    moves = (
        [s for s in ActionStatus if calculations.status_move_allowed(action.status, s)] if can_edit else []
    )
    context = {
        "action": action,
        "origin_url": _origin_url(user, action),
        "follow_ups": action.follow_ups.select_related("owner").order_by("pk"),
        "can_edit": can_edit,
        "can_check": services.can_check_efficacy(user, action),
        "moves": moves,
        "efficacy_form": efficacy_form or EfficacyForm(),
        "statuses": ActionStatus,
    }
    return render(request, "actions/action_detail.html", context, status=status)


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_response(request, selectors.action_get(request.user, pk))


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _origin_from_query(request: HttpRequest):
    """The record named by ``origin_type`` (content type id) and ``origin_id``, if visible, else 404."""
    data = request.POST if request.method == "POST" else request.GET
    type_id, object_id = data.get("origin_type"), data.get("origin_id")
    if not type_id or not object_id:
        return None
    try:
        content_type = ContentType.objects.get_for_id(int(type_id))
        model = content_type.model_class()
        origin = model._default_manager.get(pk=int(object_id)) if model else None
    except (ValueError, ObjectDoesNotExist) as error:
        raise Http404 from error
    if origin is None or not can(request.user, Operation.VIEW, origin):
        raise Http404
    return origin


@login_required
def action_create(request: HttpRequest) -> HttpResponse:
    if grant(request.user, Operation.CREATE, Action) is Scope.NONE:
        raise PermissionDenied
    origin = _origin_from_query(request)
    initial: dict[str, Any] = {}
    if origin is not None:
        initial = {"site": getattr(origin, "site", None), "process": getattr(origin, "process", None)}
    form = ActionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(user=request.user, origin=origin, **form.cleaned_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Action %(reference)s created.") % {"reference": action.reference})
            return redirect(action)
    return render(
        request,
        "actions/action_form.html",
        {
            "form": form,
            "origin": origin,
            "origin_type": request.GET.get("origin_type") or request.POST.get("origin_type", ""),
            "origin_id": request.GET.get("origin_id") or request.POST.get("origin_id", ""),
        },
    )


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(request.user, pk)
    if not can(request.user, Operation.EDIT, action):
        raise PermissionDenied
    # The ModelForm writes into its instance while validating; the service gets an untouched one.
    form = ActionForm(
        request.POST or None, instance=selectors.action_get(request.user, pk), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(user=request.user, action=action, **form.cleaned_fields())
        except ValidationError as error:
            _apply_errors(form, error)
            action = selectors.action_get(request.user, pk)
        else:
            messages.success(request, _("Action %(reference)s saved.") % {"reference": action.reference})
            return redirect(action)
    return render(request, "actions/action_form.html", {"form": form, "action": action})


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request: HttpRequest, action: Action) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(action)


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the status (buttons of the detail page, Kanban drop or its keyboard alternative)."""
    action = selectors.action_get(request.user, pk)
    form = StatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["status"][0])
        services.action_set_status(user=request.user, action=action, status=form.cleaned_data["status"])
    except PermissionDenied:
        message = _("You are not allowed to change the status of this action.")
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": message}, status=403)
        raise
    except ValidationError as error:
        message = " ".join(error.messages)
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": message}, status=400)
        messages.error(request, message)
        return _back(request, action)
    if _wants_json(request):
        return JsonResponse(
            {"ok": True, "status": action.status, "status_label": str(action.get_status_display())}
        )
    messages.success(
        request,
        _("%(reference)s is now “%(status)s”.")
        % {"reference": action.reference, "status": action.get_status_display()},
    )
    return _back(request, action)


@login_required
@require_POST
def action_efficacy(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(request.user, pk)
    if not can(request.user, Operation.CLOSE, action):
        raise PermissionDenied
    form = EfficacyForm(request.POST)
    if form.is_valid():
        try:
            result = services.action_check_efficacy(
                user=request.user,
                action=action,
                result=form.cleaned_data["result"],
                comment=form.cleaned_data["comment"],
                checked_on=form.cleaned_data["checked_on"],
                follow_up=form.cleaned_data["follow_up"] or None,
            )
        except ValidationError as error:
            _apply_errors(form, error)
            action = selectors.action_get(request.user, pk)
        else:
            if result is not None and result.pk != action.pk:
                messages.success(
                    request,
                    _("Efficacy check recorded; follow-up action %(reference)s created.")
                    % {"reference": result.reference},
                )
                return redirect(result)
            if result is not None and result.status == ActionStatus.IN_PROGRESS:
                messages.success(request, _("Efficacy check recorded; the action is reopened."))
            else:
                messages.success(request, _("Efficacy check recorded."))
            return redirect(action)
    return _detail_response(request, action, efficacy_form=form)


@login_required
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) then delete (POST) an action entered by mistake."""
    action = selectors.action_get(request.user, pk)
    if not can(request.user, Operation.DELETE, action):
        raise PermissionDenied
    if request.method == "POST":
        reference = action.reference
        try:
            services.action_delete(user=request.user, action=action)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(action)
        messages.success(request, _("Action %(reference)s deleted.") % {"reference": reference})
        return redirect("actions:action_list")
    return render(request, "actions/action_confirm_delete.html", {"action": action})


def action_ical(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar of the token's user (no session: calendar applications subscribe to it)."""
    user = user_from_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(calendar_ics(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="openqsse-actions.ics"'
    return response

"""Pages of management reviews and process reviews. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView
from qsse.core.permissions import can, user_person

from . import minutes, selectors, services
from .filters import ManagementReviewFilter, ProcessReviewFilter
from .forms import DecisionForm, InputCommentForm, ManagementReviewForm, ProcessReviewForm
from .models import ManagementReview, ProcessReview

# --- Lists ---------------------------------------------------------------------------------------


class ManagementReviewListView(LoginRequiredMixin, FilteredListView):
    template_name = "reviews/management_review_list.html"
    title = gettext_lazy("Management reviews")
    export_name = gettext_lazy("management reviews")
    filterset_class = ManagementReviewFilter
    default_sort = "-held_on"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("held_on", gettext_lazy("Date"), sort="held_on"),
        Column(
            "site",
            gettext_lazy("Scope"),
            sort="site__name",
            value=lambda row: str(row.site) if row.site_id else _("Whole organisation"),
        ),
        Column("chair", gettext_lazy("Chaired by"), sort="chair__last_name"),
        Column("period_start", gettext_lazy("Period from"), sort="period_start"),
        Column("period_end", gettext_lazy("Period to"), sort="period_end"),
        Column("status", gettext_lazy("Status"), sort="status"),
    )

    def get_base_queryset(self):
        return selectors.management_review_list(self.request.user)

    create_model = ManagementReview


class ProcessReviewListView(LoginRequiredMixin, FilteredListView):
    template_name = "reviews/process_review_list.html"
    title = gettext_lazy("Process reviews")
    export_name = gettext_lazy("process reviews")
    filterset_class = ProcessReviewFilter
    default_sort = "-held_on"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("process", gettext_lazy("Process"), sort="process__code"),
        Column("held_on", gettext_lazy("Date"), sort="held_on"),
        Column("owner", gettext_lazy("Led by"), sort="owner__last_name"),
        Column("period_start", gettext_lazy("Period from"), sort="period_start"),
        Column("period_end", gettext_lazy("Period to"), sort="period_end"),
        Column("status", gettext_lazy("Status"), sort="status"),
    )

    def get_base_queryset(self):
        return selectors.process_review_list(self.request.user)

    create_model = ProcessReview


# --- Shared helpers ------------------------------------------------------------------------------


def _get(request: HttpRequest, kind: str, pk: int) -> ManagementReview | ProcessReview:
    if kind not in ("management", "process"):
        raise Http404
    if kind == "process":
        return selectors.process_review_get(request.user, pk)
    return selectors.management_review_get(request.user, pk)


def _require_edit(request: HttpRequest, review: ManagementReview | ProcessReview) -> None:
    """A signed review is read-only for everyone."""
    if review.is_signed or not can(request.user, Operation.EDIT, review):
        raise PermissionDenied


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _detail_context(request: HttpRequest, review, **extra: Any) -> dict[str, Any]:
    user = request.user
    is_process = isinstance(review, ProcessReview)
    can_edit = not review.is_signed and can(user, Operation.EDIT, review)
    context = {
        "review": review,
        "is_process": is_process,
        "kind": "process" if is_process else "management",
        "can_edit": can_edit,
        "can_collect": can_edit and not review.inputs_are_frozen,
        "can_freeze": can_edit and not is_process and review.status == "draft" and review.inputs_collected_at,
        "can_hold": can_edit and review.status != "held" and review.inputs_collected_at is not None,
        "can_sign": review.status == "held" and services.can_sign(user, review),
        "cards": selectors.review_input_cards(review),
        "decisions": list(selectors.review_decisions(review)),
        "decision_form": DecisionForm(
            user=user, initial={"owner": user_person(user), "due_on": timezone.localdate()}
        ),
        "participants": list(review.participants.all()),
    }
    context.update(extra)
    return context


def _detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    review = _get(request, kind, pk)
    return render(request, "reviews/review_detail.html", _detail_context(request, review))


def _workflow(request: HttpRequest, kind: str, pk: int, step, done_message: str) -> HttpResponse:
    review = _get(request, kind, pk)
    try:
        step(user=request.user, review=review)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, done_message)
    return redirect(review.get_absolute_url())


# --- Management reviews --------------------------------------------------------------------------


@login_required
def management_review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, "management", pk)


@login_required
def management_review_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, ManagementReview):
        raise PermissionDenied
    today = timezone.localdate()
    initial = {
        "title": _("Management review %(year)s") % {"year": today.year - 1},
        "held_on": today,
        "period_start": today.replace(year=today.year - 1, month=1, day=1),
        "period_end": today.replace(year=today.year - 1, month=12, day=31),
        "chair": user_person(user),
        "language": request.LANGUAGE_CODE[:2] if request.LANGUAGE_CODE[:2] in ("fr", "en") else "fr",
    }
    form = ManagementReviewForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.management_review_create(user=user, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Review %(reference)s created.") % {"reference": review.reference})
            return redirect(review.get_absolute_url())
    return render(request, "reviews/review_form.html", {"form": form, "is_process": False, "review": None})


@login_required
def management_review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.management_review_get(request.user, pk)
    _require_edit(request, review)
    form = ManagementReviewForm(
        request.POST or None, instance=review, user=request.user, frozen=review.inputs_are_frozen
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if review.inputs_are_frozen:
            for name in ("period_start", "period_end", "site"):
                fields.pop(name, None)
        try:
            services.management_review_update(user=request.user, review=review, **fields)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Review saved."))
            return redirect(review.get_absolute_url())
    return render(request, "reviews/review_form.html", {"form": form, "is_process": False, "review": review})


@login_required
@require_POST
def management_review_collect(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request, "management", pk, services.management_review_collect_inputs, _("Inputs collected.")
    )


@login_required
@require_POST
def management_review_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, "management", pk, services.management_review_freeze_inputs, _("Inputs frozen."))


@login_required
@require_POST
def management_review_held(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, "management", pk, services.management_review_mark_held, _("Review held."))


@login_required
@require_POST
def management_review_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, "management", pk, services.management_review_sign, _("Review signed."))


# --- Process reviews -----------------------------------------------------------------------------


@login_required
def process_review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, "process", pk)


@login_required
def process_review_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, ProcessReview):
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"held_on": today, "period_start": today.replace(month=1, day=1), "period_end": today}
    if request.GET.get("process"):
        initial["process"] = request.GET["process"]
    form = ProcessReviewForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.process_review_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Review %(reference)s created.") % {"reference": review.reference})
            return redirect(review.get_absolute_url())
    return render(request, "reviews/review_form.html", {"form": form, "is_process": True, "review": None})


@login_required
def process_review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.process_review_get(request.user, pk)
    _require_edit(request, review)
    form = ProcessReviewForm(request.POST or None, instance=review, user=request.user, editing=True)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "process"}
        if fields.get("owner") is None:
            fields["owner"] = review.owner
        try:
            services.process_review_update(user=request.user, review=review, **fields)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Review saved."))
            return redirect(review.get_absolute_url())
    return render(request, "reviews/review_form.html", {"form": form, "is_process": True, "review": review})


@login_required
@require_POST
def process_review_collect(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, "process", pk, services.process_review_collect_inputs, _("Inputs collected."))


@login_required
@require_POST
def process_review_held(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, "process", pk, services.process_review_mark_held, _("Review held."))


@login_required
@require_POST
def process_review_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, "process", pk, services.process_review_sign, _("Review signed."))


# --- Inputs, decisions and minutes (both kinds) --------------------------------------------------


@login_required
def input_comment(request: HttpRequest, kind: str, pk: int, entry_pk: int) -> HttpResponse:
    """The manager's comment on one input, edited in place (htmx) or on a page of its own."""
    review = _get(request, kind, pk)
    entry = selectors.input_entry_get(review, entry_pk)
    card = next(card for card in selectors.review_input_cards(review) if card.entry.pk == entry.pk)
    can_edit = not review.is_signed and can(request.user, Operation.EDIT, review)
    editing = request.method == "POST" or request.GET.get("edit") == "1"
    if editing and not can_edit:
        raise PermissionDenied
    form = InputCommentForm(request.POST or None, initial={"comment": entry.comment})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.review_input_comment_set(
                user=request.user, entry=entry, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            card = next(card for card in selectors.review_input_cards(review) if card.entry.pk == entry.pk)
            editing = False
            if not request.htmx:
                messages.success(request, _("Comment saved."))
                return redirect(f"{review.get_absolute_url()}#input-{entry.pk}")
    context = {
        "review": review,
        "card": card,
        "kind": kind,
        "can_edit": can_edit,
        "editing": editing,
        "form": form,
    }
    return render(request, "reviews/partials/_input_comment.html", context)


@login_required
def decision_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    review = _get(request, kind, pk)
    if review.is_signed or not can(request.user, Operation.EDIT, review):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.review_decision_create(user=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if not request.htmx:
                messages.success(
                    request,
                    _("Decision recorded: action %(reference)s.") % {"reference": decision.action.reference},
                )
                return redirect(f"{review.get_absolute_url()}#decisions")
            form = DecisionForm(
                user=request.user,
                initial={"owner": form.cleaned_data["owner"], "due_on": form.cleaned_data["due_on"]},
            )
    context = _detail_context(request, review, decision_form=form)
    template = "reviews/partials/_decisions.html" if request.htmx else "reviews/review_detail.html"
    return render(request, template, context)


@login_required
def minutes_pdf(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    review = _get(request, kind, pk)
    lang = minutes.minutes_language(review, request.GET.get("lang"))
    pdf = minutes.minutes_pdf(request.user, review, lang)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{review.reference}-{lang}.pdf"'
    return response

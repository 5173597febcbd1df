"""Pages of the interested parties and of the regulatory and normative context."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView
from qsse.core.permissions import can
from qsse.organization import selectors as organization_selectors

from .. import calculations, selectors, services
from ..choices import Quadrant
from ..filters import PartyFilter
from ..forms import PartyForm, SummaryForm
from ..models import (
    ContextSummary,
    InterestedParty,
)
from ._common import _require

# --- Interested parties ------------------------------------------------------------------------


def _party_processes(row: InterestedParty) -> str:
    return ", ".join(process.code for process in row.processes.all())


def _party_quadrant(row: InterestedParty) -> str:
    return str(Quadrant(calculations.power_interest_quadrant(row.influence, row.interest)).label)


class PartyListView(LoginRequiredMixin, FilteredListView):
    template_name = "context/party_list.html"
    title = gettext_lazy("Interested parties")
    export_name = gettext_lazy("interested parties")
    filterset_class = PartyFilter
    default_sort = "category"
    columns = (
        Column("name", gettext_lazy("Name"), sort="name", link=True),
        Column("category", gettext_lazy("Category"), sort="category"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column(
            "expectations", gettext_lazy("Needs and expectations"), value=lambda r: r.expectations or r.needs
        ),
        Column("influence", gettext_lazy("Influence"), sort="influence"),
        Column("interest", gettext_lazy("Interest"), sort="interest"),
        Column("quadrant", gettext_lazy("Strategy"), value=_party_quadrant),
        Column(
            "is_relevant",
            pgettext_lazy("interested party", "Relevant"),
            value=lambda r: _("yes") if r.is_relevant else _("no"),
        ),
        Column("processes", gettext_lazy("Processes"), value=_party_processes),
        Column("review_on", gettext_lazy("Next review"), sort="review_on"),
    )

    def get_base_queryset(self):
        return selectors.party_list(self.request.user)

    create_model = InterestedParty


@login_required
def party_create(request: HttpRequest) -> HttpResponse:
    _require(request, Operation.CREATE, InterestedParty)
    form = PartyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            party = services.party_create(
                user=request.user, name=data.pop("name"), category=data.pop("category"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” is recorded.") % {"name": party.name})
            return redirect("context:party_list")
    return render(request, "context/party_form.html", {"form": form, "title": _("New interested party")})


@login_required
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    party = selectors.party_get(request.user, pk)
    can_edit = can(request.user, Operation.EDIT, party)
    form = PartyForm(request.POST or None, instance=party, user=request.user)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        _require(request, Operation.EDIT, party)
        if form.is_valid():
            try:
                services.party_update(user=request.user, party=party, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("context:party_list")
    return render(
        request,
        "context/party_form.html",
        {"form": form, "party": party, "can_edit": can_edit, "title": party.name},
    )


@login_required
@require_POST
def party_delete(request: HttpRequest, pk: int) -> HttpResponse:
    party = selectors.party_get(request.user, pk)
    services.party_delete(user=request.user, party=party)
    messages.success(request, _("“%(name)s” is deleted.") % {"name": party.name})
    return redirect("context:party_list")


@login_required
def party_grid(request: HttpRequest) -> HttpResponse:
    grid = selectors.party_grid(request.user)
    # Drawn as Mendelow's grid: influence up, interest to the right.
    boxes = [
        [
            (Quadrant.KEEP_SATISFIED, grid[Quadrant.KEEP_SATISFIED]),
            (Quadrant.MANAGE_CLOSELY, grid[Quadrant.MANAGE_CLOSELY]),
        ],
        [(Quadrant.MONITOR, grid[Quadrant.MONITOR]), (Quadrant.KEEP_INFORMED, grid[Quadrant.KEEP_INFORMED])],
    ]
    return render(
        request,
        "context/party_grid.html",
        {"boxes": boxes, "counts": selectors.party_counts_by_category(request.user)},
    )


# --- Context summary ---------------------------------------------------------------------------


@login_required
def summary_view(request: HttpRequest) -> HttpResponse:
    summaries = selectors.summary_list(request.user)
    organisation = next((s for s in summaries if s.site_id is None), None)
    by_site = {s.site_id: s for s in summaries if s.site_id}
    sites = [(site, by_site.get(site.pk)) for site in organization_selectors.site_list(request.user)]
    return render(
        request,
        "context/summary.html",
        {
            "organisation": organisation,
            "sites": sites,
            "can_edit": can(request.user, Operation.EDIT, ContextSummary),
        },
    )


@login_required
def summary_edit(request: HttpRequest) -> HttpResponse:
    site = None
    if request.GET.get("site"):
        site = get_object_or_404(organization_selectors.site_list(request.user), pk=request.GET["site"])
    summary = ContextSummary.objects.filter(site=site).first()
    if summary is None:
        _require(request, Operation.CREATE, ContextSummary, site_id=getattr(site, "pk", None))
    else:
        _require(request, Operation.EDIT, summary)
    form = SummaryForm(request.POST or None, instance=summary)
    if request.method == "POST" and form.is_valid():
        try:
            services.summary_save(user=request.user, site=site, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The context summary is saved."))
            return redirect("context:summary")
    return render(request, "context/summary_form.html", {"form": form, "site": site})

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_filters import CharFilter, FilterSet, ModelChoiceFilter

from qsse.core.listing import Column, FilteredListView

from . import selectors
from .models import Person, Site


class OverviewView(LoginRequiredMixin, TemplateView):
    template_name = "organization/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organization=selectors.organization_get(),
            sites=selectors.site_overview(self.request.user),
            **kwargs,
        )


class PersonFilter(FilterSet):
    q = CharFilter(method="search", label=_("Name"))
    site = ModelChoiceFilter(queryset=Site.objects.all(), label=_("Site"))

    class Meta:
        model = Person
        fields = ["q", "site", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(last_name__icontains=value) | queryset.filter(first_name__icontains=value)


class PersonListView(LoginRequiredMixin, FilteredListView):
    title = _("People")
    export_name = "people"
    filterset_class = PersonFilter
    default_sort = "last_name"
    columns = (
        Column("last_name", _("Last name"), sort="last_name"),
        Column("first_name", _("First name"), sort="first_name"),
        Column("job_title", _("Job title"), sort="job_title"),
        Column("site", _("Site"), sort="site__name"),
        Column("department", _("Department")),
        Column("role", _("Role"), sort="role"),
        Column("email", _("E-mail")),
    )

    def get_base_queryset(self):
        return selectors.person_list(self.request.user)

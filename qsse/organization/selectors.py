from django.db.models import Count, QuerySet

from qsse.core.permissions import user_site_ids

from .models import Organization, Person, Site


def site_list(user) -> QuerySet[Site]:
    """Sites the user may see."""
    site_ids = user_site_ids(user)
    queryset = Site.objects.filter(is_active=True).select_related("organization")
    return queryset if site_ids is None else queryset.filter(pk__in=site_ids)


def person_list(user) -> QuerySet[Person]:
    """People of the user's sites (and those attached to no site)."""
    site_ids = user_site_ids(user)
    queryset = Person.objects.filter(is_active=True).select_related("site", "department", "work_unit", "user")
    if site_ids is not None:
        from django.db.models import Q

        queryset = queryset.filter(Q(site__in=site_ids) | Q(site__isnull=True))
    return queryset


def site_overview(user) -> QuerySet[Site]:
    return (
        site_list(user)
        .annotate(people_count=Count("people", distinct=True))
        .prefetch_related("departments", "work_units")
    )


def organization_get() -> Organization | None:
    """The organisation this installation manages (one per installation)."""
    return Organization.objects.order_by("pk").first()

"""Test data for the organisation: sites and people with a user account in a given role."""

import factory
from django.contrib.auth import get_user_model

from qsse.core.choices import Role
from qsse.organization.models import Organization, Person, Site, WorkUnit


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["legal_name"]

    legal_name = "Mécanique Bourbonnaise de Précision SAS"
    siret = "12345678900011"
    naf_code = "25.62B"
    headcount = 125


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ["code"]

    organization = factory.SubFactory(OrganizationFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    name = factory.Sequence(lambda n: f"Site {n}")
    headcount = 50


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Work unit {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234-word")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    site = factory.SubFactory(SiteFactory)
    role = Role.READER

    @factory.post_generation
    def scope(obj, create, extracted, **kwargs):  # noqa: N805
        """Scope the person to ``extracted`` sites (default: their own site)."""
        if not create:
            return
        sites = extracted if extracted is not None else ([obj.site] if obj.site else [])
        obj.scope_sites.set(sites)


def make_member(role: str, *, site: Site, username: str | None = None, all_sites: bool = False) -> Person:
    """A person with a user account (password ``pass-1234-word``) in ``role``, scoped to ``site``."""
    user = UserFactory(username=username) if username else UserFactory()
    return PersonFactory(role=role, site=site, user=user, has_all_sites=all_sites, email=user.email)

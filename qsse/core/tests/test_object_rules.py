"""The object-rule extension point (qsse.core.registry.register_object_rule): a domain's own condition,
asked by ``can`` and ``scope_queryset`` after role and site, on its model only; and the attachment
download listeners told by core's download view."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qsse.core import registry
from qsse.core.choices import Operation, Role
from qsse.core.models import Attachment, Comment
from qsse.core.permissions import can, scope_queryset
from qsse.nonconformities.models import Nonconformity
from qsse.organization.models import Site

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def rules(monkeypatch):
    """Empty registries for the test (the apps' own rules stay untouched outside it)."""
    monkeypatch.setattr(registry, "object_rules", {})
    monkeypatch.setattr(registry, "attachment_download_listeners", {})


def make_nc(site, reference, title):
    return Nonconformity.objects.create(
        reference=reference, title=title, site=site, detected_on=date(2026, 3, 2)
    )


@pytest.fixture
def hidden_rule(rules):
    """A rule on nonconformities: those titled "Secret" are refused to every role but the QSSE manager."""
    calls = []

    def check(user, obj, operation):
        calls.append((user.username, obj.reference, operation))
        return obj.title != "Secret" or user.username == "manager"

    def restrict(user, queryset, operation):
        return queryset if user.username == "manager" else queryset.exclude(title="Secret")

    registry.register_object_rule(Nonconformity, check, restrict)
    return calls


def test_the_rule_is_asked_after_role_and_site_with_user_object_and_operation(hidden_rule, member, site_a):
    reader = member(Role.READER, username="reader")
    secret = make_nc(site_a, "NC-2026-0001", "Secret")
    plain = make_nc(site_a, "NC-2026-0002", "Burr")
    assert can(reader.user, Operation.VIEW, secret) is False
    assert can(reader.user, Operation.VIEW, plain) is True
    assert hidden_rule == [("reader", "NC-2026-0001", "view"), ("reader", "NC-2026-0002", "view")]
    # The role refuses editing before the rule is asked: the rule never grants, and costs nothing then.
    assert can(reader.user, Operation.EDIT, plain) is False
    assert len(hidden_rule) == 2
    # A creation (a model class, no record yet) is not the rule's business.
    contributor = member(Role.CONTRIBUTOR, username="contributor")
    assert can(contributor.user, Operation.CREATE, Nonconformity, site_id=site_a.pk) is True
    assert len(hidden_rule) == 2
    manager = member(Role.QSSE_MANAGER, username="manager")
    assert can(manager.user, Operation.DELETE, secret) is True
    assert hidden_rule[-1] == ("manager", "NC-2026-0001", "delete")


def test_lists_are_narrowed_by_the_restriction(hidden_rule, member, site_a):
    make_nc(site_a, "NC-2026-0001", "Secret")
    make_nc(site_a, "NC-2026-0002", "Burr")
    reader = member(Role.READER, username="reader")
    manager = member(Role.QSSE_MANAGER, username="manager")
    visible = scope_queryset(reader.user, Nonconformity.objects.order_by("reference"))
    assert list(visible.values_list("reference", flat=True)) == ["NC-2026-0002"]
    every = scope_queryset(manager.user, Nonconformity.objects.order_by("reference"))
    assert list(every.values_list("reference", flat=True)) == ["NC-2026-0001", "NC-2026-0002"]


def test_other_models_are_unaffected(hidden_rule, member, site_a):
    reader = member(Role.READER, username="reader")
    assert can(reader.user, Operation.VIEW, site_a) is True
    assert scope_queryset(reader.user, Site.objects.all()).count() == 1
    assert hidden_rule == []
    assert registry.object_rules_for(Site) == []
    assert [rule.check.__name__ for rule in registry.object_rules_for(Nonconformity)] == ["check"]


def test_registering_twice_keeps_one_rule(rules):
    def check(user, obj, operation):
        return True

    registry.register_object_rule(Nonconformity, check)
    registry.register_object_rule(Nonconformity, check)
    assert len(registry.object_rules_for(Nonconformity)) == 1


def test_core_attachment_and_comment_views_follow_the_rule(hidden_rule, client, member, site_a):
    secret = make_nc(site_a, "NC-2026-0001", "Secret")
    manager = member(Role.QSSE_MANAGER, username="manager")
    attachment = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(secret),
        object_id=secret.pk,
        file=SimpleUploadedFile("evidence.pdf", PDF),
        original_name="evidence.pdf",
        size=len(PDF),
        mime_type="application/pdf",
        uploaded_by=manager.user,
    )
    contributor = member(Role.CONTRIBUTOR, username="contributor")
    client.force_login(contributor.user)
    content_type_id = ContentType.objects.get_for_model(secret).pk
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 404
    upload_url = reverse("core:attachment_upload", args=[content_type_id, secret.pk])
    response = client.post(upload_url, {"file": SimpleUploadedFile("more.pdf", PDF)})
    assert response.status_code == 404
    comment_url = reverse("core:comment_add", args=[content_type_id, secret.pk])
    assert client.post(comment_url, {"body": "Seen"}).status_code == 404
    assert client.post(reverse("core:attachment_delete", args=[attachment.pk])).status_code == 404
    assert (Attachment.objects.count(), Comment.objects.count()) == (1, 0)


def test_download_listeners_are_told_of_allowed_downloads_only(hidden_rule, client, member, site_a):
    told = []
    registry.register_attachment_download_listener(
        Nonconformity,
        lambda request, target, attachment: told.append(
            (request.user.username, target.pk, attachment.original_name)
        ),
    )
    secret = make_nc(site_a, "NC-2026-0001", "Secret")
    manager = member(Role.QSSE_MANAGER, username="manager")
    attachment = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(secret),
        object_id=secret.pk,
        file=SimpleUploadedFile("evidence.pdf", PDF),
        original_name="evidence.pdf",
        size=len(PDF),
        mime_type="application/pdf",
        uploaded_by=manager.user,
    )
    url = reverse("core:attachment_download", args=[attachment.pk])
    client.force_login(member(Role.READER, username="reader").user)
    assert client.get(url).status_code == 404
    assert told == []
    client.force_login(manager.user)
    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF
    assert told == [("manager", secret.pk, "evidence.pdf")]
    assert registry.attachment_download_listeners_for(Site) == []

"""Mechanisms every domain shares: numbering, attachments, comments, business events, notifications."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ReferenceCounter(models.Model):
    """Last number handed out for a prefix and a year (``NC-2026-0042``)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_counter")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class GenericLinkMixin(models.Model):
    """Points at any record (a non-conformity, an action, later an audit finding...)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    content_type = instance.content_type
    return f"attachments/{content_type.app_label}/{content_type.model}/{instance.object_id}/{filename}"


class Attachment(GenericLinkMixin):
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    mime_type = models.CharField(_("type"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta(GenericLinkMixin.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_target_idx")]

    def __str__(self) -> str:
        return self.original_name


class Comment(GenericLinkMixin):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta(GenericLinkMixin.Meta):
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="comment_target_idx")]

    def __str__(self) -> str:
        return self.body[:50]


class BusinessEvent(GenericLinkMixin):
    """An explicit step of a workflow written by a service ("NC closed", "efficacy checked")."""

    verb = models.CharField(_("event"), max_length=60)
    detail = models.TextField(_("detail"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True)

    class Meta(GenericLinkMixin.Meta):
        verbose_name = _("business event")
        verbose_name_plural = _("business events")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="event_target_idx")]

    def __str__(self) -> str:
        return self.verb


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    dedup_key = models.CharField(max_length=120, blank=True, db_index=True)
    is_read = models.BooleanField(_("read"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "is_read"])]

    def __str__(self) -> str:
        return self.subject

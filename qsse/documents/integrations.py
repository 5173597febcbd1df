"""What document control plugs into the shell: menus, global search, and the rules core's shared
attachments, comments and history panels must follow on documents (confidentiality levels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.core.registry import (
        NavItem,
        register_attachment_download_listener,
        register_nav_item,
        register_object_rule,
        register_search,
        register_text_index,
    )

    from . import access, selectors
    from .models import Document, DocumentVersion, DownloadLog, ReadRequest, Signature, SignatureAttempt

    register_nav_item(
        NavItem(menu="quality", label=_("Documents"), url_name="documents:document_list", order=10)
    )
    register_nav_item(
        NavItem(menu="quality", label=_("Documents to read"), url_name="documents:to_read", order=11)
    )
    register_text_index(Document, "reference", "title")
    register_search(selectors.search)
    # Core asks these after role and site (qsse.core.permissions.can and scope_queryset): a document
    # the user may not see gets no attachment, comment or history through core either.
    register_object_rule(Document, access.document_rule, access.documents_restrict)
    register_object_rule(DocumentVersion, access.version_rule, access.versions_restrict)
    for model in (Signature, SignatureAttempt, ReadRequest, DownloadLog):
        register_object_rule(model, access.version_part_rule)
    # A rule only decides (it is asked many times a page, to show or hide buttons); the download of
    # an attachment is told to this listener by core's download view, once allowed, and logged.
    register_attachment_download_listener(Document, attachment_downloaded)
    register_attachment_download_listener(DocumentVersion, attachment_downloaded)


def attachment_downloaded(request, target, attachment) -> None:
    """An attachment of a document (or of one of its versions) downloaded through core: for a
    confidential document, logged like its own downloads — against the version in force (the latest
    one while none is), ``what`` "attachment" and the file's name."""
    from . import services
    from .models import DocumentVersion

    if isinstance(target, DocumentVersion):
        version = target
    else:
        version = target.current_version or target.versions.order_by("-major", "-minor").first()
        if version is None:
            return
        version.document = target
    services.download_record(
        user=request.user,
        version=version,
        what="attachment",
        ip_address=request.META.get("REMOTE_ADDR"),
        detail=attachment.original_name,
    )

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .choices import Operation
from .models import Attachment, Notification
from .permissions import can
from .registry import attachment_download_listeners_for, dashboard_widgets, search_providers


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    widgets = []
    for widget in dashboard_widgets:
        template_name, context = widget(request)
        widgets.append(render_to_string(template_name, context, request=request))
    return render(request, "core/dashboard.html", {"widgets": widgets})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = []
    if len(query) >= 2:
        for provider in search_providers:
            results.extend(provider(request.user, query, 20))
    template = "core/partials/_search_results.html" if request.htmx else "core/search.html"
    return render(request, template, {"query": query, "results": results})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user)[:200]
    return render(request, "core/notification_list.html", {"notifications": notifications})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification.is_read = True
    notification.save(update_fields=["is_read"])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, is_read=False).update(is_read=True)
    return redirect("core:notification_list")


def _target(request: HttpRequest, content_type_id: int, object_id: int):
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise Http404
    target = get_object_or_404(model, pk=object_id)
    if not can(request.user, Operation.VIEW, target):
        raise Http404
    return target


def _back(request: HttpRequest, target) -> HttpResponse:
    return redirect(target.get_absolute_url())


@login_required
@require_POST
def attachment_upload(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    target = _target(request, content_type_id, object_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return _back(request, target)
    try:
        services.attachment_add(
            user=request.user, target=target, upload=upload, description=request.POST.get("description", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file “%(name)s” is attached.") % {"name": upload.name})
    return _back(request, target)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    target = attachment.content_object
    if target is None or not can(request.user, Operation.VIEW, target):
        raise Http404
    for listener in attachment_download_listeners_for(target):
        listener(request, target, attachment)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    target = attachment.content_object
    if target is None or not can(request.user, Operation.VIEW, target):
        raise Http404
    services.attachment_delete(user=request.user, attachment=attachment)
    messages.success(request, _("The attachment is removed."))
    return _back(request, target)


@login_required
@require_POST
def comment_add(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    target = _target(request, content_type_id, object_id)
    try:
        services.comment_add(user=request.user, target=target, body=request.POST.get("body", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _back(request, target)

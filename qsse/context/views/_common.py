"""What the pages of the context module share."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from qsse.core.permissions import can


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _require(request: HttpRequest, operation: str, obj: Any, **kwargs: Any) -> None:
    if not can(request.user, operation, obj, **kwargs):
        raise PermissionDenied

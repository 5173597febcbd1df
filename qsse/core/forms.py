"""Form helpers shared by every app: HTML5 date widgets, Bootstrap classes, service errors on a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

__all__ = ["DateInput", "DateTimeInput", "apply_service_errors", "save_through_service", "style_fields"]

#: Widgets drawn as Bootstrap check or radio boxes ("form-check-input"). CheckboxSelectMultiple is a
#: RadioSelect in Django; it is named for whoever reads this.
CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


class DateInput(forms.DateInput):
    """A browser date picker (``<input type="date">``); its value is written as the ISO date it expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A browser date and time picker (``<input type="datetime-local">``), to the minute."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def widget_classes(widget: forms.Widget, small: bool = False) -> str:
    """The Bootstrap classes that suit a widget.

    Selects (single, multiple, yes/no) get "form-select"; check boxes and radio buttons, single or in a
    list, "form-check-input"; a colour picker "form-control form-control-color"; any other input
    "form-control". ``small`` adds the "-sm" size to selects and inputs (check boxes and colour pickers
    have no small size).
    """
    if isinstance(widget, CHECK_WIDGETS):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select form-select-sm" if small else "form-select"
    if getattr(widget, "input_type", "") == "color":
        return "form-control form-control-color"
    return "form-control form-control-sm" if small else "form-control"


def style_fields(form: forms.BaseForm, small: bool = False, *, checks: bool = True) -> None:
    """Put the Bootstrap classes on every widget of ``form`` (see ``widget_classes``).

    A class already on a widget stays first; a class the widget already has is not added twice, so
    calling this again (say, once in a form and once in the filter set showing it) changes nothing.

    ``checks=False`` leaves check boxes and radio buttons as they are. It is for a form whose template
    draws a RadioSelect or CheckboxSelectMultiple whole (``{{ form.field }}``): Django puts the widget's
    class on the ``<div>`` around the boxes too, and "form-check-input" would shrink that ``<div>`` to
    a 1em box. A template that draws each box in a ``form-check`` (``{% for box in form.field %}``)
    wants the class.
    """
    for field in form.fields.values():
        widget = field.widget
        if not checks and isinstance(widget, CHECK_WIDGETS):
            continue
        classes = widget.attrs.get("class", "").split()
        classes += [name for name in widget_classes(widget, small).split() if name not in classes]
        widget.attrs["class"] = " ".join(classes)


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a service's ValidationError to ``form``, so that the page shows it where it belongs.

    An error naming fields (``ValidationError({"due_on": ...})``) goes on each field that the form has,
    and on the form's non-field errors for a field it does not have; a plain ValidationError goes on the
    non-field errors.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def save_through_service[Saved](
    request: HttpRequest,
    form: forms.BaseForm,
    service: Callable[..., Saved],
    success_message: str,
    **arguments: Any,
) -> Saved | None:
    """Run the service behind a posted form, the way every create and edit page does.

    When the request is a POST and ``form`` is valid, calls
    ``service(user=request.user, **arguments, **form.cleaned_data)``: the ``arguments`` are what the
    page knows and the form does not ask (the record being edited, its parent). On success the
    ``success_message`` is queued and the service's result returned, for the page to redirect to it.
    A ``ValidationError`` of the service lands on the form's fields (``apply_service_errors``) and
    ``None`` is returned, as for a GET or an invalid form: the page then draws the form again.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = service(user=request.user, **arguments, **form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, success_message)
    return saved

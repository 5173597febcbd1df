"""The form helpers shared by the apps: date widgets, Bootstrap classes, service errors."""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from qsse.core.forms import DateInput, DateTimeInput, apply_service_errors, style_fields


class ColourInput(forms.TextInput):
    input_type = "color"


class EveryWidgetForm(forms.Form):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea)
    count = forms.IntegerField()
    due_on = forms.DateField(widget=DateInput())
    starts_at = forms.DateTimeField(widget=DateTimeInput())
    report = forms.FileField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])
    answer = forms.NullBooleanField()
    is_active = forms.BooleanField(required=False)
    result = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    rules = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    colour = forms.CharField(widget=ColourInput)
    code = forms.CharField(widget=forms.TextInput(attrs={"class": "font-monospace"}))


def classes(form: forms.Form) -> dict[str, str]:
    return {name: field.widget.attrs.get("class") for name, field in form.fields.items()}


def test_every_kind_of_widget_gets_its_bootstrap_class():
    form = EveryWidgetForm()
    style_fields(form)
    assert classes(form) == {
        "name": "form-control",
        "notes": "form-control",
        "count": "form-control",
        "due_on": "form-control",
        "starts_at": "form-control",
        "report": "form-control",
        "kind": "form-select",
        "tags": "form-select",
        "answer": "form-select",
        "is_active": "form-check-input",
        "result": "form-check-input",
        "rules": "form-check-input",
        "colour": "form-control form-control-color",
        "code": "font-monospace form-control",
    }


def test_small_size_on_selects_and_inputs_only():
    form = EveryWidgetForm()
    style_fields(form, small=True)
    found = classes(form)
    assert found["name"] == "form-control form-control-sm"
    assert found["due_on"] == "form-control form-control-sm"
    assert found["kind"] == "form-select form-select-sm"
    assert found["tags"] == "form-select form-select-sm"
    assert found["is_active"] == found["result"] == found["rules"] == "form-check-input"
    assert found["colour"] == "form-control form-control-color"
    assert found["code"] == "font-monospace form-control form-control-sm"


def test_calling_it_again_adds_no_class_twice():
    form = EveryWidgetForm()
    style_fields(form)
    first = classes(form)
    style_fields(form)
    assert classes(form) == first
    style_fields(form, small=True)
    assert form.fields["name"].widget.attrs["class"] == "form-control form-control-sm"
    assert form.fields["code"].widget.attrs["class"] == "font-monospace form-control form-control-sm"
    assert form.fields["is_active"].widget.attrs["class"] == "form-check-input"


def test_a_class_set_on_a_check_widget_stays():
    class Form(forms.Form):
        kind = forms.ChoiceField(
            choices=[("a", "A")], widget=forms.RadioSelect(attrs={"class": "form-check-input"})
        )
        flag = forms.BooleanField(widget=forms.CheckboxInput(attrs={"class": "me-1"}))

    form = Form()
    style_fields(form)
    assert classes(form) == {"kind": "form-check-input", "flag": "me-1 form-check-input"}


def test_the_classes_reach_the_html():
    form = EveryWidgetForm()
    style_fields(form, small=True)
    assert 'class="form-select form-select-sm"' in str(form["kind"])
    assert 'type="checkbox" name="is_active" class="form-check-input"' in str(form["is_active"])
    # Each box of a list gets it, and so (Django's doing) does the <div> around them.
    rules = str(form["rules"])
    assert rules.count('class="form-check-input"') == 3
    assert '<div id="id_rules" class="form-check-input">' in rules
    assert all('class="form-check-input"' in str(box.tag()) for box in form["rules"])


def test_checks_can_be_left_alone_for_a_list_drawn_whole():
    form = EveryWidgetForm()
    style_fields(form, small=True, checks=False)
    found = classes(form)
    assert found["is_active"] is found["result"] is found["rules"] is None
    assert found["name"] == "form-control form-control-sm"
    assert found["kind"] == "form-select form-select-sm"
    assert "class=" not in str(form["rules"])


def test_date_widgets_are_browser_pickers_with_the_format_they_expect():
    form = EveryWidgetForm(
        initial={"due_on": datetime.date(2026, 3, 4), "starts_at": datetime.datetime(2026, 3, 4, 9, 5, 30)}
    )
    due_on, starts_at = str(form["due_on"]), str(form["starts_at"])
    assert 'type="date"' in due_on and 'value="2026-03-04"' in due_on
    assert 'type="datetime-local"' in starts_at and 'value="2026-03-04T09:05"' in starts_at
    assert DateInput(attrs={"min": "2026-01-01"}).attrs == {"min": "2026-01-01"}


def test_date_widgets_read_back_what_they_write():
    class Form(forms.Form):
        due_on = forms.DateField(widget=DateInput())
        starts_at = forms.DateTimeField(widget=DateTimeInput())

    form = Form(data={"due_on": "2026-03-04", "starts_at": "2026-03-04T09:05"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_on"] == datetime.date(2026, 3, 4)
    assert form.cleaned_data["starts_at"].replace(tzinfo=None) == datetime.datetime(2026, 3, 4, 9, 5)


class DueForm(forms.Form):
    title = forms.CharField()
    due_on = forms.DateField(required=False)


def bound_due_form() -> DueForm:
    form = DueForm(data={"title": "Fix the guard"})
    assert form.is_valid()
    return form


def test_errors_naming_fields_go_on_those_fields():
    form = bound_due_form()
    apply_service_errors(
        form, ValidationError({"due_on": "The due date is past.", "title": ["Too vague.", "Already taken."]})
    )
    assert form.errors["due_on"] == ["The due date is past."]
    assert form.errors["title"] == ["Too vague.", "Already taken."]
    assert form.non_field_errors() == []
    assert "due_on" not in form.cleaned_data


def test_an_error_naming_a_field_the_form_lacks_is_a_non_field_error():
    form = bound_due_form()
    apply_service_errors(form, ValidationError({"owner": "The owner has left.", "due_on": "Past."}))
    assert form.non_field_errors() == ["The owner has left."]
    assert form.errors["due_on"] == ["Past."]
    assert "owner" not in form.errors


def test_a_non_field_key_stays_a_non_field_error():
    form = bound_due_form()
    apply_service_errors(form, ValidationError({NON_FIELD_ERRORS: "The record is locked."}))
    assert form.non_field_errors() == ["The record is locked."]


def test_a_plain_error_is_a_non_field_error():
    form = bound_due_form()
    apply_service_errors(form, ValidationError("The plan is frozen."))
    assert form.non_field_errors() == ["The plan is frozen."]
    assert not form.has_error("title") and not form.has_error("due_on")


def test_a_list_of_plain_errors_keeps_every_message():
    form = bound_due_form()
    apply_service_errors(form, ValidationError(["First.", ValidationError("Second %(n)s.", params={"n": 2})]))
    assert form.non_field_errors() == ["First.", "Second 2."]
    assert not form.is_valid()

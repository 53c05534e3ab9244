from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message next to its field, the rest
    at the top, so the user sees why nothing was saved and keeps what they typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# ---------------------------------------------------------------- dates
# Every date field in a form is this one (tests/common/test_date_fields.py checks it): one
# widget (the browser's date picker, which shows dd.mm.åååå in Danish) and one message for a
# date that cannot be read, naming the format.
DATE_FORMAT_TEXT = "dd.mm.åååå"
DATE_INVALID = f"Skriv en gyldig dato som {DATE_FORMAT_TEXT}."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-input", **(attrs or {})}, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date in a form: the shared widget, and a Danish message that names the format."""

    widget = DateInput
    default_error_messages = {"invalid": DATE_INVALID, "required": "Skriv datoen."}

    def __init__(self, *, required_message: str = "", **kwargs):
        errors = dict(kwargs.pop("error_messages", None) or {})
        errors.pop("invalid", None)  # the format's message is the same everywhere
        if required_message:
            errors["required"] = required_message
        super().__init__(error_messages=errors, **kwargs)


def date_field(
    label: str, *, required: bool = True, required_message: str = "", help_text: str = "", **kwargs
) -> DateField:
    return DateField(
        label=label,
        required=required,
        required_message=required_message,
        help_text=help_text,
        **kwargs,
    )


# ---------------------------------------------------------------- required, optional, or when
def required_when(field: forms.Field, when: str) -> forms.Field:
    """A field the form cannot require by itself (the service decides, from another answer):
    the shared field template shows "(when)" instead of "(valgfrit)", so the label never says
    a field is optional when it is not."""
    field.required_when = when  # type: ignore[attr-defined]
    return field


class AnswerField(forms.ChoiceField):
    """A question whose answers include "Ved ikke" (value "unknown"): always answered, so the
    field is required and no "(valgfrit)" is shown; a missing answer counts as "Ved ikke"."""

    UNKNOWN = "unknown"

    def to_python(self, value):
        value = super().to_python(value)
        return value or self.UNKNOWN


# ---------------------------------------------------------------- the searchable multi-select
class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    """A multi-select drawn as DKFDS checkboxes, grouped when the choices are grouped (the FFB
    themes under their areas). Without JavaScript it is a plain grouped checkbox list;
    hjemvej/multiselect.js adds the search field. The shared field template wraps it in a
    fieldset with the field's label as legend."""

    template_name = "common/widgets/searchable_checkboxes.html"

    def __init__(self, *, search_label: str = "Søg i listen", empty_text: str = "", **kwargs):
        super().__init__(**kwargs)
        self.search_label = search_label
        self.empty_text = empty_text or "Ingen passer til søgningen."

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_label"] = self.search_label
        context["widget"]["empty_text"] = self.empty_text
        return context

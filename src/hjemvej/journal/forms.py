from typing import cast

from django import forms

from hjemvej.accounts.models import Unit
from hjemvej.common.forms import DateField
from hjemvej.journal.models import Note

SELECT = forms.Select(attrs={"class": "form-select"})


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="Notattype",
        choices=[("", "Vælg type")] + list(Note.Kind.choices),
        widget=SELECT,
        error_messages={"required": "Vælg notattypen."},
    )
    occurred_on = DateField(
        label="Dato",
        required_message="Skriv datoen.",
    )
    text = forms.CharField(
        label="Notat",
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 8}),
        error_messages={"required": "Skriv notatet."},
    )
    sensitivity = forms.ChoiceField(
        label="Følsomme oplysninger",
        choices=Note.Sensitivity.choices,
        required=False,
        widget=SELECT,
        help_text="Følsomme notater vises kun for borgerens sagsbehandlere og medarbejderne på den enhed, der skrev dem.",
    )
    unit = forms.ModelChoiceField(
        label="Enhed", queryset=Unit.objects.none(), widget=SELECT, empty_label=None
    )
    sign = forms.BooleanField(
        label="Underskriv notatet nu (kan derefter ikke ændres)", required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = units if units is not None else Unit.objects.none()
        unit.label_from_instance = lambda u: u.name  # type: ignore[method-assign,assignment]
        # The units read once, in one plain query, for the select (no empty choice): its
        # options and its `required` check each read them again otherwise, each through a
        # server-side cursor on PostgreSQL. Validation still asks the queryset.
        options = unit.iterator(unit)
        unit.widget.choices = [options.choice(u) for u in unit.queryset]

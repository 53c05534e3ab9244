from django import forms

from hjemvej.accounts.models import Role


class RoleMappingForm(forms.Form):
    claim_value = forms.CharField(
        label="Gruppe eller rolle hos identitetsudbyderen",
        max_length=200,
        help_text=(
            "Gruppens objekt-id eller navn, som udbyderen sender det i kravet "
            "(fx Entra ID's gruppe-id eller en app-rolle)."
        ),
        widget=forms.TextInput(attrs={"class": "form-input"}),
        error_messages={"required": "Skriv gruppens eller rollens navn eller id hos udbyderen."},
    )
    unit = forms.ChoiceField(
        label="Enhed",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "Vælg en enhed.",
            "invalid_choice": "Vælg en af din kommunes enheder.",
        },
    )
    role = forms.ChoiceField(
        label="Rolle i enheden",
        choices=[("", "Vælg")] + list(Role.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg en rolle."},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.uuid): u for u in units}
        self.fields["unit"].choices = [("", "Vælg")] + [  # type: ignore[attr-defined]
            (key, f"{u.name} ({u.municipality.name})") for key, u in self.units.items()
        ]

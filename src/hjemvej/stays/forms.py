from django import forms

from hjemvej.accounts.models import Municipality
from hjemvej.common.forms import DateField
from hjemvej.offers.forms import FactsForm
from hjemvej.people import cpr as cprlib
from hjemvej.stays import dst, rules

DST_HELP = "Til Danmarks Statistiks kvartalsopgørelse af §110-ophold."
# The help text of the codes at each kind of offer (dst.ENDED_HOW_LISTS says which are reported).
DST_HELPS = {
    "sel110": DST_HELP,
    "sel101": "Til Danmarks Statistiks opgørelse af stofmisbrugsbehandling (§101).",
}
ADULT_HELP = "Til Danmarks Statistiks opgørelse af afgørelser og indsatser for voksne."


def _code_field(label: str, list_name: str, day, *, help_text: str = DST_HELP):
    return forms.ChoiceField(
        label=label,
        choices=[("", "Ikke oplyst")] + dst.choices_on(list_name, day),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=help_text,
        error_messages={"invalid_choice": "Vælg en af koderne på listen."},
    )


def add_admission_codes(form: forms.Form, day, legal_basis: str = "sel110") -> None:
    """The codes recorded when a stay starts (dst.start_fields), from DST's lists valid on
    `day`: at a shelter the stay type and where the citizen stayed before, at a §101 treatment
    offer the form of treatment."""
    fields = dst.start_fields(legal_basis)
    if "stay_type" in fields:
        form.fields["stay_type"] = _code_field("Opholdstype", "stay_type", day)
        form.fields["stayed_before"] = _code_field(
            "Opholdssted før indskrivning",
            "stayed_before",
            day,
            help_text="Hvor borgeren boede eller opholdt sig lige før. " + DST_HELP,
        )
    if "treatment_form" in fields:
        form.fields["treatment_form"] = _code_field(
            "Behandlingsform",
            "treatment_form",
            day,
            help_text="Ambulant behandling, dagbehandling eller døgnbehandling. "
            + DST_HELPS["sel101"],
        )


def add_ended_how(form: forms.Form, day, legal_basis: str = "sel110") -> None:
    """How the stay, treatment or offer ended, from the list of the offer's legal basis."""
    list_name = dst.ended_how_list(legal_basis)
    if list_name is None:
        return
    label = {
        "ended_how": "Hvordan opholdet sluttede",
        "treatment_ended_how": "Hvordan behandlingen sluttede",
    }.get(list_name, "Hvordan indsatsen sluttede")
    form.fields["ended_how"] = _code_field(
        label, list_name, day, help_text=DST_HELPS.get(legal_basis, ADULT_HELP)
    )


def _room_field(rooms):
    return forms.ChoiceField(
        label="Værelse",
        choices=[("", "Første ledige værelse")] + [(str(r.pk), r.name) for r in rooms],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class AdmitForm(FactsForm):
    def __init__(
        self,
        *args,
        rooms=(),
        ahead: int = 0,
        ahead_text: str = "",
        dst_on=None,
        dst_basis: str = "sel110",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["started_on"] = DateField(label="Indflytningsdato")
        self.fields["planned_end_on"] = DateField(label="Planlagt fraflytning", required=False)
        if dst_on is not None:
            add_admission_codes(self, dst_on, dst_basis)
        if rooms:
            self.fields["room"] = _room_field(rooms)
        if ahead:
            # The waiting list's order is kept: admitting ahead of it needs a reason.
            self.fields["out_of_turn_reason"] = forms.CharField(
                label="Begrundelse for optagelse uden for tur",
                max_length=1000,
                widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
                help_text=(
                    f"{ahead_text.capitalize()} på ventelisten har ventet længere. Skriv hvorfor "
                    "borgeren optages nu. Begrundelsen gemmes på opholdet og i logningen."
                ),
                error_messages={
                    "required": "Skriv hvorfor borgeren optages foran dem, der har ventet længere."
                },
            )


class ArrivalForm(AdmitForm):
    """A citizen arrives at the shelter on their own request: find them by CPR, or register."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cpr"] = forms.CharField(
            label="CPR-nummer",
            max_length=11,
            widget=forms.TextInput(
                attrs={"class": "form-input", "inputmode": "numeric", "autocomplete": "off"}
            ),
            error_messages={"required": "Skriv borgerens CPR-nummer."},
        )
        self.fields["first_name"] = forms.CharField(
            label="Fornavn(e)",
            required=False,
            max_length=100,
            widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
            help_text="Kun hvis borgeren ikke er kendt i Hjemvej.",
        )
        self.fields["last_name"] = forms.CharField(
            label="Efternavn",
            required=False,
            max_length=100,
            widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
            help_text="Kun hvis borgeren ikke er kendt i Hjemvej.",
        )
        self.fields["acting_municipality"] = forms.ModelChoiceField(
            label="Handlekommune",
            queryset=Municipality.objects.all(),
            required=False,
            widget=forms.Select(attrs={"class": "form-select"}),
            help_text="Kun hvis borgeren ikke er kendt i Hjemvej.",
        )
        order = ["cpr", "first_name", "last_name", "acting_municipality", "started_on"]
        self.order_fields(order)

    def clean_cpr(self):
        from django.core.exceptions import ValidationError

        try:
            return cprlib.clean_cpr(self.cleaned_data["cpr"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None


class DischargeForm(forms.Form):
    ended_on = DateField(label="Fraflytningsdato")
    destination = forms.ChoiceField(
        label="Fraflyttet til",
        choices=[("", "Vælg")] + rules.DESTINATION_CHOICES,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg hvor borgeren flytter hen."},
        help_text="Bruges også til den nationale hjemløsetælling.",
    )
    occupation_after = forms.ChoiceField(
        label="Arbejde eller uddannelse efter opholdet",
        choices=[("", "Ikke oplyst")] + rules.OCCUPATION_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="Bruges i tilbuddets årlige resultatopgørelse.",
    )
    reason = forms.CharField(
        label="Årsag til udskrivning",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )

    def __init__(self, *args, dst_on=None, dst_basis: str = "sel110", **kwargs):
        super().__init__(*args, **kwargs)
        if dst_on is not None:
            add_ended_how(self, dst_on, dst_basis)
            self.order_fields(["ended_on", "ended_how", "destination"])


class DstFieldsForm(forms.Form):
    """Correct a stay's fields for Danmarks Statistik (from an export's worklist): the fields
    of its offer's statistic."""

    def __init__(self, *args, stay, **kwargs):
        super().__init__(*args, **kwargs)
        add_admission_codes(self, stay.started_on, stay.offer.legal_basis)
        if stay.ended_on is not None:
            add_ended_how(self, stay.ended_on, stay.offer.legal_basis)


class OwnPaymentForm(forms.Form):
    own_payment_per_night = forms.DecimalField(
        label="Egenbetaling pr. nat (kr.)",
        min_value=0,
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"class": "form-input", "inputmode": "decimal"}),
        error_messages={
            "required": "Skriv beløbet (0 hvis borgeren ikke betaler).",
            "invalid": "Skriv et beløb i kroner, fx 95,50.",
            "min_value": "Egenbetalingen kan ikke være negativ.",
            "max_decimal_places": "Højst to decimaler (øre).",
        },
    )


class YouthAlternativeForm(forms.Form):
    """The alternative to the shelter offered to a citizen under the youth age, and the answer."""

    alternative = forms.ChoiceField(
        label="Tilbudt alternativ",
        choices=[("", "Vælg")] + rules.YOUTH_ALTERNATIVES,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg det alternativ, borgeren blev tilbudt."},
    )
    description = forms.CharField(
        label="Beskrivelse af alternativet",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-input"}),
        help_text="Fx hvilken ungebolig. Skal udfyldes ved „Andet alternativ“.",
    )
    offered_on = DateField(label="Tilbudt den", required_message="Skriv datoen.")
    answer = forms.ChoiceField(
        label="Borgerens svar",
        choices=rules.YOUTH_ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg om borgeren tog imod alternativet eller sagde nej tak."},
    )

from typing import cast

from django import forms

from hjemvej.accounts.models import Municipality, User
from hjemvej.common.forms import DateField, required_when
from hjemvej.offers.forms import FactsForm, money_field
from hjemvej.offers.models import Offer
from hjemvej.people import cpr as cprlib
from hjemvej.stays import dst, rules
from hjemvej.stays.models import PlanStatus

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
        own_payment=None,
        dst_basis: str = "sel110",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["started_on"] = DateField(label="Indflytningsdato")
        self.fields["planned_end_on"] = DateField(label="Planlagt fraflytning", required=False)
        if own_payment is not None:
            # The §107 youth housing: the own payment follows the young person's SU or
            # apprentice pay (housing.selectors.youth_own_payment_for).
            field = OwnPaymentForm.base_fields["own_payment_per_night"]
            self.fields["own_payment_per_night"] = forms.DecimalField(
                label=field.label,
                required=False,
                min_value=0,
                max_digits=8,
                decimal_places=2,
                localize=True,
                initial=own_payment.per_night,
                help_text=own_payment.text,
                widget=forms.TextInput(attrs={"class": "form-input", "inputmode": "decimal"}),
                error_messages=field.error_messages,
            )
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


class PlacementForm(forms.Form):
    """A placement in a bought offer and its bring-home plan. The services decide the rules
    (stays.services._check_placement); the form collects and shows the errors by the fields."""

    offer = forms.ModelChoiceField(
        label="Købt tilbud",
        queryset=Offer.objects.none(),
        empty_label="Vælg tilbud",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg det tilbud, borgeren er anbragt i."},
    )
    started_on = DateField(label="Anbragt siden", required_message="Skriv datoen.")
    cost_per_month = required_when(
        forms.DecimalField(
            label="Udgift pr. måned (kr.)",
            required=False,
            min_value=0,
            max_digits=10,
            decimal_places=2,
            localize=True,
            widget=forms.TextInput(attrs={"class": "form-input", "inputmode": "decimal"}),
            help_text=(
                "Tom: opholdets aftalte pris pr. døgn × 365/12, hvis borgeren bor på "
                "tilbuddet; ellers tilbuddets aftalte pris pr. måned eller pr. døgn × 365/12. "
                "Udgiften pr. år er 12 måneder."
            ),
            error_messages={
                "invalid": "Skriv et beløb i kroner uden punktum, fx 42500,00.",
                "min_value": "Udgiften kan ikke være negativ.",
                "max_decimal_places": "Højst to decimaler (øre).",
            },
        ),
        "når tilbuddet ingen aftalt pris har",
    )
    local_offer = required_when(
        forms.ModelChoiceField(
            label="Lokalt tilbud, der kan overtage",
            queryset=Offer.objects.none(),
            required=False,
            empty_label="Intet valgt",
            widget=forms.Select(attrs={"class": "form-select"}),
        ),
        "når der er en hjemtagningsplan",
    )
    responsible = forms.ModelChoiceField(
        label="Ansvarlig sagsbehandler",
        queryset=User.objects.none(),
        required=False,
        empty_label="Ingen valgt",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    plan_status = forms.ChoiceField(
        label="Hjemtagningsplan",
        choices=PlanStatus.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    target_date = required_when(
        DateField(label="Måldato for hjemtagning", required=False),
        "når planen er planlagt eller i gang",
    )
    plan_steps = forms.CharField(
        label="Skridt og noter",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 4}),
        help_text="Fx bolig, gæld, samtaler med borgeren og det andet tilbud.",
    )
    not_possible_reason = required_when(
        forms.CharField(
            label="Hvorfor hjemtagning ikke er mulig",
            required=False,
            widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
        ),
        "når hjemtagning ikke er mulig",
    )
    ended_on = required_when(
        DateField(label="Anbringelsen sluttede", required=False),
        "når borgeren er hjemtaget",
    )

    def __init__(self, *args, offers, local_offers, caseworkers, editing: bool = False, **kw):
        super().__init__(*args, **kw)
        cast(forms.ModelChoiceField, self.fields["offer"]).queryset = offers
        cast(forms.ModelChoiceField, self.fields["local_offer"]).queryset = local_offers
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = caseworkers
        self.fields["responsible"].label_from_instance = (  # type: ignore[attr-defined]
            lambda u: u.get_full_name() or u.username
        )
        if editing:
            del self.fields["offer"]
        else:
            del self.fields["ended_on"]

    def placement_fields(self):
        return [self[n] for n in ("offer", "started_on", "cost_per_month") if n in self.fields]

    def plan_fields(self):
        names = [
            "local_offer",
            "responsible",
            "plan_status",
            "target_date",
            "plan_steps",
            "not_possible_reason",
            "ended_on",
        ]
        return [self[n] for n in names if n in self.fields]


class ExternalStayForm(forms.Form):
    """A stay at a bought offer, from the offer's §110 stk. 6 notice (issue 16). Either the
    citizen (by CPR number, from the offer's page) or the offer (from the citizen's page) is
    asked for; the other is given by the page."""

    notice_received_on = DateField(
        label="Underretning modtaget",
        help_text="Den dag kommunen modtog tilbuddets underretning (§110, stk. 6).",
        required_message="Skriv datoen, underretningen blev modtaget.",
    )
    decided_on = DateField(
        label="Optagelse besluttet",
        required=False,
        help_text="Tilbuddets beslutning om optagelse. Tomt: samme dag som indflytningen.",
    )
    started_on = DateField(
        label="Indflytningsdato", required_message="Skriv datoen, borgeren flyttede ind."
    )
    price_per_night = money_field(
        "Aftalt pris pr. døgn (kr.)",
        help_text="Tomt: tilbuddets pris. Prisen for et ophold fastsættes i aftalen med tilbuddet.",
    )
    own_payment_per_night = money_field(
        "Egenbetaling pr. nat (kr.)",
        help_text="Borgerens egenbetaling efter servicelovens §163. Tomt: 0 kr.",
    )

    def __init__(self, *args, offers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offers is not None:
            self.fields["offer"] = forms.ModelChoiceField(
                label="Købt tilbud",
                queryset=offers,
                empty_label="Vælg tilbud",
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={"required": "Vælg tilbuddet, borgeren bor på."},
            )
            self.order_fields(["offer"])
        else:
            self.fields["cpr"] = forms.CharField(
                label="Borgerens CPR-nummer",
                max_length=11,
                help_text="Borgeren skal være kendt i Hjemvej med kommunen som handlekommune.",
                widget=forms.TextInput(
                    attrs={"class": "form-input", "inputmode": "numeric", "autocomplete": "off"}
                ),
                error_messages={"required": "Skriv borgerens CPR-nummer."},
            )
            self.order_fields(["cpr"])

    def clean_cpr(self):
        from django.core.exceptions import ValidationError

        try:
            return cprlib.clean_cpr(self.cleaned_data["cpr"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None


class AgreedPriceForm(forms.Form):
    price_per_night = money_field("Aftalt pris pr. døgn (kr.)", required=True)
    own_payment_per_night = money_field("Egenbetaling pr. nat (kr.)", required=True)

from django import forms

from hjemvej.common.forms import AnswerField, required_when
from hjemvej.offers import eligibility
from hjemvej.offers.models import (
    DECISION_PARAGRAPHS,
    TILBUDSPORTALEN_ID,
    LegalBasis,
    Offer,
    Operator,
    Paragraph,
)

TRI = [(AnswerField.UNKNOWN, "Ved ikke"), ("yes", "Ja"), ("no", "Nej")]
NO_SUBSTANCES = "none"


def facts_asked(criteria: list[dict]) -> tuple[list[str], bool]:
    """The facts an offer's criteria ask about (in a stable order), and whether substances."""
    names: list[str] = []
    substances = False
    for c in criteria:
        kind = c.get("kind")
        if kind == "excludes":
            names.append(c["condition"])
        elif kind == "treatment":
            names += ["active_substance_use", "accepts_treatment"]
        elif kind == "assessment":
            names.append(c.get("fact", "pre_interview_done"))
        elif kind == "substances":
            substances = True
    ordered = [n for n in eligibility.FACTS if n in names]
    return ordered, substances


class FactsForm(forms.Form):
    """The questions an offer's criteria ask. Every answer may be "Ved ikke" – never assumed."""

    def __init__(self, *args, criteria: list[dict], initial_facts: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        names, self.asks_substances = facts_asked(criteria)
        initial_facts = initial_facts or {}
        for name in names:
            label, question = eligibility.FACTS[name]
            value = initial_facts.get(name)
            self.fields[f"fact_{name}"] = AnswerField(
                label=question,
                choices=TRI,
                initial=AnswerField.UNKNOWN if value is None else ("yes" if value else "no"),
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        if self.asks_substances:
            known = initial_facts.get("substances")
            self.fields["substances"] = forms.MultipleChoiceField(
                label="Hvilke rusmidler bruger borgeren?",
                choices=[(k, v[0]) for k, v in eligibility.SUBSTANCES.items()]
                + [(NO_SUBSTANCES, "Ingen rusmidler")],
                required=False,
                initial=(known or [NO_SUBSTANCES]) if known is not None else [],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
                help_text="Sæt ingen kryds, hvis det ikke vides.",
            )

    def fact_fields(self):
        return [self[n] for n in self.fields if n.startswith("fact_")]

    def facts(self) -> dict:
        data = self.cleaned_data
        facts: dict = {}
        for name in self.fields:
            if name.startswith("fact_") and data.get(name) in ("yes", "no"):
                facts[name[5:]] = data[name] == "yes"
        if self.asks_substances and data.get("substances"):
            facts["substances"] = [s for s in data["substances"] if s != NO_SUBSTANCES]
        return facts


class ReferralForm(FactsForm):
    # The functional level is no longer typed here: it comes from the citizen's latest VUM
    # assessment (plans.rules.overall_level), issue 15.
    note = forms.CharField(
        label="Bemærkning til tilbuddet",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )

    def __init__(self, *args, local_offers=None, **kwargs):
        """With `local_offers` (the municipality's own offers), the offer is a bought one: the
        caseworker names the local alternative considered and why it does not fit
        (services.check_local_alternative decides; the fields only collect)."""
        super().__init__(*args, **kwargs)
        self.external = local_offers is not None
        if self.external:
            self.fields["local_alternative"] = required_when(
                forms.ModelChoiceField(
                    label="Lokalt tilbud, der er overvejet",
                    queryset=local_offers,
                    required=False,
                    empty_label="Vælg kommunens eget tilbud",
                    widget=forms.Select(attrs={"class": "form-select"}),
                ),
                "medmindre kommunen ikke har et",
            )
            self.fields["no_local_alternative"] = forms.BooleanField(
                label="Kommunen har intet lokalt tilbud, der kan bruges",
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
            )
            self.fields["local_alternative_reason"] = required_when(
                forms.CharField(
                    label="Hvorfor passer det lokale tilbud ikke til borgeren?",
                    required=False,
                    widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
                ),
                "ved et købt tilbud",
            )

    def local_alternative_fields(self):
        if not self.external:
            return []
        return [
            self["local_alternative"],
            self["no_local_alternative"],
            self["local_alternative_reason"],
        ]

    def local_alternative(self) -> dict:
        """The answers as do_refer's keyword arguments (empty for the municipality's own)."""
        if not self.external:
            return {}
        data = self.cleaned_data
        return {
            "local_alternative": data.get("local_alternative"),
            "no_local_alternative": bool(data.get("no_local_alternative")),
            "local_alternative_reason": data.get("local_alternative_reason") or "",
        }


class DecisionForm(forms.Form):
    reason = required_when(
        forms.CharField(
            label="Begrundelse",
            required=False,
            widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
            help_text="Skal udfyldes ved afslag og fravalg.",
        ),
        "skal udfyldes ved afslag og fravalg",
    )

    def __init__(self, *args, offer: Offer | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = DECISION_PARAGRAPHS.get(offer.legal_basis, ()) if offer else ()
        if len(allowed) > 1:
            self.fields["paragraph"] = paragraph_field(allowed)
            self.order_fields(["paragraph", "reason"])


def paragraph_field(allowed) -> forms.ChoiceField:
    """§82a or §82b: which paragraph a grant to a §82 offer is made under."""
    return forms.ChoiceField(
        label="Bevilges efter",
        choices=[("", "Vælg paragraf")] + [(p, Paragraph(p).label) for p in allowed],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="Skal vælges ved bevilling. Indberettes til Danmarks Statistik.",
    )


class ParagraphForm(forms.Form):
    """The paragraph of a grant made without it (from the statistics' worklist)."""

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"] = paragraph_field(DECISION_PARAGRAPHS.get(offer.legal_basis, ()))
        self.fields["paragraph"].required = True
        self.fields["paragraph"].error_messages["required"] = "Vælg en paragraf."


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "legal_basis",
            "target_group",
            "residential",
            "places",
            "group_min",
            "group_max",
            "start_with_men",
            "support_hours_per_week",
            "opening_hours",
            "contact",
            "daily_rate_reference",
            "tilbudsportalen_id",
        ]
        widgets = {
            "legal_basis": forms.Select(attrs={"class": "form-select"}, choices=LegalBasis.choices),
            "target_group": forms.Textarea(attrs={"class": "form-input", "rows": 4}),
            "places": forms.NumberInput(attrs={"class": "form-input"}),
            "group_min": forms.NumberInput(attrs={"class": "form-input"}),
            "group_max": forms.NumberInput(attrs={"class": "form-input"}),
            "support_hours_per_week": forms.NumberInput(
                attrs={"class": "form-input", "step": "0.01"}
            ),
            "opening_hours": forms.TextInput(attrs={"class": "form-input"}),
            "contact": forms.TextInput(attrs={"class": "form-input"}),
            "daily_rate_reference": forms.TextInput(attrs={"class": "form-input"}),
            "tilbudsportalen_id": forms.TextInput(
                attrs={"class": "form-input input-width-s", "inputmode": "numeric"}
            ),
        }


def money_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "form-input input-width-s", "inputmode": "decimal"}),
        error_messages={
            "required": "Skriv beløbet i kroner.",
            "invalid": "Skriv et beløb i kroner, fx 1250,50.",
            "min_value": "Beløbet kan ikke være negativt.",
            "max_decimal_places": "Højst to decimaler (øre).",
            "max_digits": "Beløbet er for stort.",
        },
    )


class BoughtOfferForm(forms.Form):
    """An offer the municipality buys but does not run (issue 16)."""

    name = forms.CharField(
        label="Tilbuddets navn",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input"}),
        error_messages={"required": "Skriv tilbuddets navn."},
    )
    operator = forms.ChoiceField(
        label="Hvem driver tilbuddet?",
        choices=[c for c in Operator.choices if c[0] != Operator.OWN],
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
        error_messages={"required": "Vælg hvem der driver tilbuddet."},
    )
    provider = forms.CharField(
        label="Leverandør",
        max_length=200,
        help_text="Kommunen, regionen eller organisationen, der driver tilbuddet.",
        widget=forms.TextInput(attrs={"class": "form-input"}),
        error_messages={"required": "Skriv hvem der driver tilbuddet."},
    )
    tilbudsportalen_id = forms.CharField(
        label="Tilbudsportalen-id",
        max_length=10,
        required=False,
        validators=[TILBUDSPORTALEN_ID],
        help_text="Tilbuddets id på Tilbudsportalen.dk (kun cifre).",
        widget=forms.TextInput(attrs={"class": "form-input input-width-s", "inputmode": "numeric"}),
    )
    legal_basis = forms.ChoiceField(
        label="Lovgrundlag",
        choices=[("", "Vælg lovgrundlag"), *LegalBasis.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg lovgrundlaget."},
    )
    residential = forms.BooleanField(
        label="Botilbud (borgeren bor på tilbuddet)", required=False, initial=True
    )
    target_group = forms.CharField(
        label="Målgruppe",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )
    contact = forms.CharField(
        label="Kontakt hos leverandøren",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    price_per_night = money_field(
        "Pris pr. døgn (kr.)", help_text="Den aftalte pris. Udfyld den eller prisen pr. måned."
    )
    price_per_month = money_field("Pris pr. måned (kr.)")

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None and len(municipalities) > 1:
            self.fields["municipality"] = forms.ModelChoiceField(
                label="Købt af kommune",
                queryset=municipalities,
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={"required": "Vælg kommunen, der køber pladserne."},
            )
            self.order_fields(["municipality"])

    def offer_fields(self) -> dict:
        data = self.cleaned_data
        return {f: data[f] for f in self.fields if f not in ("municipality", "name")}

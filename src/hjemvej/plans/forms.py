from typing import cast

from django import forms
from django.utils import timezone

from hjemvej.common.forms import SearchableCheckboxes, date_field
from hjemvej.plans import rules
from hjemvej.plans.models import Goal, Plan, ScoredBy, SignOff


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _area(rows: int = 3):
    return forms.Textarea(attrs={"class": "form-input", "rows": rows})


def _select():
    return forms.Select(attrs={"class": "form-select"})


def _date(label: str, required: bool = True, **kwargs):
    return date_field(label, required=required, required_message="Skriv en dato.", **kwargs)


def _term_choice(label: str, terms, *, required: bool = False, empty: str = "Vælg"):
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=[("", empty)] + [(str(t.code), t.display) for t in terms],
        widget=_select(),
        error_messages={"required": "Vælg en værdi.", "invalid_choice": "Vælg fra listen."},
    )


class PlanForm(forms.Form):
    kind = forms.ChoiceField(
        label="Plantype",
        choices=[("", "Vælg")] + list(Plan.Kind.choices),
        widget=_select(),
        error_messages={"required": "Vælg plantype."},
        help_text="En borger, der bor på herberg (§110), skal have en handleplan efter §142.",
    )
    unit = forms.ChoiceField(
        label="Ansvarlig enhed", widget=_select(), error_messages={"required": "Vælg enhed."}
    )
    starts_on = _date("Gælder fra")
    purpose = forms.CharField(
        label="Formål med planen",
        widget=_area(),
        error_messages={"required": "Skriv planens formål."},
    )
    citizen_wishes = forms.CharField(
        label="Borgerens egne ønsker og drømme – med borgerens egne ord",
        widget=_area(),
        required=False,
    )
    expected_duration = forms.CharField(
        label="Forventet varighed", max_length=200, required=False, widget=_text()
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            (str(u.uuid), u.name) for u in units
        ]
        self.fields["starts_on"].initial = timezone.localdate()


class PlanEditForm(forms.Form):
    purpose = forms.CharField(
        label="Formål med planen", widget=_area(), error_messages={"required": "Skriv formålet."}
    )
    citizen_wishes = forms.CharField(
        label="Borgerens egne ønsker og drømme – med borgerens egne ord",
        widget=_area(),
        required=False,
    )
    expected_duration = forms.CharField(
        label="Forventet varighed", max_length=200, required=False, widget=_text()
    )
    ends_on = _date("Planen er afsluttet", required=False)


class GoalForm(forms.Form):
    title = forms.CharField(
        label="Målet", widget=_area(2), error_messages={"required": "Skriv målet."}
    )
    proposed_by = forms.ChoiceField(
        label="Hvem foreslog målet",
        choices=ScoredBy.choices,
        initial=ScoredBy.CITIZEN,
        widget=_select(),
    )
    specific = forms.CharField(label="Specifikt – hvad skal opnås", widget=_area(2), required=False)
    measurable = forms.CharField(
        label="Målbart – hvordan kan vi se, at målet er nået", widget=_area(2), required=False
    )
    attractive = forms.CharField(
        label="Attraktivt – hvorfor betyder målet noget for borgeren",
        widget=_area(2),
        required=False,
    )
    realistic = forms.CharField(
        label="Realistisk – hvad gør målet muligt at nå", widget=_area(2), required=False
    )
    deadline = _date("Tidsbestemt – hvornår skal målet være nået", required=False)
    themes = forms.MultipleChoiceField(
        label="Temaer (FFB)",
        required=False,
        widget=SearchableCheckboxes(search_label="Søg efter tema"),
        help_text="Vælg de temaer fra Fælles Faglige Begreber, som målet handler om.",
    )

    def __init__(self, *args, kind: str, goal_types, level_terms, theme_groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["goal_type"] = _term_choice("Måltype (FFB)", goal_types)
        self.fields["target_level"] = _term_choice(
            "Ønsket funktionsevneniveau", level_terms, empty="Ikke angivet"
        )
        cast(forms.ChoiceField, self.fields["themes"]).choices = [
            (area.display, [(str(t.code), t.display) for t in group])
            for area, group in theme_groups
        ]
        if kind == Goal.Kind.CITIZEN:
            self.fields["title"].label = "Borgerens mål – med borgerens egne ord"
            for name in ("proposed_by", "specific", "measurable", "attractive", "realistic"):
                del self.fields[name]
            del self.fields["goal_type"]
            del self.fields["target_level"]
        else:
            self.fields["title"].label = "Indsatsmål"
            for name in ("specific", "measurable", "attractive", "realistic", "deadline"):
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = "Udfyld denne del af SMART-målet."
            self.fields["goal_type"].required = True


class SubGoalForm(forms.Form):
    text = forms.CharField(
        label="Delmålet", widget=_area(2), error_messages={"required": "Skriv delmålet."}
    )
    responsible = forms.CharField(
        label="Hvem er ansvarlig", max_length=200, required=False, widget=_text()
    )
    target_date = _date("Hvornår håber borgeren at nå delmålet", required=False)
    follow_up_on = _date("Første opfølgning")


class SubGoalEditForm(SubGoalForm):
    follow_up_on = _date("Næste opfølgning", required=False)
    achieved_on = _date("Delmålet er nået", required=False)


class ScoreForm(forms.Form):
    scored_on = _date("Dato for scoren")
    value = forms.TypedChoiceField(
        label="Score (0–4)",
        coerce=int,
        choices=[("", "Vælg")] + [(v, f"{v} – {label}") for v, label in rules.SCALE.items()],
        widget=_select(),
        error_messages={"required": "Vælg en score fra 0 til 4."},
    )
    next_follow_up_on = _date("Næste opfølgning", required=False)
    note = forms.CharField(label="Bemærkning", widget=_area(2), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scored_on"].initial = timezone.localdate()


class SignOffForm(forms.Form):
    party = forms.ChoiceField(label="Part", choices=SignOff.Party.choices, widget=_select())
    name = forms.CharField(
        label="Navn", max_length=200, widget=_text(), error_messages={"required": "Skriv navnet."}
    )
    signed_on = _date("Dato")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()


class FollowUpForm(forms.Form):
    followed_up_on = _date("Dato for opfølgningsmødet")
    note = forms.CharField(label="Referat", widget=_area(), required=False)

    def __init__(self, *args, status_terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followed_up_on"].initial = timezone.localdate()
        self.fields["status"] = _term_choice(
            "Status på indsatsen (FFB)", status_terms, empty="Ikke angivet"
        )


class AssessmentForm(forms.Form):
    """The head of an assessment, and for every FFB theme (the groups, and the themes under
    each) the citizen's view, the professional's view and, under Aktivitet og deltagelse, the
    functional level."""

    assessed_on = _date("Udredningsdato")
    unit = forms.ChoiceField(label="Enhed", widget=_select())
    resources = forms.CharField(label="Borgerens ressourcer", widget=_area(), required=False)
    challenges = forms.CharField(label="Borgerens udfordringer", widget=_area(), required=False)

    def __init__(self, *args, units, support_terms, theme_tree, level_terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            (str(u.uuid), u.name) for u in units
        ]
        self.fields["support_need"] = _term_choice(
            "Støttebehov", support_terms, empty="Ikke angivet"
        )
        self.level_terms = level_terms
        self.theme_rows: list[dict] = []
        self.theme_sections = [
            {
                "area": area,
                "groups": [
                    {"row": self._add_theme(group), "leaves": [self._add_theme(t) for t in leaves]}
                    for group, leaves in groups
                ],
            }
            for area, groups in theme_tree
        ]

    def _add_theme(self, theme) -> dict:
        key = theme.code.hex
        self.fields[f"cv_{key}"] = forms.CharField(
            label=f"{theme.display}: borgerens egen vurdering", widget=_area(2), required=False
        )
        self.fields[f"pv_{key}"] = forms.CharField(
            label=f"{theme.display}: faglig vurdering", widget=_area(2), required=False
        )
        names = [f"cv_{key}", f"pv_{key}"]
        if theme.carries_level:
            self.fields[f"lvl_{key}"] = _term_choice(
                f"{theme.display}: funktionsevneniveau", self.level_terms, empty="Ikke udfyldt"
            )
            names.append(f"lvl_{key}")
        row = {"theme": theme, "names": names}
        self.theme_rows.append(row)
        return row

    def bound_sections(self):
        def bound(row):
            return {"theme": row["theme"], "fields": [self[n] for n in row["names"]]}

        return [
            {
                "area": s["area"],
                "groups": [
                    {"row": bound(g["row"]), "leaves": [bound(r) for r in g["leaves"]]}
                    for g in s["groups"]
                ],
            }
            for s in self.theme_sections
        ]

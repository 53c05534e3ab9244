# ruff: noqa: F811 - fixtures imported from tests.courses and tests.plans are used as arguments
"""Issue 17 item 4: forms follow DKFDS. One date field for every form (its error names the
format), "(valgfrit)" only on fields that really are optional, and the searchable grouped
multi-select for a goal's FFB themes and a meeting's colleagues (grouped checkboxes without
JavaScript)."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse

import hjemvej
from hjemvej.common.forms import DATE_INVALID, DateField, SearchableCheckboxes
from hjemvej.offers.forms import FactsForm
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.models import Goal
from tests.courses.fixtures import aagaarden_unit, cti_template  # noqa: F401
from tests.factories import UserFactory, member
from tests.plans.conftest import action_plan, term, today  # noqa: F401

SRC = Path(hjemvej.__file__).parent


def _all_form_classes():
    for info in pkgutil.walk_packages([str(SRC)], "hjemvej."):
        if info.name.rsplit(".", 1)[-1] in ("forms", "views", "log_views"):
            importlib.import_module(info.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.startswith("hjemvej.")]


def test_every_date_field_in_every_form_is_the_shared_one():
    wrong = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _all_form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DateField) and not isinstance(field, DateField)
    ]
    assert wrong == []
    # fields made in __init__ are not in base_fields: no module builds its own date field
    own = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.name != "forms.py" or p.parent.name != "common"
        if re.search(r"forms\.Date(Field|Input)\(|\"type\": \"date\"", p.read_text())
    ]
    assert own == []


def test_a_date_that_cannot_be_read_names_the_format():
    field = DateField(label="Dato")
    with pytest.raises(forms.ValidationError) as exc:
        field.clean("31.02.2026")
    assert exc.value.messages == ["Skriv en gyldig dato som dd.mm.åååå."]
    # a form's own "invalid" message cannot replace it
    assert DateField(error_messages={"invalid": "Skriv en dato."}).error_messages["invalid"] == (
        DATE_INVALID
    )
    assert field.clean("29.11.2026").isoformat() == "2026-11-29"


@pytest.mark.django_db
def test_discharge_page_says_the_date_format(as_user, shelter_worker_ishoj, ishoj):
    from hjemvej.offers.catalogue import OFFERS, ensure_offer
    from hjemvej.stays import services
    from tests.factories import CitizenFactory
    from tests.offers.helpers import SHELTER_OK

    shelter = ensure_offer(shelter_worker_ishoj.memberships.get().unit, OFFERS["ishoj-herberg"])
    stay = services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=CitizenFactory(acting_municipality=ishoj),
        facts=SHELTER_OK,
    ).stay
    response = as_user(shelter_worker_ishoj).post(
        reverse("stays:discharge", args=[stay.uuid]),
        {"ended_on": "32.13.2026", "destination": "own_home"},
    )
    page = response.content.decode()
    assert "Skriv en gyldig dato som dd.mm.åååå." in page
    assert 'id="id_ended_on-error"' in page


def test_admission_questions_are_not_marked_optional_and_a_missing_answer_is_ved_ikke():
    criteria = [{"kind": "excludes", "condition": "active_substance_use"}]
    form = FactsForm({}, criteria=criteria)
    field = form.fields["fact_active_substance_use"]
    assert field.required
    assert form.is_valid()
    assert form.facts() == {}
    form = FactsForm({"fact_active_substance_use": "no"}, criteria=criteria)
    assert form.is_valid() and form.facts() == {"active_substance_use": False}
    assert [c[1] for c in field.choices] == ["Ved ikke", "Ja", "Nej"]


@pytest.mark.django_db
def test_admit_page_marks_no_question_optional(as_user, shelter_worker_ishoj, ishoj):
    from hjemvej.offers.catalogue import OFFERS, ensure_offer

    shelter = ensure_offer(shelter_worker_ishoj.memberships.get().unit, OFFERS["ishoj-herberg"])
    page = as_user(shelter_worker_ishoj).get(reverse("stays:arrival", args=[shelter.uuid]))
    html = page.content.decode()
    questions = re.findall(r'<label class="form-label" for="id_fact_[a-z_]+">(.*?)</label>', html)
    assert questions, "the shelter asks its admission questions"
    assert not [q for q in questions if "valgfrit" in q]


@pytest.mark.django_db
def test_cti_tenancy_date_says_when_it_is_required(
    as_user,
    caseworker_ishoj,
    citizen_ishoj,
    aagaarden_unit,
    cti_template,
):
    html = as_user(caseworker_ishoj).get(f"/forloeb/borger/{citizen_ishoj.uuid}/nyt/")
    html = html.content.decode()
    label = re.search(r'<label class="form-label" for="id_tenancy_from">(.*?)</label>', html)
    assert label is not None
    assert "(kræves for CTI)" in label.group(1)
    assert "valgfrit" not in label.group(1)
    # a truly optional field still says so
    assert re.search(r'for="id_tenancy_address">Boligens adresse <span[^>]*>\(valgfrit\)', html)


@pytest.mark.django_db
def test_goal_form_groups_the_ffb_themes_as_searchable_checkboxes(
    caseworker_ishoj,
    citizen_ishoj,
    as_user,
    action_plan,
):
    lave_mad = term(Vocabulary.THEME, "Lave mad")
    url = reverse("plans:goal_new", args=[citizen_ishoj.uuid, action_plan.uuid, "professional"])
    html = as_user(caseworker_ishoj).get(url).content.decode()
    assert "data-multiselect" in html
    assert 'data-search-label="Søg efter tema"' in html
    assert "hjemvej/multiselect.js" in html and "<script>" not in html
    legends = re.findall(r'<legend class="hjemvej-multiselect-legend">(.*?)</legend>', html)
    assert len(legends) >= 3  # the FFB areas
    assert re.search(
        rf'<input type="checkbox" class="form-checkbox" name="themes" id="(id_themes_[0-9_]+)" '
        rf'value="{lave_mad.code}">\s*<label class="form-label" for="\1">Lave mad</label>',
        html,
    )
    assert "Ctrl" not in html
    assert '<legend class="form-label">Temaer (FFB) <span class="weight-normal">(valgfrit)' in html


@pytest.mark.django_db
def test_goal_edit_keeps_the_chosen_themes_checked(
    caseworker_ishoj,
    citizen_ishoj,
    as_user,
    action_plan,
):
    from tests.plans.conftest import smart_goal

    goal = smart_goal(caseworker_ishoj, action_plan)
    practical = term(Vocabulary.THEME, "Praktiske opgaver")
    url = reverse("plans:goal_edit", args=[citizen_ishoj.uuid, action_plan.uuid, goal.uuid])
    html = as_user(caseworker_ishoj).get(url).content.decode()
    assert re.search(rf'value="{practical.code}" checked>', html)
    assert Goal.objects.get(pk=goal.pk).themes.get() == practical


@pytest.mark.django_db
def test_meeting_form_offers_colleagues_as_searchable_checkboxes(
    as_user, caseworker_ishoj, citizen_ishoj, ishoj_authority
):
    colleague = member(
        UserFactory(username="kollega", first_name="Kirsten", last_name="Kollega"),
        ishoj_authority,
        "caseworker",
    )
    html = as_user(caseworker_ishoj).get(reverse("meetings:book", args=[citizen_ishoj.uuid]))
    html = html.content.decode()
    assert 'data-search-label="Søg efter medarbejder"' in html
    assert re.search(
        rf'name="staff" id="(id_staff_\d+)" value="{colleague.pk}">\s*'
        r'<label class="form-label" for="\1">Kirsten Kollega</label>',
        html,
    )
    assert '<legend class="form-label">Andre medarbejdere' in html


def test_the_widget_is_a_checkbox_list():
    assert issubclass(SearchableCheckboxes, forms.CheckboxSelectMultiple)

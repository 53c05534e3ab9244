from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.common.forms import apply_errors
from hjemvej.people import services
from hjemvej.people.forms import CitizenForm, ConsentForm, RelativeForm
from hjemvej.people.models import Consent, Relative
from hjemvej.people.selectors import search_citizens


def _require_citizen_worker(user) -> None:
    if not policy.may_work_with_citizens(user):
        raise Http404


@login_required
def search(request):
    _require_citizen_worker(request.user)
    query = request.GET.get("q", "").strip()
    results = None
    page = None
    if query:
        found = search_citizens(user=request.user, query=query)
        page = Paginator(found.queryset, 25).get_page(request.GET.get("side"))
        results = list(page.object_list)
        found.log(user=request.user, shown=results)
    return render(
        request,
        "people/search.html",
        {
            "query": query,
            "results": results,
            "page": page,
            "may_create": policy.may_create_citizens(request.user),
            "may_break_glass": policy.may_break_glass(request.user),
        },
    )


@login_required
def create(request):
    if not policy.may_create_citizens(request.user):
        raise Http404
    municipalities = policy.creatable_municipalities(request.user)
    form = CitizenForm(request.POST or None, municipalities=municipalities)
    known = None
    lawful_ways = False
    fetched = None
    if request.method == "POST" and "hent_cpr" in request.POST:
        form, fetched, exc, number = _fill_from_cpr(request, municipalities)
        if exc is not None and _cpr_known(exc):
            # As when creating: a link for a user who may see the citizen, else the lawful ways.
            known = policy.visible_citizens(request.user).filter(cpr=number).first()
            lawful_ways = known is None
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cpr = data["cpr"]  # add_error below takes it out of cleaned_data
        try:
            citizen = services.do_create_citizen(user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
            if _cpr_known(exc):
                # A user who may already see the citizen is sent to them; anybody else gets the
                # lawful ways in, which need a reason, and learns nothing more
                # (docs/architecture.md, "Opslag på CPR-nummer").
                known = policy.visible_citizens(request.user).filter(cpr=cpr).first()
                lawful_ways = known is None
        else:
            messages.success(request, f"{citizen.full_name} er oprettet.")
            return redirect("people:overview", citizen_uuid=citizen.uuid)
    return render(
        request,
        "people/citizen_form.html",
        {
            "form": form,
            "title": "Opret borger",
            "cpr_lookup": True,
            "fetched": fetched,
            "known": known,
            "lawful_ways": lawful_ways,
            "may_break_glass": policy.may_break_glass(request.user),
        },
    )


def _fill_from_cpr(request, municipalities):
    """ "Hent fra CPR" on the create form (htmx or a plain POST): the form comes back with name
    and address from the register (the address only where the user may see it) and nothing
    saved. Only the CPR field's errors are shown: the rest is not yet meant to be complete."""
    data = request.POST.copy()
    form = CitizenForm(data, municipalities=municipalities)
    form.is_valid()
    for name in [n for n in form.errors if n != "cpr"]:
        del form.errors[name]
    number = form.cleaned_data.get("cpr", "")
    if "cpr" in form.errors:
        return form, None, None, number
    try:
        found = services.look_up_cpr(
            user=request.user,
            cpr=form.cleaned_data["cpr"],
            acting_municipality=form.cleaned_data.get("acting_municipality"),
        )
    except ValidationError as exc:
        for message in exc.message_dict.get("cpr", []):
            form.add_error("cpr", message)
        return form, None, exc, number
    data["first_name"], data["last_name"] = found.first_name, found.last_name
    data["address"] = found.address or ""
    data["postal_code"] = found.postal_code or ""
    data["city"] = found.city or ""
    if found.protected_address:
        data["protected_address"] = "on"
    else:
        data.pop("protected_address", None)
    filled = CitizenForm(data, municipalities=municipalities)
    filled.is_valid()
    for name in list(filled.errors):
        del filled.errors[name]
    return filled, found, None, number


def _cpr_known(exc: ValidationError) -> bool:
    errors = getattr(exc, "error_dict", {}).get("cpr", [])
    return any(e.code == "cpr_known" for e in errors)


@login_required
def edit(request, citizen_uuid):
    citizen, _grant = policy.access_citizen(
        request.user, citizen_uuid, what="Redigering af borgerens oplysninger"
    )
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    show_address = policy.may_see_protected_address(request.user, citizen)
    municipalities = policy.creatable_municipalities(request.user) | type(
        citizen.acting_municipality
    ).objects.filter(pk=citizen.acting_municipality_id)
    initial = {f: getattr(citizen, f) for f in services.CITIZEN_FIELDS}
    form = CitizenForm(
        request.POST or None,
        initial=initial,
        municipalities=municipalities.distinct(),
        editing=True,
    )
    if not show_address:
        for f in ("address", "postal_code", "city"):
            del form.fields[f]
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        changes = {k: v for k, v in form.cleaned_data.items() if k in services.CITIZEN_FIELDS}
        if not changes.get("gender"):
            changes.pop("gender", None)
        try:
            services.do_update_citizen(
                user=request.user, citizen=citizen, version=version, changes=changes
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Ændringerne er gemt.")
            return redirect("people:personal", citizen_uuid=citizen.uuid)
    return render(
        request,
        "people/citizen_form.html",
        {
            "form": form,
            "title": f"Rediger {citizen.full_name}",
            "citizen": citizen,
        },
    )


@login_required
def add_relative(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Tilføj pårørende")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_relative(user=request.user, citizen=citizen, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Personen er tilføjet.")
            return redirect("people:personal", citizen_uuid=citizen.uuid)
    return render(
        request,
        "people/simple_form.html",
        {
            "form": form,
            "citizen": citizen,
            "title": "Tilføj pårørende eller netværksperson",
            "submit": "Tilføj",
        },
    )


@login_required
@require_POST
def remove_relative(request, citizen_uuid, relative_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Fjern pårørende")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    relative = get_object_or_404(Relative, uuid=relative_uuid, citizen=citizen)
    services.do_remove_relative(user=request.user, relative=relative)
    messages.success(request, f"{relative.name} er fjernet.")
    return redirect("people:personal", citizen_uuid=citizen.uuid)


@login_required
def add_consent(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Registrér samtykke")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_consent(user=request.user, citizen=citizen, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Samtykket er registreret.")
            return redirect("people:personal", citizen_uuid=citizen.uuid)
    return render(
        request,
        "people/simple_form.html",
        {
            "form": form,
            "citizen": citizen,
            "title": "Registrér samtykke",
            "submit": "Registrér samtykke",
            "intro": "Et samtykke skal være konkret: hvilke oplysninger, fra eller til hvem, til hvilken sag og hvor længe (retssikkerhedslovens §11a). Et generelt samtykke er ikke nok.",
        },
    )


@login_required
@require_POST
def withdraw_consent(request, citizen_uuid, consent_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Tilbagetræk samtykke")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    consent = get_object_or_404(Consent, uuid=consent_uuid, citizen=citizen)
    services.do_withdraw_consent(user=request.user, consent=consent)
    messages.success(request, "Samtykket er trukket tilbage.")
    return redirect("people:personal", citizen_uuid=citizen.uuid)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.housing import rules, selectors, services
from hjemvej.housing.forms import (
    AgreementForm,
    AnswerForm,
    ApplicationForm,
    DebtForm,
    EndIncomeForm,
    HousingOfferForm,
    IncomeForm,
    InstalmentForm,
)
from hjemvej.housing.models import (
    Debt,
    HousingApplication,
    HousingOffer,
    Income,
    RepaymentAgreement,
)
from hjemvej.offers.models import LegalBasis, Offer


def _editable(request, queryset, object_uuid, what, citizen_of=lambda o: o.citizen):
    """One of a citizen's housing objects and the citizen, for someone who may edit the
    citizen's data; 404 otherwise (the access policy logs the look-up or the refusal)."""
    obj, _ = policy.access_object(
        request.user, queryset, object_uuid, what=what, citizen_of=citizen_of
    )
    citizen = citizen_of(obj)
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    return obj, citizen


def _form_page(request, *, citizen, form, title, save, success, section="bolig", intro=""):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, success)
            return redirect("people:section", key=section, citizen_uuid=citizen.uuid)
    return render(
        request,
        "people/simple_form.html",
        {"form": form, "citizen": citizen, "title": title, "submit": "Gem", "intro": intro},
    )


@login_required
def add_application(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Boligansøgning")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    skaeve = Offer.objects.filter(
        legal_basis=LegalBasis.SKAEVE, unit__municipality=citizen.acting_municipality
    )
    form = ApplicationForm(
        request.POST or None, skaeve_offers=skaeve, initial={"applied_on": timezone.localdate()}
    )
    return _form_page(
        request,
        citizen=citizen,
        form=form,
        title="Registrér boligansøgning",
        save=lambda d: services.do_add_application(user=request.user, citizen=citizen, **d),
        success="Boligansøgningen er registreret.",
    )


@login_required
def add_housing_offer(request, application_uuid):
    application, citizen = _editable(
        request,
        HousingApplication.objects.select_related("citizen"),
        application_uuid,
        "Boligtilbud",
    )
    form = HousingOfferForm(
        request.POST or None,
        initial={
            "offered_on": timezone.localdate(),
            "municipality": citizen.acting_municipality_id,
        },
    )
    return _form_page(
        request,
        citizen=citizen,
        form=form,
        title="Registrér tilbudt bolig",
        save=lambda d: services.do_record_housing_offer(
            user=request.user, application=application, **d
        ),
        success="Den tilbudte bolig er registreret.",
    )


@login_required
def answer_housing_offer(request, offer_uuid):
    housing_offer, citizen = _editable(
        request,
        HousingOffer.objects.select_related("application__citizen"),
        offer_uuid,
        "Svar på boligtilbud",
        citizen_of=lambda o: o.application.citizen,
    )
    form = AnswerForm(request.POST or None)
    return _form_page(
        request,
        citizen=citizen,
        form=form,
        title=f"Svar på tilbuddet: {housing_offer.address}",
        save=lambda d: services.do_answer_housing_offer(
            user=request.user, housing_offer=housing_offer, **d
        ),
        success="Svaret er registreret.",
    )


@login_required
@require_POST
def close_application(request, application_uuid):
    application, citizen = _editable(
        request,
        HousingApplication.objects.select_related("citizen"),
        application_uuid,
        "Afslut boligansøgning",
    )
    try:
        services.do_close_application(user=request.user, application=application)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Ansøgningen er afsluttet.")
    return redirect("people:section", key="bolig", citizen_uuid=citizen.uuid)


@login_required
def add_debt(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Gæld")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    form = DebtForm(request.POST or None, initial={"registered_on": timezone.localdate()})
    return _form_page(
        request,
        citizen=citizen,
        form=form,
        title="Registrér gæld",
        save=lambda d: services.do_register_debt(user=request.user, citizen=citizen, **d),
        success="Gælden er registreret.",
    )


@login_required
def add_agreement(request, debt_uuid):
    debt, citizen = _editable(
        request, Debt.objects.select_related("citizen"), debt_uuid, "Afdragsordning"
    )
    form = AgreementForm(request.POST or None, initial={"agreed_on": timezone.localdate()})
    return _form_page(
        request,
        citizen=citizen,
        form=form,
        title=f"Afdragsordning med {debt.creditor}",
        save=lambda d: services.do_make_agreement(user=request.user, debt=debt, **d),
        success="Afdragsordningen er registreret.",
    )


@login_required
def add_instalment(request, agreement_uuid):
    agreement, citizen = _editable(
        request,
        RepaymentAgreement.objects.select_related("debt__citizen"),
        agreement_uuid,
        "Afdrag",
        citizen_of=lambda o: o.debt.citizen,
    )
    form = InstalmentForm(
        request.POST or None,
        initial={"paid_on": timezone.localdate(), "amount": agreement.monthly_amount},
    )
    return _form_page(
        request,
        citizen=citizen,
        form=form,
        title=f"Registrér afdrag til {agreement.debt.creditor}",
        save=lambda d: services.do_register_instalment(user=request.user, agreement=agreement, **d),
        success="Afdraget er registreret.",
    )


def citizen_section(request, citizen):
    if not policy.may_work_with_citizens(request.user):
        return None
    overview = selectors.housing_overview(citizen, timezone.localdate())
    return {
        "title": "Vejen til egen bolig",
        "template": "housing/_citizen_section.html",
        "data": {
            "citizen": citizen,
            "overview": overview,
            "may_edit": policy.may_edit_citizen(request.user, citizen),
            "cash_benefit_text": rules.CASH_BENEFIT_ELSEWHERE_TEXT,
        },
    }


@login_required
def add_income(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Indkomst")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    form = IncomeForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    return _form_page(
        request,
        citizen=citizen,
        form=form,
        title="Registrér indkomst",
        save=lambda d: services.do_record_income(user=request.user, citizen=citizen, **d),
        success="Indkomsten er registreret.",
        section="indkomst",
        intro="En indkomst, der stadig løber og begyndte før, slutter dagen før den nye.",
    )


@login_required
def end_income(request, income_uuid):
    income, citizen = _editable(
        request, Income.objects.select_related("citizen"), income_uuid, "Afslut indkomst"
    )
    form = EndIncomeForm(request.POST or None, initial={"valid_to": timezone.localdate()})
    return _form_page(
        request,
        citizen=citizen,
        form=form,
        title=f"Afslut indkomst: {income.get_source_display()} fra {income.valid_from:%d.%m.%Y}",
        save=lambda d: services.do_end_income(user=request.user, income=income, **d),
        success="Indkomsten er afsluttet.",
        section="indkomst",
    )


def income_section(request, citizen):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    incomes, total = selectors.income_history(citizen)
    current = next((i for i in incomes if i.valid_on(today)), None)
    return {
        "title": "Indkomst",
        "template": "housing/_income_section.html",
        "data": {
            "citizen": citizen,
            "incomes": incomes,
            "total": total,
            "current": current,
            "today": today,
            "may_edit": policy.may_edit_citizen(request.user, citizen),
            "rent_share_limit": rules.RENT_SHARE_LIMIT,
        },
    }

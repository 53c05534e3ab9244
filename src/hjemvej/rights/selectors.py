import datetime

from django.db.models import Max, QuerySet

from hjemvej.rights.models import CorrectionRequest, Disposal, InsightRequest, LegalHold
from hjemvej.rights.models import RetentionRule as RuleRow
from hjemvej.rights.retention import Rule


def rules() -> list[Rule]:
    return [
        Rule(r.category, r.months, r.days, r.archive, r.valid_from)
        for r in RuleRow.objects.order_by("category", "valid_from")
    ]


def active_hold(citizen) -> LegalHold | None:
    return LegalHold.objects.filter(citizen=citizen, lifted_at__isnull=True).first()


def held_citizen_ids(citizen_ids) -> set[int]:
    """Citizens whose case may not be deleted: a legal hold, or a request for insight that is
    not answered yet."""
    holds = LegalHold.objects.filter(citizen_id__in=citizen_ids, lifted_at__isnull=True)
    pending = InsightRequest.objects.filter(citizen_id__in=citizen_ids, delivered_at__isnull=True)
    return set(holds.values_list("citizen_id", flat=True)) | set(
        pending.values_list("citizen_id", flat=True)
    )


def requests_for(citizen) -> dict:
    return {
        "insight": InsightRequest.objects.filter(citizen=citizen)[:20],
        "corrections": CorrectionRequest.objects.filter(citizen=citizen)[:20],
        "holds": LegalHold.objects.filter(citizen=citizen).select_related("placed_by")[:20],
    }


def open_disposals() -> QuerySet[Disposal]:
    return Disposal.objects.exclude(status=Disposal.Status.DONE).select_related(
        "citizen", "citizen__acting_municipality"
    )


def last_change(model, fk: str, citizen_ids) -> dict[int, datetime.datetime]:
    """The newest `updated_at` (or `created_at`) of the model's rows per citizen: one query."""
    names = {f.name for f in model._meta.concrete_fields}
    stamp = "updated_at" if "updated_at" in names else "created_at" if "created_at" in names else ""
    if not stamp:
        return {}
    rows = (
        model._default_manager.filter(**{f"{fk}__in": citizen_ids})
        .order_by()
        .values(fk)
        .annotate(last=Max(stamp))
    )
    return {r[fk]: r["last"] for r in rows}

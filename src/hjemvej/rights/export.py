"""The citizen's export: everything held about the citizen, as JSON for machines and as a PDF
with a cover letter for the citizen (reportlab with DejaVu, as the plan's PDF).

The rows are read from the models the coverage list names (coverage.PARTS), field by field with
the fields' Danish names, and with the rows that hang under them (a plan's goals, sub-goals and
scores; a debt's agreement and instalments). What is left out is listed with the reason."""

import datetime
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from django.apps import apps
from django.db import models
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hjemvej.audit import selectors as audit_selectors
from hjemvej.people.models import Citizen
from hjemvej.plans import pdf as plan_pdf
from hjemvej.rights.coverage import EXCLUDED, HIDDEN_FIELDS, PARTS

MAX_DEPTH = 3

DRAFT_REASON = (
    "Internt arbejdsdokument: et notat, der ikke er underskrevet (kladde), er undtaget "
    "(forvaltningsloven § 23)."
)
OTHER_PERSON_REASON = (
    "Oplysninger om en anden person (forvaltningsloven § 15 og databeskyttelsesforordningen "
    "art. 15, stk. 4)."
)
INTERNAL_REASON = "Internt arbejdsdokument (forvaltningsloven § 23)."
WITHHOLD_REASONS = {"other_person": OTHER_PERSON_REASON, "internal": INTERNAL_REASON}


@dataclass
class Export:
    citizen: Citizen
    made_at: datetime.datetime
    basis: str
    data: dict = field(default_factory=dict)

    def json_bytes(self) -> bytes:
        return json.dumps(self.data, ensure_ascii=False, indent=2).encode("utf-8")


def citizen_models() -> list[type[models.Model]]:
    """Every model with a foreign key to Citizen (the completeness test walks these)."""
    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is Citizen:
                found.append(model)
                break
    return found


def _label(f) -> str:
    name = str(getattr(f, "verbose_name", f.name))
    return name[:1].upper() + name[1:]


def _value(obj, f):
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    value = getattr(obj, f.name)
    if value is None or value == "":
        return None
    if isinstance(f, models.ForeignKey):
        return str(value)
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d.%m.%Y %H.%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (int, float, str, list, dict)):
        return value
    return str(value)


def _fields(obj) -> dict:
    row: dict = {}
    for f in obj._meta.concrete_fields:
        if f.name in HIDDEN_FIELDS or isinstance(f, models.BinaryField):
            continue
        value = _value(obj, f)
        if value is not None:
            row[_label(f)] = value
    for f in obj._meta.many_to_many:
        values = [str(v) for v in getattr(obj, f.name).all()]
        if values:
            row[_label(f)] = values
    return row


def _has_citizen_fk(model) -> bool:
    return any(f.is_relation and f.related_model is Citizen for f in model._meta.concrete_fields)


def _children(obj, depth: int) -> list[dict]:
    """The rows that hang under `obj` (reverse foreign keys to models without their own link to
    the citizen: those are parts of their own)."""
    if depth >= MAX_DEPTH:
        return []
    out = []
    for rel in obj._meta.related_objects:
        if not rel.one_to_many or _has_citizen_fk(rel.related_model):
            continue
        if not rel.related_model.__module__.startswith("hjemvej."):
            continue
        rows = [_row(child, depth + 1) for child in getattr(obj, rel.get_accessor_name()).all()]
        if rows:
            out.append({"title": _plural(rel), "rows": rows})
    return out


def _plural(rel) -> str:
    name = str(rel.related_model._meta.verbose_name_plural)
    return name[:1].upper() + name[1:]


def _row(obj, depth: int = 0) -> dict:
    row = _fields(obj)
    children = _children(obj, depth)
    if children:
        row["Underliggende"] = children
    return row


def _withhold_reason(obj, withheld_notes: dict[int, str]) -> str:
    if obj._meta.label == "journal.Note":
        if obj.signed_at is None:
            return DRAFT_REASON
        return withheld_notes.get(obj.pk, "")
    return ""


def _describe(obj) -> str:
    return f"{obj._meta.verbose_name} {obj}"


def who_looked(citizen: Citizen) -> list[dict]:
    """The log as the citizen sees it on Mine sider: when, which unit, what and why — never the
    staff member's name."""
    return [
        {
            "Tidspunkt": f"{timezone.localtime(e.at):%d.%m.%Y %H.%M}",
            "Sted": e.actor_unit,
            "Handling": e.get_action_display(),
            "Hvad": e.summary,
            "Formål": e.purpose,
        }
        for e in audit_selectors.uses_of_my_data(citizen.uuid)
    ]


def build_export(
    citizen: Citizen, *, basis: str, withheld_notes: dict[int, str] | None = None
) -> Export:
    """Everything held about the citizen; `withheld_notes` maps a signed note's id to the reason
    the caseworker gave for leaving it out."""
    withheld_notes = withheld_notes or {}
    made_at = timezone.now()
    sections = []
    withheld = []
    for part in PARTS:
        model = apps.get_model(part.model)
        fk = next(
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is Citizen
        )
        rows = []
        for obj in model._default_manager.filter(**{fk: citizen}).order_by("pk"):
            reason = _withhold_reason(obj, withheld_notes)
            if reason:
                withheld.append(
                    {"Afsnit": part.title, "Hvad": _describe(obj), "Begrundelse": reason}
                )
                continue
            rows.append(_row(obj))
        sections.append({"model": part.model, "title": part.title, "rows": rows})
    data = {
        "title": f"Oplysninger om {citizen.first_name} {citizen.last_name}",
        "made_at": made_at.isoformat(),
        "basis": basis,
        "citizen": _fields(citizen),
        "sections": sections,
        "who_looked": who_looked(citizen),
        "withheld": withheld,
        "not_included": [{"model": k, "Begrundelse": v} for k, v in EXCLUDED.items()],
    }
    return Export(citizen=citizen, made_at=made_at, basis=basis, data=data)


# ---------------------------------------------------------------- the PDF


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _row_flowables(row: dict, styles, level: int = 0) -> list:
    cells = [
        [Paragraph(escape(k), styles["small"]), plan_pdf._p(_text(v), styles["small"])]
        for k, v in row.items()
        if k != "Underliggende"
    ]
    out: list = []
    if cells:
        table = Table(cells, colWidths=[45 * mm, 125 * mm - level * 5 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.grey),
                    ("LEFTPADDING", (0, 0), (0, -1), level * 5 * mm),
                ]
            )
        )
        out.append(table)
    for child in row.get("Underliggende", []):
        out.append(Paragraph(escape(child["title"]), styles["h3"]))
        for sub in child["rows"]:
            out.extend(_row_flowables(sub, styles, level + 1))
    out.append(Spacer(1, 3 * mm))
    return out


def cover_letter(export: Export, municipality: str) -> list[str]:
    citizen = export.citizen
    made = timezone.localtime(export.made_at)
    withheld = len(export.data["withheld"])
    lines = [
        f"Kære {citizen.first_name} {citizen.last_name}",
        f"Du har bedt om at se de oplysninger, {municipality} har om dig i Hjemvej. Her er de, "
        f"som de var {made:%d.%m.%Y} kl. {made:%H.%M}.",
        "Først kommer dine personoplysninger, så hvert område af din sag, og til sidst en liste "
        "over, hvornår og hvor dine oplysninger er brugt, og hvorfor. Medarbejdernes navne står "
        "ikke på den liste.",
    ]
    if withheld:
        lines.append(
            f"{withheld} dokument(er) er ikke med. Du kan se hvilke og hvorfor sidst i brevet."
        )
    lines += [
        "Er der noget, der er forkert, kan du bede om at få det rettet på Mine sider.",
        "Er du uenig i, at noget er undtaget, kan du klage til kommunen. Du kan også klage til "
        "Datatilsynet (www.datatilsynet.dk).",
        f"Venlig hilsen\n{municipality}",
    ]
    return lines


def render_pdf(export: Export, *, municipality: str) -> bytes:
    plan_pdf._register_fonts()
    styles = plan_pdf._styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=export.data["title"],
        lang="da",
    )
    story: list = [Paragraph("Dine oplysninger", styles["h1"])]
    for line in cover_letter(export, municipality):
        story.append(plan_pdf._p(line, styles["body"]))
        story.append(Spacer(1, 3 * mm))
    story.append(PageBreak())
    story.append(Paragraph("Dine personoplysninger", styles["h2"]))
    story.extend(_row_flowables(export.data["citizen"], styles))
    for section in export.data["sections"]:
        story.append(Paragraph(escape(section["title"]), styles["h2"]))
        if not section["rows"]:
            story.append(plan_pdf._p("Ingen oplysninger.", styles["small"]))
        for row in section["rows"]:
            story.extend(_row_flowables(row, styles))
    story.append(Paragraph("Hvem har brugt dine oplysninger", styles["h2"]))
    log = export.data["who_looked"]
    if log:
        head = ["Tidspunkt", "Sted", "Hvad", "Formål"]
        cells = [[Paragraph(h, styles["small"]) for h in head]] + [
            [plan_pdf._p(str(e[h]), styles["small"]) for h in head] for e in log
        ]
        table = Table(cells, colWidths=[28 * mm, 40 * mm, 62 * mm, 40 * mm], repeatRows=1)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    else:
        story.append(plan_pdf._p("Ingen har brugt dine oplysninger endnu.", styles["small"]))
    story.append(Paragraph("Det er ikke med, og hvorfor", styles["h2"]))
    for item in export.data["withheld"]:
        story.append(plan_pdf._p(f"{item['Hvad']}: {item['Begrundelse']}", styles["small"]))
    if not export.data["withheld"]:
        story.append(plan_pdf._p("Intet dokument er undtaget.", styles["small"]))
    doc.build(story)
    return buffer.getvalue()

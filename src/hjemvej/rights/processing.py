"""The records of processing (GDPR art. 30), made from the code: the models the coverage list
names (their Danish field names), the purposes and recipients below, and the retention rules in
force. Kept current because a new model with citizen data must be in coverage.PARTS."""

import datetime
import io

from django.apps import apps
from django.conf import settings
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hjemvej.plans import pdf as plan_pdf
from hjemvej.rights.coverage import HIDDEN_FIELDS, PARTS
from hjemvej.rights.retention import Rule, rule_in_force

CONTROLLER = "Den kommune, der er borgerens handlekommune (dataansvarlig)."
SUBJECTS = (
    "Hjemløse og socialt udsatte borgere, deres pårørende og netværk, kommunens medarbejdere."
)

# Why each app holds citizen data, and who receives it.
PURPOSES = {
    "people": "Identifikation af borgeren, kontakt, pårørende og samtykker (retssikkerhedsloven § 11a).",
    "offers": "Visitation til tilbud efter serviceloven (§§ 101, 107, 110 m.fl.).",
    "stays": "Ophold på tilbud, belægning og refusion (serviceloven § 110); anbringelser i "
    "købte tilbud og planer for hjemtagning.",
    "deadlines": "Lovpligtige frister: underretning, handleplan, behandlingsstart og indsigt.",
    "plans": "Udredning (VUM), handleplan (§ 141) og borgerens mål og progression.",
    "courses": "Forløb, støttetid og opfølgning efter flytning.",
    "meetings": "Møder med borgeren og påmindelser.",
    "journal": "Journalføring (offentlighedsloven § 13) og borgerens beskeder.",
    "housing": "Boligansøgninger, gæld og afdragsordninger; borgerens indkomst, så en bolig kun "
    "tilbydes, hvis borgeren kan betale huslejen (og egenbetalingen i en ungebolig).",
    "access": "Adgang til sagen for andre enheder (need-to-know).",
    "rights": "Borgerens rettigheder: indsigt, rettelse og tilbageholdelse.",
    "tracks": "Borgerens spor for sundhed, beskæftigelse og meningsfulde fællesskaber "
    "(serviceloven § 141, kommunens hjemløsestrategi).",
    "post": "Breve om sagen: underretning af handlekommunen, mødeindkaldelser og afgørelser.",
}
RECIPIENTS = {
    "people": "Handlekommunen; tilbud med en tilknytning (omfang efter adgangspolitikken).",
    "offers": "Tilbuddet; handlekommunen; andre kommuner ved mellemkommunal refusion.",
    "stays": "Tilbuddet; handlekommunen; Danmarks Statistik (kvartalsvis indberetning, § 110).",
    "deadlines": "Tilbuddet og handlekommunen.",
    "plans": "Handlekommunen; tilbud, som handleplanen er delt med; borgeren.",
    "courses": "Tilbuddet og handlekommunen; Danmarks Statistik (§ 101-behandling).",
    "meetings": "Deltagerne; sms- og e-mailudbyder (databehandler) ved påmindelser.",
    "journal": "Handlekommunen og den enhed, der skrev notatet.",
    "housing": "Handlekommunen; boligselskabet ved boliganvisning.",
    "access": "Handlekommunen.",
    "rights": "Borgeren; kommunens arkiv ved arkivering.",
    "tracks": "Handlekommunen og de enheder, der har en tilknytning til borgeren.",
    "post": "Borgeren og handlekommunen gennem Digital Post (udbyderen er databehandler); "
    "et printet brev, når borgeren er fritaget.",
}


def _retention(rules: list[Rule], category: str, today: datetime.date) -> str:
    rule = rule_in_force(rules, category, today)
    if rule is None:
        return "Ingen regel"
    parts = []
    if rule.months:
        years, months = divmod(rule.months, 12)
        parts += [f"{years} år"] if years else []
        parts += [f"{months} måneder"] if months else []
    if rule.days:
        parts.append(f"{rule.days} dage")
    text = " og ".join(parts) + " efter sagens sidste aktivitet" * (category in ("case", "journal"))
    return text + (" (arkiveres før sletning)" if rule.archive else "")


def records(rules: list[Rule], today: datetime.date) -> dict:
    rows = []
    for part in PARTS:
        model = apps.get_model(part.model)
        app = model._meta.app_label
        fields = [
            str(f.verbose_name)
            for f in model._meta.concrete_fields
            if f.name not in HIDDEN_FIELDS and not f.name.endswith("_at") and f.name != "citizen"
        ]
        category = "journal" if part.model == "journal.Note" else "case"
        rows.append(
            {
                "category": part.title,
                "model": part.model,
                "fields": fields,
                "purpose": PURPOSES.get(app, ""),
                "recipients": RECIPIENTS.get(app, ""),
                "retention": _retention(rules, category, today),
                "on_deletion": "Slettes"
                if part.erase == "delete"
                else "Anonymiseres (tælles med i statistik)",
            }
        )
    return {
        "made_on": today,
        "controller": CONTROLLER,
        "subjects": SUBJECTS,
        "rows": rows,
        "other": [
            ("Mødepåmindelser og sms-tekster", _retention(rules, "reminders", today)),
            ("Udtræk og rapportfiler", _retention(rules, "exports", today)),
            ("Logning af brug af oplysninger", f"{settings.AUDIT_RETENTION_DAYS} dage"),
        ],
    }


def render_pdf(data: dict) -> bytes:
    """The records as a PDF for the data protection officer (reportlab with DejaVu)."""
    plan_pdf._register_fonts()
    styles = plan_pdf._styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        title="Fortegnelse over behandlingsaktiviteter",
        lang="da",
    )
    p = plan_pdf._p
    story: list = [
        Paragraph("Fortegnelse over behandlingsaktiviteter (art. 30)", styles["h1"]),
        p(
            f"Dannet {data['made_on']:%d.%m.%Y} af Hjemvej ud fra systemets datamodel.",
            styles["body"],
        ),
        p(f"Dataansvarlig: {data['controller']}", styles["body"]),
        p(f"Registrerede: {data['subjects']}", styles["body"]),
        Spacer(1, 4 * mm),
    ]
    head = ["Kategori", "Oplysninger", "Formål", "Modtagere", "Opbevaring", "Ved sletning"]
    cells = [[Paragraph(h, styles["small"]) for h in head]]
    for row in data["rows"]:
        cells.append(
            [
                p(row["category"], styles["small"]),
                p(", ".join(row["fields"]), styles["small"]),
                p(row["purpose"], styles["small"]),
                p(row["recipients"], styles["small"]),
                p(row["retention"], styles["small"]),
                p(row["on_deletion"], styles["small"]),
            ]
        )
    table = Table(
        cells, colWidths=[35 * mm, 70 * mm, 50 * mm, 50 * mm, 35 * mm, 27 * mm], repeatRows=1
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    story.append(Paragraph("Øvrige kategorier", styles["h2"]))
    for name, value in data["other"]:
        story.append(p(f"{name}: {value}", styles["body"]))
    doc.build(story)
    return buffer.getvalue()

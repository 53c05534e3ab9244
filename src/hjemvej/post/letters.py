"""The letters' texts in plain Danish and their PDF (reportlab with DejaVu, as the plan's PDF).

A letter is a subject and a list of paragraphs; `render_pdf` lays it out with the sender, the
recipient and the date. The texts are written once here, for the three kinds of post.Letter."""

import datetime
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from hjemvej.meetings.models import Meeting
from hjemvej.offers.models import Referral, ReferralStatus
from hjemvej.plans.pdf import BOLD, FONT, _register_fonts
from hjemvej.stays.models import Stay

# Klagevejledning: retssikkerhedslovens §§ 66-67 (4 weeks; the municipality reconsiders first).
COMPLAINT_GUIDANCE = (
    "Du kan klage over afgørelsen. Klagen skal være modtaget senest 4 uger efter, at du har "
    "fået denne afgørelse. Send klagen til kommunen – skriftligt eller mundtligt. Kommunen ser "
    "på sagen igen. Giver kommunen dig ikke ret, sender den din klage videre til Ankestyrelsen "
    "(retssikkerhedslovens §§ 66 og 67). Du kan få hjælp til at klage af din sagsbehandler."
)


@dataclass(frozen=True)
class LetterText:
    subject: str
    recipient: str
    paragraphs: list[str]


def _date(d: datetime.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


def stay_notice(stay: Stay) -> LetterText:
    citizen = stay.citizen
    municipality = citizen.acting_municipality
    return LetterText(
        subject=f"Underretning om ophold på {stay.offer.name} (servicelovens § 110, stk. 6)",
        recipient=f"{municipality.name} Kommune, myndighedsafdelingen",
        paragraphs=[
            f"{citizen.full_name}, CPR-nummer {citizen.cpr[:6]}-{citizen.cpr[6:]}, er optaget på "
            f"{stay.offer.name}. Optagelsen blev besluttet den {_date(stay.decided_on)}, og "
            f"opholdet begyndte den {_date(stay.started_on)}.",
            "Vi skriver til jer, fordi I er borgerens handlekommune. Efter servicelovens "
            "§ 110, stk. 6, skal herberget give handlekommunen besked om et ophold.",
            "I skal tilbyde borgeren en handleplan efter servicelovens § 141. Kontakt os, hvis I "
            "vil holde et møde om borgerens videre forløb.",
        ],
    )


def meeting_invitation(meeting: Meeting) -> LetterText:
    assert meeting.citizen is not None
    local = timezone.localtime(meeting.starts_at)
    contact = meeting.contact_person.get_full_name() or meeting.contact_person.username
    return LetterText(
        subject=f"Du er inviteret til et møde den {local:%d.%m.%Y} kl. {local:%H.%M}",
        recipient=meeting.citizen.full_name,
        paragraphs=[
            f"Kære {meeting.citizen.first_name}",
            f"Vi vil gerne holde et møde med dig: {meeting.get_kind_display().lower()}.",
            f"Tid: {local:%d.%m.%Y} kl. {local:%H.%M}.",
            f"Sted: {meeting.place}.",
            f"Din kontaktperson er {contact} fra {meeting.unit.name}.",
            "Du må gerne tage en du kender med. Kan du ikke komme, så giv os besked, så finder "
            "vi en anden tid.",
        ],
    )


def decision(referral: Referral) -> LetterText:
    approved = referral.status == ReferralStatus.APPROVED
    offer = referral.offer.name
    paragraphs = [f"Kære {referral.citizen.first_name}"]
    if approved:
        subject = f"Du har fået bevilget {offer}"
        paragraphs.append(
            f"Vi har den {_date(referral.decided_on)} besluttet, at du kan få {offer}."
        )
        if referral.reason:
            paragraphs.append(f"Begrundelse: {referral.reason}")
        paragraphs.append("Du hører nærmere om, hvornår du kan begynde.")
    else:
        subject = f"Afslag på {offer}"
        paragraphs.append(
            f"Vi har den {_date(referral.decided_on)} besluttet, at du ikke kan få {offer}."
        )
        paragraphs.append(f"Begrundelse: {referral.reason or '–'}")
    paragraphs += ["Sådan klager du", COMPLAINT_GUIDANCE]
    return LetterText(subject=subject, recipient=referral.citizen.full_name, paragraphs=paragraphs)


def render_pdf(text: LetterText, *, sender: str, on: datetime.date | None = None) -> bytes:
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, spaceAfter=6)
    small = ParagraphStyle("small", parent=body, fontSize=9.5, leading=12)
    h1 = ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=15, leading=19, spaceAfter=10)
    h2 = ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=12, leading=16, spaceBefore=6)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=text.subject,
        author=sender,
    )
    story = [
        Paragraph(escape(f"Fra: {sender}"), small),
        Paragraph(escape(f"Til: {text.recipient}"), small),
        Paragraph(escape(f"Dato: {_date(on or timezone.localdate())}"), small),
        Spacer(1, 8 * mm),
        Paragraph(escape(text.subject), h1),
    ]
    for paragraph in text.paragraphs:
        style = h2 if paragraph == "Sådan klager du" else body
        story.append(Paragraph(escape(paragraph), style))
    doc.build(story)
    return buffer.getvalue()

"""Where letters go. The backend is chosen by a dotted path in settings.DIGITAL_POST_BACKEND
(HJEMVEJ_DIGITAL_POST_BACKEND), as the SMS and CPR backends are:

- `FileBackend` (demo and tests) writes the MeMo message and the PDF to a folder, one pair per
  letter, named by the letter's UUID.
- `NgdpBackend` posts the MeMo message to the national Digital Post (NgDP) through the
  municipality's access (Serviceplatformen / a Fjernprint-MeMo gateway) over HTTPS with the
  municipality's client certificate.

The MeMo message built here follows the structure of MeMo 1.1 (MessageHeader with sender,
recipient and label; MessageBody with the PDF as the main document). The exact format, the
endpoint and the headers depend on the municipality's agreement and must be checked against it
before use (docs/operations.md, "Digital Post").

Each backend gets the letter's UUID as the message UUID, so a send repeated after a worker died
between sending and committing is the same message: the file backend overwrites its files, and
NgDP drops a messageUUID it has already received."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

NS_MEMO = "https://DigitalPost.dk/MeMo-1"
MEMO_VERSION = "1.1"


class SendError(Exception):
    """The backend could not send; the job tries again later (bounded)."""


@dataclass(frozen=True)
class Outgoing:
    reference: str  # the letter's UUID, used as MeMo messageUUID
    recipient_id: str  # CPR number of a citizen, or the authority's id
    recipient_id_type: str  # "CPR" or "CVR"/"KOMMUNEKODE"
    recipient_name: str
    subject: str
    pdf: bytes


def backend():
    return import_string(settings.DIGITAL_POST_BACKEND)()


def build_memo(message: Outgoing) -> bytes:
    """A MeMo-like XML message with the PDF as its main document."""
    ElementTree.register_namespace("memo", NS_MEMO)

    def sub(parent, tag: str, text: str | None = None):
        element = ElementTree.SubElement(parent, f"{{{NS_MEMO}}}{tag}")
        if text is not None:
            element.text = text
        return element

    root = ElementTree.Element(
        f"{{{NS_MEMO}}}Message", {"memoVersion": MEMO_VERSION, "memoSchVersion": "1.1.0"}
    )
    header = sub(root, "MessageHeader")
    sub(header, "messageType", "DIGITALPOST")
    sub(header, "messageUUID", message.reference)
    sub(header, "label", message.subject)
    sub(header, "mandatory", "false")
    sub(header, "legalNotification", "false")
    sender = sub(header, "Sender")
    sub(sender, "senderID", settings.DIGITAL_POST_SENDER_CVR)
    sub(sender, "idType", "CVR")
    sub(sender, "label", settings.DIGITAL_POST_SENDER_NAME)
    recipient = sub(header, "Recipient")
    sub(recipient, "recipientID", message.recipient_id)
    sub(recipient, "idType", message.recipient_id_type)
    sub(recipient, "label", message.recipient_name)
    body = sub(root, "MessageBody")
    sub(body, "createdDateTime", timezone.now().replace(microsecond=0).isoformat())
    main = sub(body, "MainDocument")
    sub(main, "mainDocumentID", message.reference)
    sub(main, "label", message.subject)
    file = sub(main, "File")
    sub(file, "encodingFormat", "application/pdf")
    sub(file, "filename", "brev.pdf")
    sub(file, "language", "da")
    sub(file, "content", base64.b64encode(message.pdf).decode("ascii"))
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


class FileBackend:
    """Demo and tests: <outbox>/<uuid>.xml (the MeMo message) and <uuid>.pdf."""

    def send(self, message: Outgoing) -> str:
        folder = Path(settings.DIGITAL_POST_OUTBOX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, content in ((".xml", build_memo(message)), (".pdf", message.pdf)):
            path = folder / f"{message.reference}{suffix}"
            tmp = path.with_suffix(suffix + ".tmp")
            tmp.write_bytes(content)
            tmp.replace(path)
        return f"fil:{message.reference}"


class NgdpBackend:
    """The national Digital Post: POST the MeMo message over HTTPS with the municipality's
    client certificate (HJEMVEJ_DIGITAL_POST_CERT_FILE/_KEY_FILE, CA in _CA_FILE). The receipt
    is the service's transaction id (header or body), else the message UUID it accepted."""

    def send(self, message: Outgoing) -> str:
        url = settings.DIGITAL_POST_URL
        cert, key = settings.DIGITAL_POST_CERT_FILE, settings.DIGITAL_POST_KEY_FILE
        if not (url and cert and key and settings.DIGITAL_POST_SENDER_CVR):
            raise SendError("Digital Post er ikke sat op (adresse, certifikat, afsender-CVR).")
        try:
            response = requests.post(
                url,
                data=build_memo(message),
                headers={
                    "Content-Type": "application/xml; charset=utf-8",
                    "X-Message-UUID": message.reference,
                    "X-Transaction-Id": str(uuid.uuid4()),
                },
                cert=(cert, key),
                verify=settings.DIGITAL_POST_CA_FILE or True,
                timeout=settings.DIGITAL_POST_TIMEOUT_SECONDS,
            )
        except (requests.RequestException, OSError) as exc:
            raise SendError(f"Digital Post svarede ikke: {type(exc).__name__}") from exc
        if response.status_code >= 300:
            raise SendError(f"Digital Post svarede {response.status_code}.")
        receipt = response.headers.get("X-Transaction-Id", "") or response.text.strip()[:200]
        return receipt or message.reference

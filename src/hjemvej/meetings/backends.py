"""Where reminders go. Every backend gets the reminder's UUID as a reference, so a send that is
repeated after a worker died between sending and committing is recognised as the same message:
the file backend overwrites the same file, the SMS gateway receives the same reference."""

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string


class SendError(Exception):
    """The backend could not send; the reminder is tried again later."""


@dataclass(frozen=True)
class Message:
    reference: str  # the reminder's UUID
    recipient: str
    subject: str
    text: str


class FileSmsBackend:
    """Development and demo: one file per SMS in var/outbox/sms/, named by the reminder."""

    def send(self, message: Message) -> str:
        folder = Path(settings.SMS_OUTBOX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{message.reference}.txt"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(f"Til: {message.recipient}\n\n{message.text}\n", encoding="utf-8")
        tmp.replace(path)
        return str(path.name)


class ConsoleSmsBackend:
    def send(self, message: Message) -> str:
        print(f"SMS til {message.recipient}: {message.text}")  # noqa: T201
        return "console"


class HttpSmsBackend:
    """Production: POST JSON to an SMS gateway (HJEMVEJ_SMS_GATEWAY_URL) with a bearer token.
    The reminder's UUID goes along as `reference` so the gateway can drop duplicates."""

    timeout = 15

    def send(self, message: Message) -> str:
        if not settings.SMS_GATEWAY_URL:
            raise SendError("HJEMVEJ_SMS_GATEWAY_URL er ikke sat.")
        body = json.dumps(
            {
                "to": message.recipient,
                "from": settings.SMS_SENDER,
                "text": message.text,
                "reference": message.reference,
            }
        ).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
            settings.SMS_GATEWAY_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
                "Idempotency-Key": message.reference,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                if response.status >= 300:
                    raise SendError(f"SMS-gatewayen svarede {response.status}.")
                return response.headers.get("X-Message-Id", "") or message.reference
        except OSError as exc:
            raise SendError(f"SMS-gatewayen svarede ikke: {exc}") from exc


class DjangoEmailBackend:
    """E-mail through Django's EMAIL_BACKEND: files in var/outbox/email/ by default, SMTP when
    HJEMVEJ_EMAIL_HOST is set. The Message-ID carries the reminder's UUID."""

    def send(self, message: Message) -> str:
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1] or "hjemvej"
        message_id = f"<{message.reference}@{domain}>"
        email = EmailMessage(
            subject=message.subject,
            body=message.text,
            to=[message.recipient],
            headers={"Message-ID": message_id},
        )
        try:
            email.send(fail_silently=False)
        except OSError as exc:
            raise SendError(f"E-mailen kunne ikke sendes: {exc}") from exc
        return message_id


def sms_backend():
    return import_string(settings.REMINDER_SMS_BACKEND)()


def email_backend():
    return import_string(settings.REMINDER_EMAIL_BACKEND)()

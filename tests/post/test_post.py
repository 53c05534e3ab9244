"""Digital Post (issue 18 item 3): letters as PDFs in plain Danish, the file and the national
backends (against a local fake server), the background job with bounded retries and exactly-once
delivery, exempt citizens' printed letter tasks, the audit log and the pages."""

import base64
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hjemvej.audit.context import acting_as
from hjemvej.audit.models import AuditEntry
from hjemvej.deadlines.models import Task
from hjemvej.post import backends, services
from hjemvej.post.models import Letter

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "brev.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def send_notice(stay, user):
    with acting_as(user):
        return services.do_send_stay_notice(user=user, stay=stay)


# ---------------------------------------------------------------- letters


def test_stay_notice_pdf_names_the_citizen_the_shelter_and_the_law(
    stay, shelter_worker_ishoj, tmp_path
):
    letter = send_notice(stay, shelter_worker_ishoj)
    text = pdf_text(bytes(letter.pdf), tmp_path)
    assert "Søren Ærø" in text
    assert f"{stay.citizen.cpr[:6]}-{stay.citizen.cpr[6:]}" in text
    assert "§ 110, stk. 6" in text
    assert "Ballerup Kommune" in text
    assert letter.recipient_municipality == stay.citizen.acting_municipality
    assert letter.status == Letter.Status.QUEUED


def test_meeting_invitation_pdf_has_time_place_and_contact(meeting, caseworker_ishoj, tmp_path):
    with acting_as(caseworker_ishoj):
        letter = services.do_send_meeting_invitation(user=caseworker_ishoj, meeting=meeting)
    text = pdf_text(bytes(letter.pdf), tmp_path)
    assert "Kære Jørgen" in text
    assert "Ishøj Store Torv 20" in text
    assert "Du er inviteret til et møde" in text
    assert letter.recipient_municipality is None


def test_refusal_pdf_has_the_reason_and_the_complaint_guidance(
    refused_referral, shelter_worker_ishoj, tmp_path
):
    with acting_as(shelter_worker_ishoj):
        letter = services.do_send_decision(user=shelter_worker_ishoj, referral=refused_referral)
    text = pdf_text(bytes(letter.pdf), tmp_path)
    assert "Afslag på" in text
    assert "ingen ledige pladser" in text
    assert "Sådan klager du" in text
    assert "4 uger" in text and "Ankestyrelsen" in text


def test_an_undecided_referral_has_no_decision_letter(
    shelter, caseworker_ishoj, shelter_worker_ishoj, citizen_ishoj
):
    from hjemvej.offers import services as offers

    with acting_as(caseworker_ishoj):
        referral = offers.do_refer(
            user=caseworker_ishoj, citizen=citizen_ishoj, offer=shelter, facts={}
        )
    with acting_as(shelter_worker_ishoj), pytest.raises(ValidationError):
        services.do_send_decision(user=shelter_worker_ishoj, referral=referral)
    assert not Letter.objects.exists()


def test_others_may_not_send(stay, analyst_ishoj, admin_user, manager_ishoj):
    for user in (analyst_ishoj, admin_user, manager_ishoj):
        with acting_as(user), pytest.raises(PermissionDenied):
            services.do_send_stay_notice(user=user, stay=stay)
    assert not Letter.objects.exists()


# ---------------------------------------------------------------- the job


def test_sending_completes_the_notify_task_and_writes_the_file(stay, shelter_worker_ishoj, outbox):
    letter = send_notice(stay, shelter_worker_ishoj)
    assert services.deliver(letter.pk) == Letter.Status.SENT
    letter.refresh_from_db()
    assert letter.receipt_id == f"fil:{letter.uuid}"
    assert letter.sent_at is not None and letter.attempts == 1
    task = stay.tasks.get(kind=Task.Kind.NOTIFY)
    assert task.done_on is not None and task.done_by == shelter_worker_ishoj
    assert letter.receipt_id in task.note
    memo = ElementTree.parse(outbox / f"{letter.uuid}.xml").getroot()
    ns = {"memo": backends.NS_MEMO}
    assert memo.find("memo:MessageHeader/memo:messageUUID", ns).text == str(letter.uuid)
    assert memo.find("memo:MessageHeader/memo:Recipient/memo:idType", ns).text == "KOMMUNEKODE"
    content = memo.find("memo:MessageBody/memo:MainDocument/memo:File/memo:content", ns).text
    assert base64.b64decode(content) == (outbox / f"{letter.uuid}.pdf").read_bytes()
    # A second notice is refused: the duty is done.
    with acting_as(shelter_worker_ishoj), pytest.raises(ValidationError):
        services.do_send_stay_notice(user=shelter_worker_ishoj, stay=stay)


class Flaky:
    """Fails twice, then succeeds; counts the successful sends."""

    calls = 0
    sent: list[str] = []

    def send(self, message):
        Flaky.calls += 1
        if Flaky.calls <= 2:
            raise backends.SendError("Digital Post svarede 503.")
        Flaky.sent.append(message.reference)
        return "kvittering-42"


def test_fails_twice_then_succeeds_once(stay, shelter_worker_ishoj, settings):
    from django_tasks_db.models import DBTaskResult

    settings.DIGITAL_POST_BACKEND = "tests.post.test_post.Flaky"
    Flaky.calls, Flaky.sent = 0, []
    letter = send_notice(stay, shelter_worker_ishoj)
    assert services.deliver(letter.pk) == Letter.Status.QUEUED
    letter.refresh_from_db()
    assert letter.attempts == 1 and "503" in letter.last_error
    assert services.deliver(letter.pk) == Letter.Status.QUEUED
    assert services.deliver(letter.pk) == Letter.Status.SENT
    # Run again (a duplicated job): nothing is sent twice.
    assert services.deliver(letter.pk) == Letter.Status.SENT
    letter.refresh_from_db()
    assert letter.attempts == 3 and letter.receipt_id == "kvittering-42"
    assert Flaky.sent == [str(letter.uuid)]
    assert DBTaskResult.objects.count() == 0  # on_commit: the test's transaction never commits


def test_retries_are_queued_with_backoff(
    stay, shelter_worker_ishoj, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.DIGITAL_POST_BACKEND = "tests.post.test_post.Flaky"
    Flaky.calls, Flaky.sent = 0, []
    with django_capture_on_commit_callbacks(execute=True):
        letter = send_notice(stay, shelter_worker_ishoj)
    assert DBTaskResult.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.deliver(letter.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.deliver(letter.pk)
    jobs = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert len(jobs) == 3  # the first send and two retries
    assert jobs[1].run_after < jobs[2].run_after
    assert services.retry_delay(1).total_seconds() == 60
    assert services.retry_delay(2).total_seconds() == 120


def test_gives_up_after_the_last_attempt(stay, shelter_worker_ishoj, settings):
    class Down:
        def send(self, message):
            raise backends.SendError("Digital Post svarede ikke: ConnectionError")

    settings.DIGITAL_POST_MAX_ATTEMPTS = 2
    settings.DIGITAL_POST_BACKEND = "tests.post.test_post.Flaky"
    Flaky.calls, Flaky.sent = -10, []  # fails for a long while
    letter = send_notice(stay, shelter_worker_ishoj)
    services.deliver(letter.pk)
    assert services.deliver(letter.pk) == Letter.Status.FAILED
    assert services.deliver(letter.pk) == Letter.Status.FAILED
    letter.refresh_from_db()
    assert letter.attempts == 2
    assert stay.tasks.get(kind=Task.Kind.NOTIFY).done_on is None
    assert AuditEntry.objects.filter(summary__startswith="Digital Post fejlede").count() == 1


def test_the_job_runs_through_django_tasks(stay, shelter_worker_ishoj):
    from hjemvej.post.tasks import send_letter

    letter = send_notice(stay, shelter_worker_ishoj)
    assert send_letter.call(letter.pk) == Letter.Status.SENT


# ---------------------------------------------------------------- exempt citizens, audit


def test_exempt_citizen_gets_a_print_task_not_digital_post(
    meeting, caseworker_ishoj, outbox, as_user
):
    meeting.citizen.digital_post_exempt = True
    meeting.citizen.save()
    with acting_as(caseworker_ishoj):
        letter = services.do_send_meeting_invitation(user=caseworker_ishoj, meeting=meeting)
    assert letter.status == Letter.Status.PRINT
    task = letter.task
    assert task.kind == Task.Kind.PRINT_LETTER and task.done_on is None
    assert task.municipality == meeting.citizen.acting_municipality
    assert services.deliver(letter.pk) == Letter.Status.PRINT  # the job does not send it
    assert not outbox.exists()
    response = as_user(caseworker_ishoj).get(reverse("post:task_pdf", args=[task.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(letter.pdf)


def test_every_letter_is_audited(stay, shelter_worker_ishoj):
    letter = send_notice(stay, shelter_worker_ishoj)
    services.deliver(letter.pk)
    rows = AuditEntry.objects.filter(object_id=str(letter.uuid)).order_by("seq")
    summaries = [r.summary for r in rows]
    assert "Brev lagt i kø til Digital Post: Underretning om ophold (§110, stk. 6)" in summaries
    assert "Brev sendt med Digital Post: Underretning om ophold (§110, stk. 6)" in summaries
    sent = rows.get(summary__startswith="Brev sendt")
    assert sent.actor_id == shelter_worker_ishoj.pk
    assert sent.action == "export"


# ---------------------------------------------------------------- the national backend


class FakeNgdp(BaseHTTPRequestHandler):
    received: list[tuple[dict, bytes]] = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeNgdp.received.append((dict(self.headers), body))
        self.send_response(FakeNgdp.status)
        self.send_header("X-Transaction-Id", "ngdp-tx-1")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_ngdp(settings, tmp_path):
    server = HTTPServer(("127.0.0.1", 0), FakeNgdp)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    cert, key = tmp_path / "kommune.crt", tmp_path / "kommune.key"
    cert.write_text("fake")
    key.write_text("fake")
    FakeNgdp.received, FakeNgdp.status = [], 200
    settings.DIGITAL_POST_BACKEND = "hjemvej.post.backends.NgdpBackend"
    settings.DIGITAL_POST_URL = f"http://127.0.0.1:{server.server_address[1]}/memo"
    settings.DIGITAL_POST_CERT_FILE, settings.DIGITAL_POST_KEY_FILE = str(cert), str(key)
    settings.DIGITAL_POST_SENDER_CVR = "29189773"
    settings.DIGITAL_POST_SENDER_NAME = "Ishøj Kommune"
    yield server
    server.shutdown()


def test_national_backend_posts_the_memo_message(fake_ngdp, meeting, caseworker_ishoj):
    with acting_as(caseworker_ishoj):
        letter = services.do_send_meeting_invitation(user=caseworker_ishoj, meeting=meeting)
    assert services.deliver(letter.pk) == Letter.Status.SENT
    letter.refresh_from_db()
    assert letter.receipt_id == "ngdp-tx-1"
    headers, body = FakeNgdp.received[0]
    assert headers["X-Message-UUID"] == str(letter.uuid)
    ns = {"memo": backends.NS_MEMO}
    memo = ElementTree.fromstring(body)
    header = memo.find("memo:MessageHeader", ns)
    assert header.find("memo:Sender/memo:senderID", ns).text == "29189773"
    assert header.find("memo:Recipient/memo:recipientID", ns).text == meeting.citizen.cpr
    assert header.find("memo:Recipient/memo:idType", ns).text == "CPR"
    content = memo.find("memo:MessageBody/memo:MainDocument/memo:File/memo:content", ns).text
    assert base64.b64decode(content) == bytes(letter.pdf)


def test_national_backend_errors_become_retries(fake_ngdp, stay, shelter_worker_ishoj, settings):
    FakeNgdp.status = 503
    letter = send_notice(stay, shelter_worker_ishoj)
    assert services.deliver(letter.pk) == Letter.Status.QUEUED
    letter.refresh_from_db()
    assert letter.last_error == "Digital Post svarede 503."
    settings.DIGITAL_POST_URL = "http://127.0.0.1:1/nowhere"
    services.deliver(letter.pk)
    letter.refresh_from_db()
    assert letter.last_error.startswith("Digital Post svarede ikke")
    settings.DIGITAL_POST_CERT_FILE = ""
    services.deliver(letter.pk)
    letter.refresh_from_db()
    assert "ikke sat op" in letter.last_error and letter.attempts == 3


# ---------------------------------------------------------------- pages


def test_send_buttons_and_the_letters_tab(
    stay, meeting, refused_referral, shelter_worker_ishoj, caseworker_ishoj, as_user
):
    shelter = as_user(shelter_worker_ishoj)
    page = shelter.get(reverse("people:section", args=[stay.citizen.uuid, "ophold"]))
    assert "Send som digital post" in page.content.decode()
    response = shelter.post(reverse("post:stay_notice", args=[stay.uuid]), follow=True)
    assert "lagt i kø til Digital Post" in response.content.decode()
    assert Letter.objects.filter(stay=stay, kind=Letter.Kind.STAY_NOTICE).count() == 1
    services.deliver(Letter.objects.get(stay=stay).pk)
    page = shelter.get(reverse("people:section", args=[stay.citizen.uuid, "ophold"]))
    assert "Brev: Underretning om ophold (§110, stk. 6) – sendt" in page.content.decode()

    cw = as_user(caseworker_ishoj)
    detail = cw.get(reverse("meetings:detail", args=[meeting.uuid])).content.decode()
    assert "Send som digital post" in detail
    cw.post(reverse("post:meeting_invitation", args=[meeting.uuid]))
    detail = cw.get(reverse("meetings:detail", args=[meeting.uuid])).content.decode()
    assert "Mødeindkaldelse" in detail and "I kø" in detail

    page = shelter.get(reverse("offers:referral", args=[refused_referral.uuid])).content.decode()
    assert "Send som digital post" in page
    response = shelter.post(reverse("post:decision", args=[refused_referral.uuid]), follow=True)
    assert "lagt i kø" in response.content.decode(), response.content.decode()[-3000:]
    letter = Letter.objects.get(referral=refused_referral)
    own = shelter.get(reverse("post:letter_pdf", args=[letter.uuid]))
    assert own.status_code == 200  # the shelter that refused reads its letter
    tab = cw.get(reverse("people:section", args=[meeting.citizen.uuid, "breve"])).content.decode()
    assert "Afgørelse om visitation" in tab and "Mødeindkaldelse" in tab
    pdf = cw.get(reverse("post:letter_pdf", args=[letter.uuid]))
    assert pdf.status_code == 200 and pdf.content == bytes(letter.pdf)


def test_outsiders_get_404(stay, caseworker_ballerup, analyst_ishoj, as_user):
    letter = send_notice(stay, stay.offer.unit.memberships.first().user)
    outsider = as_user(analyst_ishoj)
    assert outsider.get(reverse("post:letter_pdf", args=[letter.uuid])).status_code == 404
    assert outsider.post(reverse("post:stay_notice", args=[stay.uuid])).status_code == 404


def test_the_exemption_is_set_on_the_citizen_form(citizen_ishoj, caseworker_ishoj, as_user):
    client = as_user(caseworker_ishoj)
    form = client.get(reverse("people:edit", args=[citizen_ishoj.uuid])).content.decode()
    assert "Fritaget for digital post" in form
    data = {
        "first_name": citizen_ishoj.first_name,
        "last_name": citizen_ishoj.last_name,
        "gender": citizen_ishoj.gender,
        "phone": citizen_ishoj.phone,
        "acting_municipality": citizen_ishoj.acting_municipality_id,
        "digital_post_exempt": "on",
        "version": citizen_ishoj.version,
    }
    client.post(reverse("people:edit", args=[citizen_ishoj.uuid]), data)
    citizen_ishoj.refresh_from_db()
    assert citizen_ishoj.digital_post_exempt
    page = client.get(reverse("people:personal", args=[citizen_ishoj.uuid])).content.decode()
    assert "Fritaget for digital post – breve udskrives" in page

"""The CPR register backends: the local one with fictitious persons, and the national service
platform's look-up (SF6002 PersonBaseDataExtended) against a local fake HTTP server that answers
in the recorded shape. No real calls."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from hjemvej.people import cprregister
from hjemvej.people.cprregister import (
    CprServiceError,
    LocalCprBackend,
    ServiceplatformenCprBackend,
)

# The shape of a PersonLookupResponse as the service platform answers it (trimmed; fictitious).
RECORDED = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <ns2:PersonLookupResponse
        xmlns:ns2="http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/5/"
        xmlns:ns3="http://serviceplatformen.dk/xml/schemas/cpr/PersonBaseDataExtended/5/">
      <ns3:persondata>
        <ns3:navn>
          <ns3:fornavn>Karen</ns3:fornavn>
          <ns3:mellemnavn>Birgitte</ns3:mellemnavn>
          <ns3:efternavn>Sørensen</ns3:efternavn>
          <ns3:adresseringsnavn>Sørensen,Karen Birgitte</ns3:adresseringsnavn>
        </ns3:navn>
        <ns3:koen>K</ns3:koen>
        <ns3:statsborgerskab>5100</ns3:statsborgerskab>
      </ns3:persondata>
      <ns3:beskyttelse>
        <ns3:navneOgAdressebeskyttelse>{protected}</ns3:navneOgAdressebeskyttelse>
        <ns3:lokalvejviserbeskyttelse>false</ns3:lokalvejviserbeskyttelse>
      </ns3:beskyttelse>
      <ns3:adresse>
        <ns3:aktuelAdresse>
          <ns3:kommunekode>0183</ns3:kommunekode>
          <ns3:vejkode>0420</ns3:vejkode>
          <ns3:vejadresseringsnavn>Ishøj Strandvej</ns3:vejadresseringsnavn>
          <ns3:husnummer>7A</ns3:husnummer>
          <ns3:etage>1</ns3:etage>
          <ns3:sidedoer>th</ns3:sidedoer>
          <ns3:postnummer>2635</ns3:postnummer>
          <ns3:postdistrikt>Ishøj</ns3:postdistrikt>
        </ns3:aktuelAdresse>
      </ns3:adresse>
    </ns2:PersonLookupResponse>
  </soap:Body>
</soap:Envelope>"""

NOT_FOUND_FAULT = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<soap:Fault><faultcode>soap:Client</faultcode>
<faultstring>PNR ikke fundet i CPR</faultstring></soap:Fault></soap:Body></soap:Envelope>"""

OTHER_FAULT = NOT_FOUND_FAULT.replace("PNR ikke fundet i CPR", "Ingen gyldig serviceaftale")


class FakeServiceplatform(BaseHTTPRequestHandler):
    answer = (200, RECORDED.format(protected="false"))
    requests: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).requests.append((dict(self.headers), body))
        status, text = type(self).answer
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.end_headers()
        self.wfile.write(text.encode("utf-8"))

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_platform(settings, tmp_path):
    server = HTTPServer(("127.0.0.1", 0), FakeServiceplatform)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeServiceplatform.requests = []
    FakeServiceplatform.answer = (200, RECORDED.format(protected="false"))
    cert, key = tmp_path / "kommune.crt", tmp_path / "kommune.key"
    cert.write_text("fake")
    key.write_text("fake")
    settings.CPR_SERVICE_URL = f"http://127.0.0.1:{server.server_address[1]}/service/CPR"
    settings.CPR_CERT_FILE, settings.CPR_KEY_FILE = str(cert), str(key)
    settings.CPR_SERVICE_AGREEMENT_UUID = "11111111-1111-4111-8111-111111111111"
    settings.CPR_USER_SYSTEM_UUID = "22222222-2222-4222-8222-222222222222"
    settings.CPR_USER_UUID = "33333333-3333-4333-8333-333333333333"
    settings.CPR_SERVICE_UUID = "44444444-4444-4444-8444-444444444444"
    settings.CPR_ACCOUNTING_INFO = "Hjemvej"
    yield FakeServiceplatform
    server.shutdown()
    server.server_close()


def test_local_backend_knows_its_fictitious_persons():
    person = LocalCprBackend().lookup("0101901112")
    assert person is not None
    assert (person.first_name, person.last_name) == ("Freja Marie", "Kildegaard")
    assert (person.postal_code, person.city, person.protected_address) == ("2635", "Ishøj", False)
    assert LocalCprBackend().lookup("2207781234").protected_address is True
    assert LocalCprBackend().lookup("0101900000") is None


def test_the_backend_is_chosen_by_setting(settings):
    settings.CPR_BACKEND = "hjemvej.people.cprregister.ServiceplatformenCprBackend"
    assert isinstance(cprregister.cpr_backend(), ServiceplatformenCprBackend)
    settings.CPR_BACKEND = "hjemvej.people.cprregister.LocalCprBackend"
    assert isinstance(cprregister.cpr_backend(), LocalCprBackend)


def test_national_backend_sends_the_soap_request_and_reads_the_reply(fake_platform):
    person = ServiceplatformenCprBackend().lookup("0505801234")
    assert person == cprregister.CprPerson(
        cpr="0505801234",
        first_name="Karen Birgitte",
        last_name="Sørensen",
        address="Ishøj Strandvej 7A, 1 th.",
        postal_code="2635",
        city="Ishøj",
        protected_address=False,
    )
    headers, body = fake_platform.requests[0]
    assert headers["Content-Type"].startswith("text/xml")
    assert headers["SOAPAction"].endswith("PersonBaseDataExtended/5/callPersonLookup")
    text = body.decode("utf-8")
    assert "PersonLookupRequest" in text
    assert "<pnr:PNR>0505801234</pnr:PNR>" in text
    assert (
        "<inv:ServiceAgreementUUID>11111111-1111-4111-8111-111111111111"
        "</inv:ServiceAgreementUUID>" in text
    )
    assert "<inv:UserSystemUUID>22222222-2222-4222-8222-222222222222</inv:UserSystemUUID>" in text
    assert "<inv:ServiceUUID>44444444-4444-4444-8444-444444444444</inv:ServiceUUID>" in text


def test_national_backend_reads_the_protection(fake_platform):
    fake_platform.answer = (200, RECORDED.format(protected="true"))
    assert ServiceplatformenCprBackend().lookup("0505801234").protected_address is True


def test_national_backend_not_found_fault_is_none_and_other_faults_are_errors(fake_platform):
    fake_platform.answer = (500, NOT_FOUND_FAULT)
    assert ServiceplatformenCprBackend().lookup("0505801234") is None
    fake_platform.answer = (500, OTHER_FAULT)
    with pytest.raises(CprServiceError, match="Ingen gyldig serviceaftale"):
        ServiceplatformenCprBackend().lookup("0505801234")
    fake_platform.answer = (503, "Service Unavailable")
    with pytest.raises(CprServiceError, match="503"):
        ServiceplatformenCprBackend().lookup("0505801234")
    fake_platform.answer = (200, '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    with pytest.raises(CprServiceError, match="DTD"):
        ServiceplatformenCprBackend().lookup("0505801234")


def test_national_backend_unreachable_or_unconfigured_is_an_error(fake_platform, settings):
    settings.CPR_SERVICE_URL = "http://127.0.0.1:1/nowhere"
    with pytest.raises(CprServiceError, match="svarede ikke"):
        ServiceplatformenCprBackend().lookup("0505801234")
    settings.CPR_CERT_FILE = ""
    with pytest.raises(CprServiceError, match="ikke sat op"):
        ServiceplatformenCprBackend().lookup("0505801234")

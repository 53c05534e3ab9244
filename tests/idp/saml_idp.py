"""A real SAML 2.0 identity provider for the tests, built on pysaml2's IdP (saml2.server), run
as a child process on 127.0.0.1. It signs its assertions, shows a login form, and posts the
response to the service provider's assertion consumer service.

Environment: PORT, SP_METADATA (file), USERS_FILE (JSON: login -> attributes, read at every
login), KEY_FILE, CERT_FILE."""

import html
import json
import os
import shutil
import sys
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

PORT = int(os.environ["PORT"])
BASE = f"http://127.0.0.1:{PORT}"


def config() -> IdPConfig:
    c = IdPConfig()
    c.load(
        {
            "entityid": f"{BASE}/metadata",
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": os.environ["KEY_FILE"],
            "cert_file": os.environ["CERT_FILE"],
            "metadata": {"local": [os.environ["SP_METADATA"]]},
            "service": {
                "idp": {
                    "name": "Test-IdP",
                    "endpoints": {
                        "single_sign_on_service": [(f"{BASE}/sso/redirect", BINDING_HTTP_REDIRECT)]
                    },
                    "policy": {"default": {"sign_assertion": True, "sign_response": False}},
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                }
            },
        }
    )
    return c


IDP = Server(config=config())


def users() -> dict:
    with open(os.environ["USERS_FILE"], encoding="utf-8") as f:
        return json.load(f)


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/metadata":
        start_response("200 OK", [("Content-Type", "application/xml")])
        return [create_metadata_string(None, config=config(), valid=24)]
    if path == "/sso/redirect":
        query = parse_qs(environ["QUERY_STRING"])
        request = query["SAMLRequest"][0]
        relay = query.get("RelayState", [""])[0]
        IDP.parse_authn_request(request, BINDING_HTTP_REDIRECT)  # refuses a malformed request
        form = f"""<!DOCTYPE html><html lang="da"><head><title>Test-IdP</title></head><body>
<form method="post" action="/sso/login"><label for="login">Login</label>
<input id="login" name="login"><input type="hidden" name="SAMLRequest" value="{html.escape(request)}">
<input type="hidden" name="RelayState" value="{html.escape(relay)}">
<button type="submit">Log ind</button></form></body></html>"""
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [form.encode()]
    if path == "/sso/login":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        data = parse_qs(environ["wsgi.input"].read(size).decode())
        login = data["login"][0]
        req = IDP.parse_authn_request(data["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        message = req.message
        acs = IDP.pick_binding(
            "assertion_consumer_service",
            bindings=[BINDING_HTTP_POST],
            entity_id=message.issuer.text,
        )[1]
        attributes = users().get(login)
        if attributes is None:
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"unknown user"]
        response = IDP.create_authn_response(
            attributes,
            in_response_to=message.id,
            destination=acs,
            sp_entity_id=message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"idp-{login}"),
            userid=login,
            authn={
                "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            },
            sign_assertion=True,
        )
        info = IDP.apply_binding(
            BINDING_HTTP_POST, str(response), acs, data.get("RelayState", [""])[0], response=True
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [info["data"].encode() if isinstance(info["data"], str) else info["data"]]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = make_server("127.0.0.1", PORT, app, handler_class=QuietHandler)
    sys.stdout.write(f"ready {BASE}\n")
    sys.stdout.flush()
    server.serve_forever()

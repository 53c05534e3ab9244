"""Real identity-provider software for the tests, run as child processes on 127.0.0.1."""

import contextlib
import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def oidc_provider(
    *,
    clients: list[dict],
    accounts: dict[str, dict] | None = None,
    accounts_file: Path | None = None,
    scopes: dict[str, list[str]],
    claims_in: str = "userinfo",
) -> Iterator[str]:
    """Start panva's oidc-provider (npm) and yield its issuer URL."""
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENTS": json.dumps(clients),
        "ACCOUNTS": json.dumps(accounts or {}),
        "ACCOUNTS_FILE": str(accounts_file or ""),
        "EXTRA_SCOPES": json.dumps(scopes),
        "CLAIMS_IN": claims_in,
        "NODE_ENV": "development",
    }
    proc = subprocess.Popen(
        ["node", str(HERE / "oidc_server.mjs")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline() if proc.stdout else ""
            if line.startswith("ready "):
                break
            if proc.poll() is not None:
                raise RuntimeError(f"oidc-provider stoppede: {line}")
        else:
            raise RuntimeError("oidc-provider svarede ikke")
        yield line.split()[1]
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)
        if proc.poll() is None:
            proc.kill()


def self_signed(directory: Path, name: str) -> tuple[Path, Path]:
    """A key and a self-signed certificate for a test party (SAML signing)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


@contextlib.contextmanager
def saml_idp(
    *, sp_metadata: Path, users_file: Path, key_file: Path, cert_file: Path
) -> Iterator[str]:
    """Start pysaml2's identity provider (tests/idp/saml_idp.py) and yield its base URL."""
    import sys

    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "SP_METADATA": str(sp_metadata),
        "USERS_FILE": str(users_file),
        "KEY_FILE": str(key_file),
        "CERT_FILE": str(cert_file),
        "PYTHONWARNINGS": "ignore",
    }
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "saml_idp.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        seen = []
        while True:
            line = proc.stdout.readline() if proc.stdout else ""
            if line.startswith("ready "):
                break
            seen.append(line)
            if not line and proc.poll() is not None:
                raise RuntimeError("SAML-IdP startede ikke: " + "".join(seen))
        yield line.split()[1]
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)
        if proc.poll() is None:
            proc.kill()

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

"""A real OpenID Connect provider for the tests: PyPI's oidc-provider-mock on loopback.

It runs as its own process (its CLI), publishes discovery and JWKS, signs ID tokens
with RS256 and lets the test set each person's claims with ``PUT /users/<sub>``.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.util import find_spec

from tests.conftest import require
from tests.servers import ROOT, free_port

CLIENT_ID = "kohtaamo-test"
CLIENT_SECRET = "kohtaamo-test-secret"


@dataclass
class Provider:
    process: subprocess.Popen
    port: int

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_user(self, sub: str, **claims) -> None:
        request = urllib.request.Request(
            f"{self.issuer}/users/{sub}",
            data=json.dumps(claims).encode(),
            method="PUT",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 204

    def kohtaamo_env(self, **extra) -> dict:
        """The environment of a Kohtaamo server that signs people in here."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_PROVIDER_NAME": "Testyritys",
            **extra,
        }


@contextmanager
def running_provider(token_max_age: int = 3600):
    require(find_spec("oidc_provider_mock") is not None, "PyPI oidc-provider-mock")
    port = free_port()
    log = open(ROOT / f".oidc-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--require-nonce",
            "--token-max-age",
            str(token_max_age),
        ],
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(process=process, port=port)
    deadline = time.monotonic() + 20
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"OIDC provider exited early; see {log.name}")
            try:
                url = f"{provider.issuer}/.well-known/openid-configuration"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

"""Behind a reverse proxy, login throttling sees each client's own address.

Without ``--proxy-headers`` every request reaches uvicorn from the proxy, so all
clients would share one address and one client's failures would lock out everyone.
With ``--proxy-headers --forwarded-allow-ips <proxy>`` uvicorn takes the client's
address from ``X-Forwarded-For`` (only when the proxy itself sent it), as
docs/operations.md tells operators to run it. Here the test is the proxy, on 127.0.0.1.
"""

import json
import urllib.error
import urllib.request

import pytest

from tests.servers import running_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]

BEHIND_PROXY = ("--proxy-headers", "--forwarded-allow-ips", "127.0.0.1")


def sign_in(server, username, password, *, client_address):
    request = urllib.request.Request(
        f"{server.http}/api/auth/token/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={
            "Content-Type": "application/json",
            "Accept-Language": "en",
            "X-Forwarded-For": client_address,
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_failed_logins_behind_a_proxy_lock_only_that_client_address_and_username(make_member, team):
    make_member(team, "coach", username="kaisa", password="right-pass-123")
    make_member(team, "learner", username="aino", password="right-pass-123")
    with running_server(
        extra_args=BEHIND_PROXY, extra_env={"KOHTAAMO_TEST_LOGIN_THROTTLING": "on"}
    ) as server:
        attacker = "203.0.113.66"
        statuses = [
            sign_in(server, "kaisa", f"wrong-{n}", client_address=attacker) for n in range(5)
        ]
        assert statuses == [400, 400, 400, 400, 429]
        assert sign_in(server, "kaisa", "right-pass-123", client_address=attacker) == 429
        # The coach, from her own address behind the same proxy, signs in.
        assert sign_in(server, "kaisa", "right-pass-123", client_address="198.51.100.7") == 200
        # Other people behind the same proxy are not locked out either.
        assert sign_in(server, "aino", "right-pass-123", client_address="198.51.100.8") == 200

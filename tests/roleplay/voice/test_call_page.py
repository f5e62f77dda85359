"""The room page offers a call for phone and face-to-face scenarios only, with the ICE
servers from the environment and time-limited TURN credentials."""

import base64
import hashlib
import hmac
import json
import re

import pytest

from roleplay.room.ice import turn_credentials


def room_config(client, room, user):
    client.force_login(user)
    page = client.get(f"/en/coach/sessions/{room.session.pk}/room/").content.decode()
    raw = re.search(r'<script id="room-config" type="application/json">(.*?)</script>', page, re.S)
    return page, json.loads(raw.group(1))


@pytest.mark.django_db
def test_a_phone_scenario_has_the_call_panel_with_its_hooks(client, room, settings):
    settings.ROLEPLAY_ICE_SERVERS = [{"urls": "stun:127.0.0.1:3478"}]
    page, config = room_config(client, room, room.coach)
    assert config["call"]["ice_servers"] == [{"urls": "stun:127.0.0.1:3478"}]
    assert 'data-call-state="idle"' in page
    for action in ("join", "mute", "leave", "listen", "whisper", "barge"):
        assert f'data-call-action="{action}"' in page
    assert "This call is recorded" in page


@pytest.mark.django_db
def test_the_agent_has_no_mode_buttons_and_an_observer_no_microphone(client, room):
    page, _config = room_config(client, room, room.agent)
    assert 'data-call-action="join"' in page and 'data-call-action="whisper"' not in page
    page, _config = room_config(client, room, room.observer)
    assert 'data-call-action="mute"' not in page and "data-call-meter" not in page


@pytest.mark.django_db
def test_a_chat_scenario_has_no_call(client, room):
    room.scenario.channel = "chat"
    room.scenario.save()
    page, config = room_config(client, room, room.agent)
    assert config["call"] is None and "data-call-panel" not in page


@pytest.mark.django_db
def test_turn_credentials_are_time_limited_in_the_turn_rest_scheme(client, room, settings):
    settings.ROLEPLAY_TURN_SECRET = "s3cret"
    settings.ROLEPLAY_TURN_URLS = ["turn:127.0.0.1:3478"]
    _page, config = room_config(client, room, room.agent)
    turn = config["call"]["ice_servers"][-1]
    expires, user = turn["username"].split(":")
    assert user == str(room.agent.pk) and int(expires) > 0
    expected = hmac.new(b"s3cret", turn["username"].encode(), hashlib.sha1).digest()
    assert base64.b64decode(turn["credential"]) == expected
    assert turn_credentials(user_id=5, secret="k", ttl=60, now=1000)["username"] == "1060:5"

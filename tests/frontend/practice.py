"""Fixtures and helpers for the solo practice pages (learner/) and the team review
pages (coach/). Two set-ups: the seeded demo (its three
scripted scenarios, the learner navigation) and, for authorisation and debriefs, a
small team from tests/roleplay/practice.py with a scripted scenario in English."""

import wave
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from roleplay.models import Recording
from roleplay.review import services as review_services
from roleplay.room import eventlog, sessions
from tests.roleplay.practice import make_practice


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A real (silent) WAV file that browsers play and seek."""
    buffer = BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * int(seconds * rate))
    return buffer.getvalue()


@pytest.fixture
def client_for():
    """``client_for(user)``: a test client signed in as ``user``, asking for English."""

    def make(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def practice(db):
    """A team (learner, coach, peer), an outsider coaching another team, a scripted
    scenario and a solo practice of it started by the learner."""
    return make_practice()


def add_recording(team, coach, title="A cold call", kind="audio", seconds=1.0) -> Recording:
    if kind == "audio":
        file = SimpleUploadedFile("call.wav", wav_bytes(seconds))
        return review_services.recording_upload(
            team=team, by=coach, title=title, kind=kind, file=file
        )
    return review_services.recording_upload(
        team=team, by=coach, title=title, kind=kind, transcript="Customer: Hello?\nAgent: Hi!"
    )


def open_review(practice, recording, reviewers=("learner",)):
    session = review_services.review_create(
        recording=recording, rubric=practice.scenario.rubric, coach=practice.coach
    )
    for name in reviewers:
        sessions.participant_set(
            session=session, user=getattr(practice, name), role="observer", by=practice.coach
        )
    return session


def viewer(session, user):
    participant = session.participants.select_related("session", "user").get(user=user)
    return eventlog.viewer_of(participant)

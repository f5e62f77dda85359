"""Team review of recordings, as coaches and team members see it: the recordings
page with upload and delete, starting a review, the room and the debrief. To anyone
outside the team a recording and its reviews do not exist."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from roleplay.models import LessonExample, Recording, RolePlaySession, SessionKind
from roleplay.review import services as review_services
from roleplay.room import services as room_services
from tests.frontend import practice as practice_team
from tests.frontend.practice import add_recording, open_review, viewer, wav_bytes

# The practice team and its English client (tests/frontend/practice.py), not the coach
# pages' live-room team of coach/conftest.py.
client_for = practice_team.client_for
practice = practice_team.practice

pytestmark = pytest.mark.django_db


def upload(client, team, *, content=None, name="call.wav", kind="audio", transcript=""):
    data = {"team": team.pk, "title": "A warm call", "kind": kind, "transcript": transcript}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content)
    return client.post("/en/coach/recordings/", data, follow=True)


def ended_review(practice):
    """A review of a call where two reviewers marked moments and scored, then ended."""
    session = open_review(
        practice, add_recording(practice.team, practice.coach), ("learner", "peer")
    )
    coach, learner, peer = (
        viewer(session, getattr(practice, n)) for n in ("coach", "learner", "peer")
    )
    criterion = practice.scenario.rubric.criteria.order_by("pk").first()
    room_services.session_control(viewer=coach, action="start")
    review_services.event_playback(viewer=coach, action="play", position=0)
    review_services.event_mark(viewer=peer, position=75, text="Promised a call-back")
    review_services.event_mark(viewer=learner, position=12, text="The customer felt heard")
    room_services.event_score(viewer=learner, criterion_id=criterion.pk, value=4)
    room_services.event_score(viewer=peer, criterion_id=criterion.pk, value=3)
    room_services.session_control(viewer=coach, action="end")
    return session


# Recordings


def test_a_coach_uploads_a_call_recording_and_sees_it_listed(practice, client_for):
    response = upload(client_for(practice.coach), practice.team, content=wav_bytes())
    page = response.content.decode()
    assert "“A warm call” is uploaded for your team." in page
    assert '<th scope="row">A warm call</th>' in page
    assert Recording.objects.get().content_type == "audio/wav"


def test_a_file_that_is_not_audio_is_refused_with_the_reason(practice, client_for):
    response = upload(client_for(practice.coach), practice.team, content=b"<html>no</html>")
    assert "This is not an audio file we can play" in response.content.decode()
    assert not Recording.objects.exists()


@override_settings(ROLEPLAY_RECORDING_MAX_BYTES=32)
def test_a_recording_over_the_size_limit_is_refused(practice, client_for):
    response = upload(client_for(practice.coach), practice.team, content=wav_bytes())
    assert "The file is too large" in response.content.decode()
    assert not Recording.objects.exists()


def test_a_call_recording_needs_its_file_and_a_chat_its_transcript(practice, client_for):
    client = client_for(practice.coach)
    assert "Attach the audio file of the call." in upload(client, practice.team).content.decode()
    chat = upload(client, practice.team, kind="chat").content.decode()
    assert "Paste the chat or e-mail transcript." in chat
    assert not Recording.objects.exists()


def test_a_coach_of_another_team_sees_none_of_the_teams_recordings(practice, client_for):
    add_recording(practice.team, practice.coach)
    page = client_for(practice.outsider).get("/en/coach/recordings/").content.decode()
    assert "A cold call" not in page
    assert "Your teams have no recordings yet." in page


def test_a_learner_does_not_get_the_recordings_page(practice, client_for):
    assert client_for(practice.learner).get("/en/coach/recordings/").status_code == 403


def test_a_coach_deletes_a_recording_after_confirming(practice, client_for):
    recording = add_recording(practice.team, practice.coach)
    open_review(practice, recording)
    client = client_for(practice.coach)
    url = f"/en/coach/recordings/{recording.pk}/delete/"
    assert "its 1 review" in client.get(url).content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "“A cold call” and everything made from it are deleted." in page
    assert not Recording.objects.exists()
    assert not RolePlaySession.objects.filter(kind=SessionKind.REVIEW).exists()


def test_another_teams_coach_cannot_find_a_recording_to_delete(practice, client_for):
    recording = add_recording(practice.team, practice.coach)
    url = f"/en/coach/recordings/{recording.pk}/delete/"
    assert client_for(practice.outsider).post(url).status_code == 404
    assert Recording.objects.exists()


def test_the_recordings_page_costs_the_same_queries_with_many_recordings(
    practice, client_for, django_assert_max_num_queries
):
    client = client_for(practice.coach)
    open_review(practice, add_recording(practice.team, practice.coach))
    client.get("/en/coach/recordings/")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/coach/recordings/")
    for number in range(5):
        recording = add_recording(practice.team, practice.coach, title=f"Call {number}")
        open_review(practice, recording)
        open_review(practice, recording)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/en/coach/recordings/").content.decode()
    assert page.count("Start a review<") == 6
    assert len(many) == len(one)
    with django_assert_max_num_queries(14):
        client.get("/en/coach/recordings/")


# Starting a review and its room


def test_a_coach_opens_a_review_with_reviewers_and_lands_in_its_room(practice, client_for):
    recording = add_recording(practice.team, practice.coach)
    client = client_for(practice.coach)
    form = client.get(f"/en/coach/recordings/{recording.pk}/review/").content.decode()
    assert "Learner Test" in form and "Outsider" not in form
    response = client.post(
        f"/en/coach/recordings/{recording.pk}/review/",
        {"rubric": practice.scenario.rubric.pk, "reviewers": [practice.learner.pk]},
    )
    session = RolePlaySession.objects.get(kind=SessionKind.REVIEW)
    assert response["Location"] == f"/en/coach/reviews/{session.pk}/room/"
    assert {(p.user, p.role) for p in session.participants.all()} == {
        (practice.coach, "coach"),
        (practice.learner, "observer"),
    }


def test_a_learner_cannot_open_a_review(practice, client_for):
    recording = add_recording(practice.team, practice.coach)
    response = client_for(practice.learner).post(f"/en/coach/recordings/{recording.pk}/review/")
    assert response.status_code == 403


def test_the_coach_controls_the_audio_and_a_reviewer_follows_it(practice, client_for):
    session = open_review(practice, add_recording(practice.team, practice.coach))
    coach = client_for(practice.coach).get(f"/en/coach/reviews/{session.pk}/room/")
    learner = client_for(practice.learner).get(f"/en/coach/reviews/{session.pk}/room/")
    audio = f'src="/api/roleplay/recordings/{session.recording_id}/audio/"'
    assert audio in coach.content.decode() and audio in learner.content.decode()
    assert '/" controls ' in coach.content.decode()
    assert '/" controls ' not in learner.content.decode()
    assert "Listen along" in learner.content.decode()
    assert "Mark this moment" in learner.content.decode()


def test_a_chat_review_shows_the_transcript_line_by_line(practice, client_for):
    session = open_review(practice, add_recording(practice.team, practice.coach, kind="chat"))
    page = client_for(practice.learner).get(f"/en/coach/reviews/{session.pk}/room/")
    assert '<li id="line-2">Agent: Hi!</li>' in page.content.decode()


def test_a_team_member_outside_the_review_may_not_enter(practice, client_for):
    session = open_review(practice, add_recording(practice.team, practice.coach))
    assert client_for(practice.peer).get(f"/en/coach/reviews/{session.pk}/room/").status_code == 403


def test_to_someone_outside_the_team_the_review_does_not_exist(practice, client_for):
    session = open_review(practice, add_recording(practice.team, practice.coach))
    client = client_for(practice.outsider)
    for page in ("room", "debrief"):
        assert client.get(f"/en/coach/reviews/{session.pk}/{page}/").status_code == 404


def test_a_reviewer_finds_the_review_among_my_role_plays(practice, client_for):
    session = open_review(practice, add_recording(practice.team, practice.coach))
    page = client_for(practice.learner).get("/en/learn/role-plays/").content.decode()
    assert "Review: A cold call" in page
    assert f'href="/en/coach/reviews/{session.pk}/room/"' in page
    assert "Marja" not in page  # the learner's own solo practice is on its own page


def test_my_role_plays_cost_the_same_queries_with_many_reviews(practice, client_for):
    client = client_for(practice.learner)
    open_review(practice, add_recording(practice.team, practice.coach))
    client.get("/en/learn/role-plays/")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/learn/role-plays/")
    for number in range(4):
        open_review(practice, add_recording(practice.team, practice.coach, title=f"Call {number}"))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/en/learn/role-plays/").content.decode()
    assert page.count("Review: ") == 5
    assert len(many) == len(one)


def test_the_coachs_session_list_leads_to_the_review_room(practice, client_for):
    session = open_review(practice, add_recording(practice.team, practice.coach))
    client = client_for(practice.coach)
    assert "A cold call" in client.get("/en/coach/").content.decode()
    response = client.get(f"/en/coach/sessions/{session.pk}/room/")
    assert response["Location"] == f"/en/coach/reviews/{session.pk}/room/"


# The debrief


def test_the_debrief_waits_for_the_end_of_the_review(practice, client_for):
    session = open_review(practice, add_recording(practice.team, practice.coach))
    response = client_for(practice.learner).get(f"/en/coach/reviews/{session.pk}/debrief/")
    assert response.status_code == 409
    assert "The debrief opens when the review has ended." in response.content.decode()


def test_the_debrief_lists_moments_on_the_timeline_and_rubric_averages(practice, client_for):
    session = ended_review(practice)
    page = client_for(practice.learner).get(f"/en/coach/reviews/{session.pk}/debrief/")
    text = page.content.decode()
    assert text.index("0:12</time></strong> – The customer felt heard") < text.index(
        "1:15</time></strong> – Promised a call-back"
    )
    assert "<td>3.5 / 5</td>" in text
    assert "Save as a lesson example" not in text


def test_the_coach_saves_the_review_as_a_lesson_example(practice, client_for):
    session = ended_review(practice)
    url = f"/en/coach/reviews/{session.pk}/lesson-example/"
    page = client_for(practice.coach).post(url, follow=True).content.decode()
    assert "Saved as a lesson example." in page
    assert "These findings are saved as a lesson example." in page
    example = LessonExample.objects.get()
    assert "0:12 – The customer felt heard" in example.summary


def test_a_reviewer_cannot_save_a_lesson_example(practice, client_for):
    session = ended_review(practice)
    url = f"/en/coach/reviews/{session.pk}/lesson-example/"
    assert client_for(practice.learner).post(url).status_code == 403
    assert not LessonExample.objects.exists()


def test_a_lesson_example_before_the_end_is_refused_on_the_reviews_debrief(practice, client_for):
    session = open_review(
        practice, add_recording(practice.team, practice.coach), ("learner", "peer")
    )
    url = f"/en/coach/reviews/{session.pk}/lesson-example/"
    response = client_for(practice.coach).post(url, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/coach/reviews/{session.pk}/debrief/"
    assert "Save the example after the review has ended." in response.content.decode()
    assert not LessonExample.objects.exists()

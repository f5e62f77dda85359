"""Role-play content (scenarios, rubrics) and live sessions with their event log.

Scenarios and rubrics are translatable Wagtail snippets that editors keep in the CMS.
A session's event log is the source of truth of a live role-play: every event has a
per-session ``seq`` given in the transaction that stores it, and clients resume from
the last ``seq`` they applied (see docs/roleplay-protocol.md).
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, TranslatableMixin
from wagtail.search import index

from .scenarios.script import Script, ScriptBlock

LEVELS = range(1, 6)


def default_locale_competencies():
    """Criteria and scenarios point at competencies in the default locale only."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("E-mail")
    SOCIAL = "social", _("Social media, public thread")
    FACE_TO_FACE = "face-to-face", _("Face to face")


class Difficulty(models.IntegerChoices):
    GENTLE = 1, _("Gentle")
    DEMANDING = 2, _("Demanding")
    HARD = 3, _("Hard")


class Rubric(TranslatableMixin, index.Indexed, ClusterableModel):
    """What observers and the coach score in a role-play: criteria rated 1–5.

    A snippet with its criteria inline, translatable like the competencies it uses.
    https://docs.wagtail.org/en/stable/topics/snippets/
    """

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        InlinePanel("criteria", label=_("Criteria"), min_num=1),
    ]
    search_fields = [index.SearchField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self) -> str:
        return self.title


class RubricCriterion(Orderable):
    """One scored criterion, linked to the competency it gives evidence for."""

    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=160)
    competency = models.ForeignKey(
        "progress.Competency",
        on_delete=models.PROTECT,
        related_name="rubric_criteria",
        limit_choices_to=default_locale_competencies,
        verbose_name=_("competency"),
    )
    level_1 = models.TextField(_("level 1 descriptor"), blank=True)
    level_2 = models.TextField(_("level 2 descriptor"), blank=True)
    level_3 = models.TextField(_("level 3 descriptor"), blank=True)
    level_4 = models.TextField(_("level 4 descriptor"), blank=True)
    level_5 = models.TextField(_("level 5 descriptor"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("competency"),
        MultiFieldPanel(
            [FieldPanel(f"level_{level}") for level in LEVELS], heading=_("Level descriptors")
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Records point at the default-locale competency, whichever row was picked.
        if self.competency_id and self.competency.locale_id != Locale.get_default().pk:
            self.competency = self.competency.canonical
        super().save(*args, **kwargs)

    def descriptor(self, level: int) -> str:
        """This criterion's words for ``level``, else the competency's own."""
        return getattr(self, f"level_{level}", "") or self.competency.descriptor(level)


class Scenario(TranslatableMixin, index.Indexed, ClusterableModel):
    """A service encounter to rehearse: who the customer is, what they really need,
    the private notes for each role, the twists a coach can throw in and the
    questions for the debrief.

    https://docs.wagtail.org/en/stable/reference/pages/model_recipes.html#translatable-snippets
    """

    title = models.CharField(_("title"), max_length=160)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.DEMANDING
    )
    persona_name = models.CharField(_("customer's name"), max_length=120)
    persona_situation = models.TextField(_("customer's situation"))
    persona_emotion = models.TextField(_("customer's emotional state"))
    persona_need = models.TextField(
        _("what the customer really needs"),
        help_text=_("Shown to the coach and the customer actor, never to the agent."),
    )
    agent_brief = models.TextField(
        _("brief for the agent"), help_text=_("What the learner knows before starting.")
    )
    customer_notes = models.TextField(_("private notes for the customer actor"), blank=True)
    coach_notes = models.TextField(_("private notes for the coach"), blank=True)
    competencies = ParentalManyToManyField(
        "progress.Competency",
        blank=True,
        related_name="scenarios",
        limit_choices_to=default_locale_competencies,
        verbose_name=_("target competencies"),
    )
    rubric = models.ForeignKey(
        Rubric,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scenarios",
        verbose_name=_("rubric"),
    )
    script = StreamField(
        ScriptBlock(),
        blank=True,
        verbose_name=_("solo practice script"),
        help_text=_(
            "Optional. The customer's lines for practising alone: the first node is the "
            "start, every reply leads to a node, and at least one node ends the talk."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("channel"),
        FieldPanel("difficulty"),
        MultiFieldPanel(
            [
                FieldPanel("persona_name"),
                FieldPanel("persona_situation"),
                FieldPanel("persona_emotion"),
                FieldPanel("persona_need"),
            ],
            heading=_("Customer persona"),
        ),
        FieldPanel("agent_brief"),
        FieldPanel("customer_notes"),
        FieldPanel("coach_notes"),
        FieldPanel("competencies"),
        FieldPanel("rubric"),
        InlinePanel("twists", label=_("Twists")),
        InlinePanel("debrief_questions", label=_("Debrief questions")),
        FieldPanel("script"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("persona_situation"),
        index.FilterField("channel"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["difficulty", "title"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.title

    @property
    def solo(self) -> bool:
        """Whether a learner can practise this scenario alone with the scripted customer."""
        return len(self.script) > 0

    def solo_script(self) -> Script:
        return Script.from_stream(self.script)


class ScenarioTwist(Orderable):
    """A prepared turn of events the coach can inject during the role-play."""

    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="twists")
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(_("what happens"))

    panels = [FieldPanel("title"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("twist")
        verbose_name_plural = _("twists")

    def __str__(self) -> str:
        return self.title


class ScenarioDebriefQuestion(Orderable):
    """A question the coach can ask in the debrief."""

    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="debrief_questions")
    text = models.TextField(_("question"))

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("debrief question")
        verbose_name_plural = _("debrief questions")

    def __str__(self) -> str:
        return self.text


class SessionState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    LOBBY = "lobby", _("Lobby")
    LIVE = "live", _("Live")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class SessionKind(models.TextChoices):
    LIVE = "live", _("Live role-play")
    SOLO = "solo", _("Solo practice")
    REVIEW = "review", _("Recording review")


class ParticipantRole(models.TextChoices):
    COACH = "coach", _("Coach")
    AGENT = "agent", _("Agent")
    CUSTOMER = "customer", _("Customer")
    OBSERVER = "observer", _("Observer")


class RolePlaySession(models.Model):
    """One rehearsal in a team: a live role-play of a scenario led by a coach, a solo
    practice where the server plays the scripted customer (no coach), or a team review
    of a recording (no scenario; scored on the session's own rubric).

    ``last_seq`` is the highest sequence number given to an event of the session; it
    is read and raised under a row lock in the transaction that stores the event.
    """

    kind = models.CharField(
        _("kind"), max_length=8, choices=SessionKind.choices, default=SessionKind.LIVE
    )
    scenario = models.ForeignKey(
        Scenario,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("scenario"),
    )
    recording = models.ForeignKey(
        "roleplay.Recording",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("recording"),
    )
    rubric = models.ForeignKey(
        Rubric,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("rubric of the review"),
    )
    team = models.ForeignKey(
        "people.Team",
        on_delete=models.CASCADE,
        related_name="roleplay_sessions",
        verbose_name=_("team"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coached_roleplay_sessions",
        verbose_name=_("coach"),
        help_text=_("Empty for solo practice."),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=SessionState.choices, default=SessionState.SCHEDULED
    )
    last_seq = models.PositiveIntegerField(_("last sequence number"), default=0)
    coach_notes = models.TextField(_("coach's notes"), blank=True)
    agent_reflection = models.TextField(_("agent's self-reflection"), blank=True)
    coach_notes_released = models.BooleanField(
        _("coach's notes shared with the agent"),
        default=False,
        help_text=_("The coach's notes are the coach's own until the coach shares them."),
    )
    scheduled_at = models.DateTimeField(
        _("scheduled for"),
        null=True,
        blank=True,
        help_text=_("When the participants are invited to meet; empty when not agreed."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("role-play session")
        verbose_name_plural = _("role-play sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=SessionState.values),
                name="roleplay_session_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SessionKind.values),
                name="roleplay_session_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="review", recording__isnull=False)
                | models.Q(~models.Q(kind="review"), scenario__isnull=False),
                name="roleplay_session_has_its_subject",
            ),
        ]

    def __str__(self) -> str:
        subject = self.scenario if self.scenario_id else self.recording
        return f"{subject} ({self.get_state_display()})"

    @property
    def rubric_id_in_use(self) -> int | None:
        """A review is scored on its own rubric, a role-play on its scenario's."""
        if self.kind == SessionKind.REVIEW:
            return self.rubric_id
        return self.scenario.rubric_id if self.scenario_id else None

    @property
    def group_name(self) -> str:
        return f"roleplay.{self.pk}"


class Participant(models.Model):
    """A person in a session with one role. At most one agent per session."""

    session = models.ForeignKey(
        RolePlaySession,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roleplay_participations",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["session", "added_at"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="roleplay_participant_once_per_session"
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(role="agent"),
                name="roleplay_one_agent_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=ParticipantRole.values),
                name="roleplay_participant_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class EventKind(models.TextChoices):
    SAY = "say", _("Said")
    WHISPER = "whisper", _("Whisper")
    CONTROL = "control", _("Control")
    INJECT = "inject", _("Twist")
    SCORE = "score", _("Score")
    JOIN = "join", _("Joined")
    LEAVE = "leave", _("Left")
    PLAYBACK = "playback", _("Playback")
    MARK = "mark", _("Marked moment")
    CALL = "call", _("Call")


class Audience(models.TextChoices):
    """Who may see an event; ``roleplay.room.audience.can_see`` applies it."""

    EVERYONE = "everyone", _("Every participant")
    COACH_AND_AGENT = "coach-agent", _("Coach and agent")
    COACH_AND_AUTHOR = "coach-author", _("Coach and author until the end")


class SessionEvent(models.Model):
    """One entry of a session's log, numbered by ``seq`` within the session."""

    session = models.ForeignKey(
        RolePlaySession, on_delete=models.CASCADE, related_name="events", verbose_name=_("session")
    )
    seq = models.PositiveIntegerField(_("sequence number"))
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="roleplay_events",
        verbose_name=_("author"),
    )
    author_name = models.CharField(_("author's name"), max_length=160, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    client_msg_id = models.CharField(_("client message id"), max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["session", "seq"]
        verbose_name = _("session event")
        verbose_name_plural = _("session events")
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="roleplay_event_seq_unique"),
            models.UniqueConstraint(
                fields=["session", "author", "client_msg_id"],
                condition=models.Q(client_msg_id__isnull=False),
                name="roleplay_event_client_msg_id_once",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="roleplay_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"


class TicketUse(models.Model):
    """A WebSocket ticket that has been spent: tickets are single use."""

    jti = models.CharField(_("ticket id"), max_length=64, primary_key=True)
    used_at = models.DateTimeField(_("used at"), auto_now_add=True)

    class Meta:
        verbose_name = _("used ticket")
        verbose_name_plural = _("used tickets")

    def __str__(self) -> str:
        return self.jti


class RecordingKind(models.TextChoices):
    AUDIO = "audio", _("Call recording")
    CHAT = "chat", _("Chat transcript")
    EMAIL = "email", _("E-mail thread")


def private_storage():
    """Recordings are kept outside ``MEDIA_ROOT``: they are served only through an
    authorising view, never as a public media URL."""
    return storages["private"]


def recording_path(recording: "Recording", filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:8]
    return f"recordings/team-{recording.team_id}/{uuid.uuid4().hex}{suffix}"


class Recording(models.Model):
    """A real call recording or a chat/e-mail transcript that a team reviews together.

    May contain personal data: only the team's members can read it, and a coach of the
    team can delete it with everything derived from it (reviews, marks, examples).
    """

    team = models.ForeignKey(
        "people.Team", on_delete=models.CASCADE, related_name="recordings", verbose_name=_("team")
    )
    title = models.CharField(_("title"), max_length=160)
    kind = models.CharField(_("kind"), max_length=8, choices=RecordingKind.choices)
    file = models.FileField(
        _("audio file"), storage=private_storage, upload_to=recording_path, blank=True
    )
    content_type = models.CharField(_("content type"), max_length=40, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    transcript = models.TextField(_("transcript"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_recordings",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=RecordingKind.values),
                name="roleplay_recording_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title


class LessonExample(models.Model):
    """A review's findings saved for editors: the marked moments on the recording's
    timeline and the rubric averages, ready to paste into a lesson (for example into
    a call-recording block's transcript). The audio is not copied: an editor uploads
    a version cleared for teaching as a document.
    """

    recording = models.ForeignKey(
        Recording,
        on_delete=models.CASCADE,
        related_name="lesson_examples",
        verbose_name=_("recording"),
    )
    session = models.OneToOneField(
        RolePlaySession,
        on_delete=models.CASCADE,
        related_name="lesson_example",
        verbose_name=_("review"),
    )
    title = models.CharField(_("title"), max_length=160)
    summary = models.TextField(_("summary for the lesson"))
    moments = models.JSONField(_("marked moments"), default=list)
    averages = models.JSONField(_("rubric averages"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    panels = [FieldPanel("title"), FieldPanel("summary")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lesson example from a review")
        verbose_name_plural = _("lesson examples from reviews")

    def __str__(self) -> str:
        return self.title


class RoomPresence(models.Model):
    """One open WebSocket connection of a participant, for the connection cap and for
    presence events that a flapping connection does not multiply (roleplay.room.presence).

    ``origin`` is the server process (its hub); the process renews ``seen_at`` of its
    rows, so the rows of a process that died stop counting after a while. ``left_at``
    marks a connection that has closed but whose ``leave`` waits out the grace period.
    """

    session = models.ForeignKey(
        RolePlaySession, on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    connection_id = models.CharField(_("connection id"), max_length=32, unique=True)
    origin = models.CharField(_("server process"), max_length=32)
    seen_at = models.DateTimeField(_("last seen"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        verbose_name = _("open room connection")
        verbose_name_plural = _("open room connections")
        indexes = [
            models.Index(fields=["session", "user"], name="roleplay_presence_session_user"),
            models.Index(fields=["origin"], name="roleplay_presence_origin"),
        ]

    def __str__(self) -> str:
        return self.connection_id


class CallRecordingState(models.TextChoices):
    RECORDING = "recording", pgettext_lazy("call recording state", "Recording")
    PROCESSING = "processing", pgettext_lazy("call recording state", "Processing")
    READY = "ready", pgettext_lazy("call recording state", "Ready")
    FAILED = "failed", pgettext_lazy("call recording state", "Failed")


def call_recording_path(recording: "CallRecording", filename: str) -> str:
    return f"calls/session-{recording.session_id}/{uuid.uuid4().hex}.ogg"


class CallRecording(models.Model):
    """The recording of a role-play's call (roleplay.callrecording): each participant's
    browser uploads its own microphone as numbered chunks (``CallChunk``), and after the
    call the worker merges the tracks into one file aligned on the session clock.

    ``started_at`` is the recording's zero on the session clock (the earliest segment
    start of any track); the debrief places events at ``created_at - started_at``.
    ``ended_at`` is when the session ended; the recording takes the browsers' last
    chunks until ``closes_at`` (or until every track is complete), then is merged.
    Personal data: participants and team coaches only; purged after
    ``ROLEPLAY_RECORDING_RETENTION_DAYS``.
    """

    session = models.OneToOneField(
        RolePlaySession,
        on_delete=models.CASCADE,
        related_name="call_recording",
        verbose_name=_("session"),
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=CallRecordingState.choices,
        default=CallRecordingState.RECORDING,
    )
    started_at = models.DateTimeField(_("starts at (session clock)"), null=True, blank=True)
    ended_at = models.DateTimeField(_("call ended at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("takes the last chunks until"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration in seconds"), null=True, blank=True)
    file = models.FileField(
        _("merged audio"), storage=private_storage, upload_to=call_recording_path, blank=True
    )
    content_type = models.CharField(_("content type"), max_length=40, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("why the merge failed"), blank=True)
    review_recording = models.OneToOneField(
        Recording,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call",
        verbose_name=_("recording for team reviews"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("call recording")
        verbose_name_plural = _("call recordings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=CallRecordingState.values),
                name="roleplay_call_recording_state_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} ({self.get_state_display()})"


class CallTrack(models.Model):
    """One participant's microphone in a call recording: numbered chunks, in segments.
    ``completed_at``: the browser stopped its recorder and uploaded everything (a new
    chunk opens the track again)."""

    recording = models.ForeignKey(
        CallRecording, on_delete=models.CASCADE, related_name="tracks", verbose_name=_("recording")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="call_tracks",
        verbose_name=_("participant"),
    )
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    completed_at = models.DateTimeField(_("complete since"), null=True, blank=True)

    class Meta:
        verbose_name = _("call track")
        verbose_name_plural = _("call tracks")
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "user"], name="roleplay_call_track_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recording_id}/{self.user_id}"


def call_chunk_path(chunk: "CallChunk", filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:8]
    return (
        f"calls/recording-{chunk.track.recording_id}/track-{chunk.track_id}/"
        f"{chunk.n:06d}-{uuid.uuid4().hex[:12]}{suffix}"
    )


class CallChunk(models.Model):
    """Chunk ``n`` of a track as the browser's MediaRecorder gave it: its bytes in the
    private storage (``file``, as the merged call), the row its metadata. A chunk with
    ``segment_start_ms`` begins a segment (a WebM or Ogg header, the recorder started
    at that session-clock time); the chunks after it, up to the next segment start,
    continue that segment. Deleting a chunk deletes its file (after the commit)."""

    track = models.ForeignKey(
        CallTrack, on_delete=models.CASCADE, related_name="chunks", verbose_name=_("track")
    )
    n = models.PositiveIntegerField(_("number"))
    segment_start_ms = models.BigIntegerField(
        _("segment starts at (session clock, ms)"), null=True, blank=True
    )
    content_type = models.CharField(_("content type"), max_length=40)
    digest = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    file = models.FileField(
        _("audio bytes"), storage=private_storage, upload_to=call_chunk_path, max_length=200
    )
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        ordering = ["track", "n"]
        verbose_name = _("call chunk")
        verbose_name_plural = _("call chunks")
        constraints = [
            models.UniqueConstraint(fields=["track", "n"], name="roleplay_call_chunk_once")
        ]

    def __str__(self) -> str:
        return f"{self.track} #{self.n}"

"""Forms of the coach's pages: library filters, starting a session or a review,
recordings, debrief texts."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roleplay.models import Channel, Difficulty, RecordingKind


class LibraryFilterForm(forms.Form):
    """Filters of the scenario library; an empty field means any."""

    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel")), *Channel.choices]
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any difficulty")), *Difficulty.choices],
    )
    competency = forms.ChoiceField(label=_("Competency"), required=False)

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", _("Any competency")), *competencies]


def _grouped(teams, attribute: str):
    """Choices grouped by team (an ``<optgroup>`` per team): ``team:user``."""
    return [
        (
            team.name,
            [(f"{team.pk}:{m.user_id}", m.user.display_name) for m in getattr(team, attribute)],
        )
        for team in teams
    ]


class SessionStartForm(forms.Form):
    """A coach picks a team, a scenario and the people for each role.

    People are offered per team; the team chosen decides whose choices count, and
    every person must belong to it. The customer can be a peer or the coach.
    """

    team = forms.TypedChoiceField(label=_("Team"), coerce=int)
    scenario = forms.TypedChoiceField(label=_("Scenario"), coerce=int)
    agent = forms.ChoiceField(label=_("Agent"), help_text=_("The learner who serves the customer."))
    customer = forms.ChoiceField(
        label=_("Customer"),
        help_text=_("A peer plays the customer, or you play the customer yourself."),
    )
    observers = forms.MultipleChoiceField(
        label=_("Observers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Observers score the role-play with the rubric."),
    )
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "When the role-play takes place; the invitations carry it as a calendar file. "
            "Leave it empty to run the role-play now."
        ),
    )

    def __init__(self, *args, teams, scenarios, coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.coach = coach
        self.teams = {team.pk: team for team in teams}
        self.scenarios = {scenario.pk: scenario for scenario in scenarios}
        self.fields["team"].choices = [(team.pk, team.name) for team in teams]
        self.fields["scenario"].choices = [(s.pk, s.title) for s in scenarios]
        self.fields["agent"].choices = [("", _("Choose the agent")), *_grouped(teams, "learners")]
        self.fields["customer"].choices = [
            ("", _("Choose the customer")),
            *_grouped(teams, "members"),
        ]
        self.fields["observers"].choices = [
            (f"{team.pk}:{m.user_id}", f"{m.user.display_name} ({team.name})")
            for team in teams
            for m in team.members
            if m.user_id != coach.pk
        ]
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk

    def _person(self, value: str, team_id: int):
        team_part, _sep, user_part = value.partition(":")
        if team_part != str(team_id):
            return None
        team = self.teams[team_id]
        return next((m.user for m in team.members if str(m.user_id) == user_part), None)

    def clean(self):
        data = super().clean()
        team_id = data.get("team")
        if team_id not in self.teams:
            return data
        agent = self._person(data.get("agent", ""), team_id)
        customer = self._person(data.get("customer", ""), team_id)
        if data.get("agent") and agent is None:
            self.add_error("agent", _("Choose a member of the chosen team."))
        if data.get("customer") and customer is None:
            self.add_error("customer", _("Choose a member of the chosen team."))
        if agent is not None and agent == customer:
            self.add_error("customer", _("The customer must be someone other than the agent."))
        observers = []
        for value in data.get("observers", []):
            person = self._person(value, team_id)
            if person is None:
                self.add_error("observers", _("Observers must be members of the chosen team."))
                break
            if person in (agent, customer):
                self.add_error(
                    "observers", _("An observer cannot also be the agent or the customer.")
                )
                break
            observers.append(person)
        when = data.get("scheduled_at")
        if when is not None and when < timezone.now():
            self.add_error("scheduled_at", _("Choose a time in the future."))
        data["team"] = self.teams[team_id]
        data["scenario"] = self.scenarios.get(data.get("scenario"))
        data["agent"], data["customer"], data["observers"] = agent, customer, observers
        return data


class CoachNotesForm(forms.Form):
    coach_notes = forms.CharField(
        label=_("Coach's notes"), required=False, max_length=20000, widget=forms.Textarea
    )


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Your self-reflection"),
        max_length=20000,
        widget=forms.Textarea,
        help_text=_("What went well, what would you do differently, what did you learn?"),
    )


class RecordingUploadForm(forms.Form):
    """A call recording (audio) or a chat or e-mail transcript for the team to review.
    The file's content, size and the team are checked by ``roleplay.review.services``."""

    team = forms.TypedChoiceField(label=_("Team"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=RecordingKind.choices)
    file = forms.FileField(
        label=_("Audio file"),
        required=False,
        help_text=_("For a call recording: MP3, WAV, Ogg, FLAC, M4A or WebM, at most %(mb)d MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )
    transcript = forms.CharField(
        label=_("Transcript"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For a chat or an e-mail thread: paste it here, one message a line."),
    )

    def __init__(self, *args, teams, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {team.pk: team for team in teams}
        self.fields["team"].choices = [(team.pk, team.name) for team in teams]
        self.fields["file"].help_text = self.fields["file"].help_text % {"mb": max_mb}
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk

    def clean(self):
        data = super().clean()
        if data.get("kind") == RecordingKind.AUDIO and not data.get("file"):
            self.add_error("file", _("Attach the audio file of the call."))
        if (
            data.get("kind") in (RecordingKind.CHAT, RecordingKind.EMAIL)
            and not (data.get("transcript") or "").strip()
        ):
            self.add_error("transcript", _("Paste the chat or e-mail transcript."))
        if data.get("team") in self.teams:
            data["team"] = self.teams[data["team"]]
        return data


class ReviewStartForm(forms.Form):
    """Open a review of a recording: the rubric to score on and who reviews it."""

    rubric = forms.TypedChoiceField(
        label=_("Rubric"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Reviewers score the agent in the recording on it. Optional."),
    )
    reviewers = forms.MultipleChoiceField(
        label=_("Reviewers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Team members who listen, mark moments and score with you."),
    )

    def __init__(self, *args, rubrics, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubrics = {rubric.pk: rubric for rubric in rubrics}
        self.members = {str(m.user_id): m.user for m in members}
        self.fields["rubric"].choices = [
            ("", _("No rubric")),
            *((rubric.pk, rubric.title) for rubric in rubrics),
        ]
        self.fields["reviewers"].choices = [(str(m.user_id), m.user.display_name) for m in members]

    def clean(self):
        data = super().clean()
        data["rubric"] = self.rubrics.get(data.get("rubric"))
        chosen = data.get("reviewers", [])
        data["reviewers"] = [self.members[value] for value in chosen if value in self.members]
        return data


class CallMomentForm(forms.Form):
    """A moment of the recorded call to save as a lesson example (the debrief)."""

    at_seconds = forms.FloatField(label=_("Second of the call"), min_value=0)
    speaker = forms.ChoiceField(
        label=_("Who speaks"),
        choices=[
            ("agent", _("Agent")),
            ("customer", _("Customer")),
            ("coach", _("Coach")),
        ],
        initial="agent",
    )
    note = forms.CharField(label=_("What the moment shows"), max_length=500)

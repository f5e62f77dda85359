"""Solo practice as a session kind (``roleplay.kinds``)."""

from django.utils.translation import gettext_lazy

from ..kinds import Kind, register
from ..models import ParticipantRole, SessionKind
from .customer import ScriptedCustomer
from .selectors import solo_debrief
from .services import solo_choose, solo_control, solo_report_progress, solo_session_create


def _create(*, by, scenario=None, team=None, **_values):
    return solo_session_create(scenario=scenario, learner=by, team=team)


def _customer(*, hub, viewer):
    """The learner's connection gets the scripted customer, who opens the talk."""
    if viewer.role != ParticipantRole.AGENT:
        return None
    customer = ScriptedCustomer(hub, viewer.session_id)
    customer.wake()
    return customer


SOLO = register(
    Kind(
        name=SessionKind.SOLO,
        # Its one learner is the agent from the start: nobody joins it.
        roles=frozenset(),
        joining_refused=gettext_lazy(
            "A solo practice has exactly one learner: nobody can be added."
        ),
        controls=("end",),
        create_fields=("scenario",),
        create=_create,
        debrief=solo_debrief,
        room_pages=("learner:practice-room",),
        debrief_pages=("learner:practice-debrief",),
        report_progress=solo_report_progress,
        frames={"choice": solo_choose, "control": solo_control},
        companion=_customer,
        personal=True,
    )
)

"""Personal data export and erasure across the apps (docs/decisions/0004-personal-data.md).

Each app knows its own data: ``<app>.privacy.export(user) -> dict`` and
``<app>.privacy.erase(user)``. Here they are put together: one JSON document, and one
transaction that erases everything or nothing. ``people`` goes last, since it
anonymises the account the others still look up by.
"""

from django.db import transaction
from django.utils import timezone

from courses import privacy as courses_privacy
from people import privacy as people_privacy
from progress import privacy as progress_privacy
from roleplay import privacy as roleplay_privacy

APPS = (roleplay_privacy, courses_privacy, progress_privacy, people_privacy)


def personal_data_export(user) -> dict:
    data: dict = {"exported_at": timezone.now().isoformat()}
    for app in reversed(APPS):
        data.update(app.export(user))
    return data


@transaction.atomic
def personal_data_erase(user) -> None:
    for app in APPS:
        app.erase(user)

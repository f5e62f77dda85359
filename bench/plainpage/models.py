"""The lesson benchmark's baseline: the plainest Wagtail page that shows a lesson's body.

``PlainPage`` has the same StreamField as ``courses.LessonPage`` (``LessonBodyBlock``,
so every block renders through the same block templates) and nothing else: no
sign-in check, no enrolment or locking, no course outline, no learner state. The
benchmark copies the seeded lesson's body into one, as a sibling of the lesson (the
same URL depth, so Wagtail's routing costs the same), and serves both from the same
server process. What the lesson page costs beyond this page is Kohtaamo's own work.

Why a bench-only model rather than an existing page type: no page type in the
project other than ``LessonPage`` has a StreamField body, and rendering the lesson
object through ``Page.serve`` would still use its template, which expects the
learner's state. The app is installed only by ``bench.settings``, with its own
migration under ``bench/``, so the project's schema and migration history never see it.
"""

from wagtail.fields import StreamField
from wagtail.models import Page

from courses.blocks import LessonBodyBlock


class PlainPage(Page):
    body = StreamField(LessonBodyBlock(), blank=True)

    template = "plainpage/plain_page.html"
    is_creatable = False

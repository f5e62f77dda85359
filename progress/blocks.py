"""The editor for a milestone's criteria: conditions over statements, and groups of them.

A milestone's ``criteria`` StreamField holds conditions and at most one level of
groups ("all of" / "any of"); the milestone's own ``match`` joins the top level. Two
levels are enough for rules such as "the quiz, and either two role-plays or a
sign-off", and keep the editor readable. ``progress.rules`` compiles the stored value
into plain JSON that evaluation reads. docs/decisions/0003-milestone-rules.md says why.
https://docs.wagtail.org/en/stable/topics/streamfield.html
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from . import objects

COMPLETED_TYPES = [
    (objects.MODULE, _("Module")),
    (objects.LESSON, _("Lesson")),
    (objects.COURSE, _("Course")),
    (objects.ROLEPLAY_SESSION, _("Role-play")),
]
ROLEPLAY_RATER_ROLES = [
    ("coach", _("Coach")),
    ("observer", _("Observer")),
    ("customer", _("Customer actor")),
    ("system", _("Automatic")),
]
ASSESSMENT_RATER_ROLES = [
    ("self", _("Self")),
    ("coach", _("Coach")),
    ("observer", _("Observer")),
    ("manager", _("Manager")),
]
MATCH_CHOICES = [("all", _("All of these")), ("any", _("Any of these"))]


class CompletedBlock(blocks.StructBlock):
    """The learner completed a page (module, lesson, course) or any object of a type."""

    object_type = blocks.ChoiceBlock(
        choices=COMPLETED_TYPES, default=objects.MODULE, label=_("what")
    )
    page = blocks.PageChooserBlock(
        required=False,
        label=_("page"),
        help_text=_("The module, lesson or course page. Any translation of it counts."),
    )
    object_id = blocks.CharBlock(
        required=False,
        max_length=64,
        label=_("key"),
        help_text=_("Instead of a page: its translation key. Leave both empty for any one."),
    )

    class Meta:
        icon = "tick-inverse"
        label = _("Completed")

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("object_id"):
            raise StructBlockValidationError(
                block_errors={
                    "object_id": ValidationError(_("Choose a page or give a key, not both."))
                }
            )
        return value


class QuizPassedBlock(blocks.StructBlock):
    """A quiz covering the competency was passed with at least this score."""

    competency = SnippetChooserBlock("progress.Competency", label=_("competency"))
    min_percent = blocks.IntegerBlock(
        default=80, min_value=1, max_value=100, label=_("minimum score (%)")
    )

    class Meta:
        icon = "help"
        label = _("Quiz passed")


class RolePlaysScoredBlock(blocks.StructBlock):
    """At least N role-plays in which raters of one role scored the competency high enough.

    Per session the rater role's scores on the competency are averaged, so a session
    with several criteria linked to the competency counts once.
    """

    count = blocks.IntegerBlock(default=2, min_value=1, max_value=50, label=_("role-plays"))
    rater_role = blocks.ChoiceBlock(
        choices=ROLEPLAY_RATER_ROLES, default="coach", label=_("scored by")
    )
    competency = SnippetChooserBlock("progress.Competency", label=_("competency"))
    min_level = blocks.IntegerBlock(default=4, min_value=1, max_value=5, label=_("minimum level"))

    class Meta:
        icon = "group"
        label = _("Role-plays scored")


class AssessedBlock(blocks.StructBlock):
    """The latest assessment of the competency by a rater role is at least a level."""

    competency = SnippetChooserBlock("progress.Competency", label=_("competency"))
    rater_role = blocks.ChoiceBlock(
        choices=ASSESSMENT_RATER_ROLES, default="coach", label=_("assessed by")
    )
    min_level = blocks.IntegerBlock(default=3, min_value=1, max_value=5, label=_("minimum level"))

    class Meta:
        icon = "order"
        label = _("Assessed at level")


class SignedOffBlock(blocks.StaticBlock):
    """A coach of the learner's team signed this milestone off (and has not withdrawn it)."""

    class Meta:
        icon = "user"
        label = _("Coach sign-off")
        admin_text = _("A coach of the learner's team signs this milestone off.")


def condition_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("completed", CompletedBlock()),
        ("quiz_passed", QuizPassedBlock()),
        ("roleplays_scored", RolePlaysScoredBlock()),
        ("assessed", AssessedBlock()),
        ("signed_off", SignedOffBlock()),
    ]


class GroupBlock(blocks.StructBlock):
    """Conditions joined by AND ("all of") or OR ("any of")."""

    match = blocks.ChoiceBlock(choices=MATCH_CHOICES, default="any", label=_("match"))
    conditions = blocks.StreamBlock(condition_blocks(), min_num=1, label=_("conditions"))

    class Meta:
        icon = "list-ul"
        label = _("Group of conditions")


class CriteriaBlock(blocks.StreamBlock):
    """The top level of a milestone's criteria."""

    completed = CompletedBlock()
    quiz_passed = QuizPassedBlock()
    roleplays_scored = RolePlaysScoredBlock()
    assessed = AssessedBlock()
    signed_off = SignedOffBlock()
    group = GroupBlock()

    def clean(self, value):
        value = super().clean(value)
        if not len(value):
            raise ValidationError(_("Add at least one condition."))
        return value

"""The blocks a lesson is written in.

Each block renders itself in the lesson page template and describes itself to the
API through ``get_api_representation``, Wagtail's own hook for headless output.
The quiz block's API form never carries the answer key or the option feedback:
those stay on the server until the learner has answered.
https://docs.wagtail.org/en/stable/topics/streamfield.html
https://docs.wagtail.org/en/stable/advanced_topics/api/v2/configuration.html#custom-api-representations
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .promise import ServicePromiseCalloutBlock

DEFAULT_PASS_MARK = 80
"""Percent of a quiz's questions answered right to pass, unless the editor sets another."""

RENDITION_WIDTHS = (400, 800, 1200)

CALL_QUESTION = _("What did the customer feel, and what did you feel?")


def _locale(context):
    return (context or {}).get("locale")


def _document(document) -> dict | None:
    if document is None:
        return None
    return {"title": document.title, "url": document.url, "file_extension": document.file_extension}


def _competency(competency, locale=None) -> dict | None:
    if competency is None:
        return None
    shown = (
        competency.localized
        if locale is None
        else (competency.get_translation_or_none(locale) or competency)
    )
    return {"slug": competency.slug, "name": shown.name}


class ImageBlock(blocks.StructBlock):
    """An image with required alt text, served as responsive renditions.

    https://docs.wagtail.org/en/stable/topics/images.html#responsive-images
    """

    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("alt text"),
        max_length=255,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"

    def get_api_representation(self, value, context=None):
        image = value["image"]
        renditions = image.get_renditions(*(f"width-{width}" for width in RENDITION_WIDTHS))
        return {
            "alt": value["alt"],
            "caption": value["caption"],
            "width": image.width,
            "height": image.height,
            "renditions": [
                {"width": rendition.width, "url": rendition.url}
                for rendition in renditions.values()
            ],
        }


class VideoBlock(blocks.StructBlock):
    """A video, either embedded from a video service or uploaded as a document."""

    title = blocks.CharBlock(label=_("title"), max_length=255)
    embed = EmbedBlock(label=_("embed URL"), required=False)
    file = DocumentChooserBlock(label=_("video file"), required=False)
    transcript = blocks.TextBlock(
        label=_("transcript or description"),
        required=False,
        help_text=_("For people who cannot listen or watch."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("embed")) == bool(value.get("file")):
            message = ValidationError(_("Give either an embed URL or a video file, not both."))
            raise StructBlockValidationError(block_errors={"embed": message})
        return value

    def get_api_representation(self, value, context=None):
        return {
            "title": value["title"],
            "embed_url": value["embed"].url if value["embed"] else None,
            "file": _document(value["file"]),
            "transcript": value["transcript"],
        }


class TranscriptLineBlock(blocks.StructBlock):
    """One line of a call transcript, with the moment it is heard."""

    at = blocks.RegexBlock(
        regex=r"^\d{1,2}:\d{2}$",
        label=_("time (m:ss)"),
        error_messages={"invalid": _("Write the time as minutes:seconds, e.g. 0:42.")},
    )
    speaker = blocks.ChoiceBlock(
        choices=[("customer", _("Customer")), ("agent", _("Agent"))], label=_("speaker")
    )
    text = blocks.TextBlock(label=_("what was said"))

    class Meta:
        icon = "openquote"


class RecordingBlock(blocks.StructBlock):
    """One version of a call: the audio and what was said."""

    version = blocks.ChoiceBlock(
        choices=[
            ("single", _("Recording")),
            ("cold", _("Cold version")),
            ("warm", _("Warm version")),
        ],
        default="single",
        label=_("version"),
    )
    audio = DocumentChooserBlock(label=_("audio file"))
    transcript = blocks.ListBlock(TranscriptLineBlock(), label=_("transcript"))

    def get_api_representation(self, value, context=None):
        return {
            "version": value["version"],
            "audio": _document(value["audio"]),
            "transcript": [dict(line) for line in value["transcript"]],
        }


class CallRecordingBlock(blocks.StructBlock):
    """A real-sounding call to listen to, optionally as a cold and a warm pair.

    Hearing the same call handled coldly and warmly teaches empathy faster than any
    slide; the learner answers the question in a reflection of their own.
    """

    title = blocks.CharBlock(label=_("title"), max_length=255)
    situation = blocks.TextBlock(label=_("situation"), help_text=_("Who calls, and why."))
    recordings = blocks.ListBlock(RecordingBlock(), min_num=1, max_num=2, label=_("recordings"))
    question = blocks.TextBlock(
        label=_("question"),
        required=False,
        help_text=_("Empty: “What did the customer feel, and what did you feel?”"),
    )

    class Meta:
        icon = "media"
        label = _("Call recording")
        template = "courses/blocks/call_recording.html"

    def clean(self, value):
        value = super().clean(value)
        versions = sorted(recording["version"] for recording in value["recordings"])
        if len(versions) == 2 and versions != ["cold", "warm"]:
            message = ValidationError(_("A pair of recordings is one cold and one warm version."))
            raise StructBlockValidationError(block_errors={"recordings": message})
        return value

    @staticmethod
    def question_text(value) -> str:
        return value["question"] or str(CALL_QUESTION)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["question"] = self.question_text(value)
        return context

    def get_api_representation(self, value, context=None):
        return {
            "title": value["title"],
            "situation": value["situation"],
            "recordings": [
                RecordingBlock().get_api_representation(recording, context)
                for recording in value["recordings"]
            ],
            "question": self.question_text(value),
        }


class ModelAnswerBlock(blocks.StructBlock):
    """A template reply for one channel, with when to use it and how to make it personal."""

    channel = blocks.ChoiceBlock(
        choices=[("email", _("E-mail")), ("chat", _("Chat")), ("social", _("Social media"))],
        label=_("channel"),
    )
    situation = blocks.TextBlock(label=_("situation"))
    template = blocks.TextBlock(label=_("template reply"))
    when_to_use = blocks.TextBlock(label=_("when to use it"))
    how_to_personalise = blocks.TextBlock(label=_("how to personalise it"))
    personalised_example = blocks.TextBlock(
        label=_("personalised example"),
        required=False,
        help_text=_("The template rewritten for one real customer."),
    )

    class Meta:
        icon = "mail"
        label = _("Model answer")
        template = "courses/blocks/model_answer.html"


class ReflectionPromptBlock(blocks.StructBlock):
    """A question the learner answers in their own words; private unless they share it."""

    prompt = blocks.TextBlock(label=_("question"))
    guidance = blocks.TextBlock(
        label=_("guidance"), required=False, help_text=_("A hint on what to think about.")
    )

    class Meta:
        icon = "edit"
        label = _("Reflection prompt")
        template = "courses/blocks/reflection_prompt.html"


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("option"), max_length=500)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("feedback"), help_text=_("Shown to a learner who chose this option.")
    )

    class Meta:
        icon = "radio-full"


QUESTION_KINDS = [
    ("single", _("Single choice")),
    ("multiple", _("Multiple choice")),
    ("scenario", _("Scenario")),
]


class QuestionBlock(blocks.StructBlock):
    """A quiz question tagged with the competency it shows.

    A scenario question describes a situation and asks for the one best response.
    """

    kind = blocks.ChoiceBlock(choices=QUESTION_KINDS, default="single", label=_("kind"))
    scenario = blocks.TextBlock(label=_("scenario"), required=False)
    question = blocks.TextBlock(label=_("question"))
    competency = SnippetChooserBlock("progress.Competency", label=_("competency"))
    options = blocks.ListBlock(OptionBlock(), min_num=2, label=_("options"))

    class Meta:
        icon = "help"

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for option in value["options"] if option["correct"])
        errors = {}
        if value["kind"] == "multiple" and correct < 1:
            errors["options"] = ValidationError(_("Mark at least one option correct."))
        elif value["kind"] != "multiple" and correct != 1:
            errors["options"] = ValidationError(_("Mark exactly one option correct."))
        if value["kind"] == "scenario" and not value["scenario"]:
            errors["scenario"] = ValidationError(_("A scenario question needs a scenario."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class QuizBlock(blocks.StructBlock):
    """Questions scored on the server; the learner sees feedback only after answering."""

    title = blocks.CharBlock(label=_("title"), max_length=255)
    intro = blocks.TextBlock(label=_("introduction"), required=False)
    pass_mark = blocks.IntegerBlock(
        label=_("pass mark (%)"),
        default=DEFAULT_PASS_MARK,
        min_value=1,
        max_value=100,
        help_text=_("Percent of questions answered right to pass."),
    )
    questions = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("questions"))

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "courses/blocks/quiz.html"

    @staticmethod
    def questions_of(value) -> list[dict]:
        """Questions with their stable ids, for scoring and for the learner's view."""
        return [
            {
                "id": question.id,
                "kind": question.value["kind"],
                "scenario": question.value["scenario"],
                "question": question.value["question"],
                "competency": question.value["competency"],
                "options": [
                    {
                        "id": option.id,
                        "text": option.value["text"],
                        "correct": option.value["correct"],
                        "feedback": option.value["feedback"],
                    }
                    for option in question.value["options"].bound_blocks
                ],
            }
            for question in value["questions"].bound_blocks
        ]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["questions"] = self.questions_of(value)
        return context

    def get_api_representation(self, value, context=None):
        locale = _locale(context)
        return {
            "title": value["title"],
            "intro": value["intro"],
            "pass_mark": value["pass_mark"],
            "questions": [
                {
                    "id": question["id"],
                    "kind": question["kind"],
                    "scenario": question["scenario"],
                    "question": question["question"],
                    "competency": _competency(question["competency"], locale),
                    "options": [
                        {"id": option["id"], "text": option["text"]}
                        for option in question["options"]
                    ],
                }
                for question in self.questions_of(value)
            ],
        }


class KeyTakeawayBlock(blocks.StructBlock):
    """The one thing to remember from a lesson."""

    text = blocks.TextBlock(label=_("takeaway"))

    class Meta:
        icon = "pick"
        label = _("Key takeaway")
        template = "courses/blocks/key_takeaway.html"


class LessonCalloutBlock(ServicePromiseCalloutBlock):
    """The shared callout, described to the API with the quoted text itself."""

    def get_api_representation(self, value, context=None):
        quote = self.quote(value, _locale(context))
        competency = quote["competency"]
        return {
            "statement": quote["statement"],
            "competency": (
                {"slug": competency.slug, "name": competency.name} if competency else None
            ),
            "behaviours": quote.get("behaviours", []),
            "target_level": quote.get("target_level"),
            "note": value["note"],
            "promise_url": quote["page"].url if quote["page"] else None,
        }


class LessonBodyBlock(blocks.StreamBlock):
    """Everything a lesson can be made of."""

    rich_text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        template="courses/blocks/rich_text.html",
    )
    image = ImageBlock()
    video = VideoBlock()
    call_recording = CallRecordingBlock()
    model_answer = ModelAnswerBlock()
    reflection_prompt = ReflectionPromptBlock()
    quiz = QuizBlock()
    key_takeaway = KeyTakeawayBlock()
    service_promise = LessonCalloutBlock()

    def get_api_representation(self, value, context=None):
        representation = []
        for child in value:
            item = {"id": child.id, "type": child.block_type}
            if child.block_type == "rich_text":
                item["value"] = {"html": str(child.value)}
            else:
                item["value"] = child.block.get_api_representation(child.value, context=context)
            representation.append(item)
        return representation


REFLECTABLE_BLOCKS = {"reflection_prompt", "call_recording"}

"""Demo onboarding: the service promise, a bilingual course, enrolments, a little progress.

Idempotent: pages, images and recordings are created when missing and never
overwritten, so that editors' changes to the demo survive a re-seed. The call
recordings and the illustration are committed under ``media/`` (see the
scripts there), so seeding needs no system packages.
"""

import json
import uuid
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.models import HomePage, ServicePromiseCompetency, ServicePromisePage
from courses.models import CoursePage, Enrollment, LessonPage, ModulePage, Reflection
from courses.selectors import lesson_access
from courses.services import lesson_complete, reflection_save, reflection_share
from people.models import Role, Team, User
from progress.models import Competency

from .courses_calls import CALLS
from .courses_content import COURSE, MODULES, PROMISE, PROMISE_ROWS

MEDIA = Path(__file__).resolve().parent / "media"
LANGUAGES = ("fi", "en")
ENROLLED_TEAMS = ("Asiakaspalvelu Aurora", "Myymälä Kajo")


def _id(*parts) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "https://kohtaamo.fi/demo/" + "/".join(parts)))


def _item(value, *parts) -> dict:
    return {"type": "item", "value": value, "id": _id(*parts)}


def _image():
    Image = get_image_model()
    title = "Kohtaaminen / An encounter"
    image = Image.objects.filter(title=title).first()
    if image is None:
        with open(MEDIA / "encounter.png", "rb") as handle:
            image = Image(title=title)
            image.file.save("kohtaamo-encounter.png", File(handle), save=False)
            image.save()
    return image


def _recordings() -> dict[tuple[str, str], object]:
    Document = get_document_model()
    documents = {}
    for language in LANGUAGES:
        for version in ("cold", "warm"):
            title = f"Puhelu / Call: {language} {version}"
            document = Document.objects.filter(title=title).first()
            if document is None:
                with open(MEDIA / f"call-{language}-{version}.wav", "rb") as handle:
                    document = Document(title=title)
                    document.file.save(f"call-{language}-{version}.wav", File(handle), save=False)
                    document.save()
            documents[(language, version)] = document
    return documents


def _at(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _body(lesson: dict, language: str, assets: dict) -> list[dict]:
    """The lesson's blocks in ``language``, with ids shared by both languages."""
    slug = lesson["slug"]
    body = []
    for block_type, key, spec in lesson["body"]:
        texts = spec.get(language) if isinstance(spec, dict) else None
        if block_type == "rich_text":
            value = spec[language]
        elif block_type == "image":
            value = {"image": assets["image"].pk, **texts}
        elif block_type == "video":
            value = {
                "title": texts["title"],
                "embed": spec["embed"],
                "file": None,
                "transcript": texts["transcript"],
            }
        elif block_type == "call_recording":
            value = {
                **texts,
                "recordings": [
                    _item(
                        {
                            "version": version,
                            "audio": assets["recordings"][(language, version)].pk,
                            "transcript": [
                                _item(
                                    {"at": _at(start), "speaker": speaker, "text": text},
                                    slug,
                                    key,
                                    version,
                                    str(n),
                                )
                                for n, ((speaker, text), start) in enumerate(
                                    zip(
                                        CALLS[language][version],
                                        assets["timings"][f"{language}-{version}"],
                                        strict=True,
                                    )
                                )
                            ],
                        },
                        slug,
                        key,
                        version,
                    )
                    for version in ("cold", "warm")
                ],
            }
        elif block_type == "model_answer":
            value = {"channel": spec["channel"], **texts}
        elif block_type == "quiz":
            value = {
                **texts,
                "pass_mark": spec["pass_mark"],
                "questions": [
                    _item(
                        {
                            "kind": question["kind"],
                            "scenario": question[language][0],
                            "question": question[language][1],
                            "competency": assets["competencies"][question["competency"]].pk,
                            "options": [
                                _item(
                                    {"text": text, "correct": correct, "feedback": feedback},
                                    slug,
                                    key,
                                    str(q),
                                    str(o),
                                )
                                for o, (text, correct, feedback) in enumerate(question[language][2])
                            ],
                        },
                        slug,
                        key,
                        str(q),
                    )
                    for q, question in enumerate(spec["questions"])
                ],
            }
        elif block_type == "service_promise":
            competency = spec["competency"]
            value = {
                "competency": assets["competencies"][competency].pk if competency else None,
                **texts,
            }
        else:
            value = texts
        body.append({"type": block_type, "value": value, "id": _id(slug, key)})
    return body


def _publish(page) -> None:
    page.save_revision().publish()


def _page(parent, model, slug: str, fields: dict):
    """The child of ``parent`` with ``slug``, created and published when missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
        _publish(page)
    return page


def _translation(page, locale: Locale, fields: dict):
    """``page`` in ``locale``, copied with simple translation and published when missing."""
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        _publish(translation)
    return translation.specific


def _promise(home: HomePage, english: Locale, competencies: dict):
    def rows(language: int):
        return [
            ServicePromiseCompetency(
                competency=competencies[slug],
                target_level=level,
                behaviours=texts[language],
                sort_order=n,
            )
            for n, (slug, level, *texts) in enumerate(PROMISE_ROWS)
        ]

    page = _page(
        home, ServicePromisePage, PROMISE["slug"], {**PROMISE["fi"], "competencies": rows(0)}
    )
    return _translation(page, english, {**PROMISE["en"], "competencies": rows(1)})


def _course(home: HomePage, english: Locale, assets: dict) -> CoursePage:
    course = _page(home, CoursePage, COURSE["slug"], COURSE["fi"])
    _translation(course, english, COURSE["en"])
    for module_spec in MODULES:
        common = {
            "pillar": module_spec["pillar"],
            "duration_minutes": module_spec["duration"],
            "requires_earlier_modules": module_spec["requires"],
        }
        module = _page(course, ModulePage, module_spec["slug"], {**common, **module_spec["fi"]})
        _translation(module, english, module_spec["en"])
        for lesson_spec in module_spec["lessons"]:
            fields = {"duration_minutes": lesson_spec["duration"]}
            lesson = _page(
                module,
                LessonPage,
                lesson_spec["slug"],
                {**fields, **lesson_spec["fi"], "body": _body(lesson_spec, "fi", assets)},
            )
            _translation(
                lesson, english, {**lesson_spec["en"], "body": _body(lesson_spec, "en", assets)}
            )
    return course


def _enrol_teams(course: CoursePage) -> None:
    today = timezone.localdate()
    for team in Team.objects.filter(name__in=ENROLLED_TEAMS):
        for membership in team.memberships.filter(role=Role.LEARNER).select_related("user"):
            Enrollment.objects.get_or_create(
                learner=membership.user,
                course=course,
                defaults={
                    "team": team,
                    "cohort_start": today - timedelta(days=7),
                    "due_date": today + timedelta(days=21),
                },
            )


def _complete(learner, lessons) -> None:
    for lesson in lessons:
        lesson_complete(learner=learner, access=lesson_access(learner=learner, lesson=lesson))


def _progress(course: CoursePage) -> None:
    """Some progress to look at.

    Aino (learner) has finished two lessons and shared a reflection with her coach;
    Sanna (learner3) has finished the what and how modules, so the why module, with
    the cold and warm call, is open for her.
    """
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    ahead = User.objects.filter(username="learner3").first()
    if ahead is not None:
        _complete(
            ahead,
            LessonPage.objects.descendant_of(course)
            .filter(path__lt=modules[-1].path)
            .order_by("path"),
        )
    learner = User.objects.filter(username="learner").first()
    if learner is None:
        return
    lessons = list(LessonPage.objects.child_of(modules[0]).order_by("path")[:2])
    _complete(learner, lessons)
    if not Reflection.objects.filter(learner=learner).exists():
        access = lesson_access(learner=learner, lesson=lessons[1])
        reflection, _created = reflection_save(
            learner=learner,
            access=access,
            block_id=_id(lessons[1].slug, "reflect"),
            text=(
                "Kuuntelu on minulle luontevaa, mutta vastuunotossa on opittavaa: sanon "
                "helposti 'se ei kuulu meille', kun en tiedä vastausta."
            ),
        )
        reflection_share(reflection=reflection)


def seed() -> CoursePage:
    finnish, english = (Locale.objects.get(language_code=code) for code in LANGUAGES)
    home = HomePage.objects.get(locale=finnish)
    competencies = {
        competency.slug: competency for competency in Competency.objects.filter(locale=finnish)
    }
    assets = {
        "image": _image(),
        "recordings": _recordings(),
        "timings": json.loads((MEDIA / "timings.json").read_text()),
        "competencies": competencies,
    }
    _promise(home, english, competencies)
    course = _course(home, english, assets)
    _enrol_teams(course)
    _progress(course)
    return course

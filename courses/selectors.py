"""Reads for courses: outlines, "my courses", lesson access and what a learner may see.

An outline is built from the canonical tree (the default locale) with a fixed number
of queries however many modules and lessons a course has: modules, lessons, their
translations in the learner's language, the learner's completions and enrolments.
Each page is shown in the learner's language when a live translation exists, and in
the default language otherwise.

The page structure of a course (its live modules and lessons, their translations in
a locale), the course a lesson is in and the default locale are the same for every
learner and change only when an editor saves, publishes, moves or deletes a page (or
a locale or site changes). Each process keeps them in memory under a token in the
shared cache; ``forget_structure`` (connected to those signals in ``CoursesConfig``)
replaces the token, so every process builds them again on its next request. What a
learner has done (enrolments, completions, attempts) is always read fresh.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from core.kept import Kept
from people import permissions
from people.models import Role

from .models import (
    CoursePage,
    Enrollment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    QuizAttempt,
    Reflection,
)


class LessonUnavailable(Exception):
    """The learner may not open this lesson (yet); ``reason`` says why, for them."""

    def __init__(self, reason: str, outline: CourseOutline | None = None):
        super().__init__(reason)
        self.reason = reason
        self.outline = outline


@dataclass
class PageRef:
    """A page as the learner sees it: in their language where it exists.

    ``url`` is worked out when first read: a lesson page shows two of its outline's
    links, and Wagtail's URL of a page is not free."""

    id: int
    key: uuid.UUID
    title: str
    language: str
    page: Page = field(repr=False, compare=False)
    request: object = field(default=None, repr=False, compare=False)

    @cached_property
    def url(self) -> str | None:
        return self.page.get_url(self.request)


_structures = Kept("courses:structure-token")
forget_structure = _structures.forget  # pages, locales or sites changed


def default_locale(token: str | None = None) -> Locale:
    """``Locale.get_default()``, kept with the page structures."""
    return _structures.get(("default-locale", settings.LANGUAGE_CODE), Locale.get_default, token)


@dataclass
class LessonItem:
    ref: PageRef
    key: uuid.UUID
    duration_minutes: int
    completed: bool = False
    locked: bool = False


@dataclass
class ModuleItem:
    ref: PageRef
    key: uuid.UUID
    pillar: str
    pillar_label: str
    objectives: list[str]
    duration_minutes: int
    requires_earlier_modules: bool
    lessons: list[LessonItem] = field(default_factory=list)
    locked: bool = False
    lock_reason: str = ""

    @property
    def completed(self) -> bool:
        return bool(self.lessons) and all(lesson.completed for lesson in self.lessons)


@dataclass
class CourseOutline:
    ref: PageRef
    key: uuid.UUID
    course: CoursePage
    enrollment: Enrollment | None
    modules: list[ModuleItem] = field(default_factory=list)

    @property
    def lessons(self) -> list[LessonItem]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def completed_count(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.completed)

    @property
    def percent_complete(self) -> int:
        lessons = self.lessons
        return round(100 * self.completed_count / len(lessons)) if lessons else 0

    @property
    def completed(self) -> bool:
        lessons = self.lessons
        return bool(lessons) and all(lesson.completed for lesson in lessons)

    @property
    def next_lesson(self) -> LessonItem | None:
        return next((x for x in self.lessons if not x.completed and not x.locked), None)

    def module(self, key) -> ModuleItem | None:
        return next((module for module in self.modules if module.key == key), None)

    def module_of(self, lesson_key) -> ModuleItem | None:
        return next((m for m in self.modules if any(x.key == lesson_key for x in m.lessons)), None)

    def lesson(self, key) -> LessonItem | None:
        return next((lesson for lesson in self.lessons if lesson.key == key), None)


def learner_locale(user, default: Locale | None = None) -> Locale:
    """The locale of the learner's preferred language, else the default one.

    ``default``, when the caller has it, saves the query for a learner whose language
    is the default one."""
    language = getattr(user, "language", None)
    if default is not None and language in ("", None, default.language_code):
        return default
    if language:
        locale = Locale.objects.filter(language_code=language).first()
        if locale is not None:
            return locale
    return default_locale()


def canonical_page(page: Page, default: Locale | None = None) -> Page:
    """The same page in the default locale (the one records point at), else itself."""
    default = default or default_locale()
    if page.locale_id == default.pk:
        return page
    translation = page.get_translation_or_none(default)
    return translation.specific if translation is not None and translation.live else page


def _ref(page: Page, shown: Page | None, request) -> PageRef:
    shown = shown or page
    return PageRef(
        id=shown.pk,
        key=page.translation_key,
        title=shown.title,
        language=shown.locale.language_code,
        page=shown,
        request=request,
    )


@dataclass(frozen=True)
class _Structure:
    """One course's live modules and lessons, in tree order, and their translations
    in one locale (empty when the course is in that locale)."""

    modules: list
    lessons: list
    translations: dict
    objectives: dict


def _structures_of(courses: list[CoursePage], locale: Locale) -> dict[int, _Structure]:
    """Each course's structure, kept per process; the missing ones in a fixed number
    of queries however many courses there are."""
    token = _structures.token()
    found: dict[int, _Structure] = {}
    missing = []
    for course in courses:
        kept = _structures.peek(("course", course.pk, course.path, locale.pk), token)
        if kept is None:
            missing.append(course)
        else:
            found[course.pk] = kept
    if missing:
        for course, built in zip(missing, _query_structures(missing, locale), strict=True):
            found[course.pk] = _structures.get(
                ("course", course.pk, course.path, locale.pk), lambda built=built: built, token
            )
    return found


def _query_structures(courses: list[CoursePage], locale: Locale) -> list[_Structure]:
    under = reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses))
    modules = list(
        ModulePage.objects.live()
        .filter(under)
        .select_related("locale")
        .order_by("path")
        .only(
            "id",
            "title",
            "path",
            "depth",
            "url_path",
            "translation_key",
            "locale",
            "pillar",
            "objectives",
            "duration_minutes",
            "requires_earlier_modules",
        )
    )
    lessons = []
    if modules:
        below = reduce(or_, (Q(path__startswith=m.path, depth=m.depth + 1) for m in modules))
        lessons = list(
            LessonPage.objects.live()
            .filter(below)
            .select_related("locale")
            .order_by("path")
            .only(
                "id",
                "title",
                "path",
                "depth",
                "url_path",
                "translation_key",
                "locale",
                "duration_minutes",
            )
        )
    keys = [page.translation_key for page in [*courses, *modules, *lessons]]
    translations, objectives = {}, {}
    if any(page.locale_id != locale.pk for page in courses):
        translations = {
            page.translation_key: page
            for page in Page.objects.live()
            .filter(locale=locale, translation_key__in=keys)
            .select_related("locale")
            .only("id", "title", "url_path", "translation_key", "locale", "path", "depth")
        }
        objectives = dict(
            ModulePage.objects.live()
            .filter(locale=locale, translation_key__in=[m.translation_key for m in modules])
            .values_list("translation_key", "objectives")
        )
    built = []
    for course in courses:
        own_modules = [m for m in modules if m.path.startswith(course.path)]
        own_lessons = [x for x in lessons if x.path.startswith(course.path)]
        own = {course.translation_key} | {p.translation_key for p in [*own_modules, *own_lessons]}
        built.append(
            _Structure(
                modules=own_modules,
                lessons=own_lessons,
                translations={k: v for k, v in translations.items() if k in own}
                if course.locale_id != locale.pk
                else {},
                objectives={k: v for k, v in objectives.items() if k in own}
                if course.locale_id != locale.pk
                else {},
            )
        )
    return built


def _build_outlines(
    *,
    learner,
    courses: list[CoursePage],
    enrollments: dict,
    locale: Locale,
    request=None,
    done: set | None = None,
) -> list[CourseOutline]:
    if not courses:
        return []
    structures = _structures_of(courses, locale)
    course_keys = [course.translation_key for course in courses]
    if done is not None:
        pass
    elif learner is None or not learner.is_authenticated:
        done = set()
    else:
        done = set(
            LessonCompletion.objects.filter(
                learner=learner, course_key__in=course_keys
            ).values_list("lesson_key", flat=True)
        )

    outlines = []
    for course in courses:
        structure = structures[course.pk]
        translations, objectives = structure.translations, structure.objectives
        lessons = structure.lessons
        outline = CourseOutline(
            ref=_ref(course, translations.get(course.translation_key), request),
            key=course.translation_key,
            course=course,
            enrollment=enrollments.get(course.pk),
        )
        for module in structure.modules:
            item = ModuleItem(
                ref=_ref(module, translations.get(module.translation_key), request),
                key=module.translation_key,
                pillar=module.pillar,
                pillar_label=module.get_pillar_display(),
                objectives=_lines(objectives.get(module.translation_key, module.objectives)),
                duration_minutes=module.duration_minutes,
                requires_earlier_modules=module.requires_earlier_modules,
            )
            for lesson in (x for x in lessons if x.path.startswith(module.path)):
                item.lessons.append(
                    LessonItem(
                        ref=_ref(lesson, translations.get(lesson.translation_key), request),
                        key=lesson.translation_key,
                        duration_minutes=lesson.duration_minutes,
                        completed=lesson.translation_key in done,
                    )
                )
            outline.modules.append(item)
        _apply_locks(outline)
        outlines.append(outline)
    return outlines


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _apply_locks(outline: CourseOutline) -> None:
    unfinished: list[ModuleItem] = []
    for module in outline.modules:
        if module.requires_earlier_modules and unfinished:
            module.locked = True
            module.lock_reason = _("Complete these modules first: %(modules)s.") % {
                "modules": ", ".join(m.ref.title for m in unfinished)
            }
            for lesson in module.lessons:
                lesson.locked = True
        if module.lessons and not module.completed:
            unfinished.append(module)


def _enrollments_by_course(learner, courses=None) -> dict[int, Enrollment]:
    if learner is None or not learner.is_authenticated:
        return {}
    enrollments = Enrollment.objects.filter(learner=learner)
    if courses is not None:
        enrollments = enrollments.filter(course__in=[c.pk for c in courses])
    return {enrollment.course_id: enrollment for enrollment in enrollments}


def my_courses(*, learner, request=None) -> list[CourseOutline]:
    """The learner's enrolled courses, each with progress and the next lesson to open."""
    enrollments = list(
        Enrollment.objects.filter(learner=learner, course__live=True)
        .select_related("course", "course__locale")
        .order_by("due_date", "cohort_start", "pk")
    )
    courses = [enrollment.course for enrollment in enrollments]
    by_course = {enrollment.course_id: enrollment for enrollment in enrollments}
    return _build_outlines(
        learner=learner,
        courses=courses,
        enrollments=by_course,
        locale=learner_locale(learner),
        request=request,
    )


def course_by_id(course_id: int) -> CoursePage:
    """The canonical course for a course page id in any locale; 404 when unknown."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        raise Http404
    return canonical_page(course)


def course_outline(
    *, learner, course: CoursePage, request=None, default: Locale | None = None
) -> CourseOutline:
    """The outline of ``course`` for ``learner``: modules, lessons, locks and completion."""
    enrollments = _enrollments_by_course(learner, [course])
    return _build_outlines(
        learner=learner,
        courses=[course],
        enrollments=enrollments,
        locale=learner_locale(learner, default),
        request=request,
    )[0]


def course_outline_for_page(*, page: CoursePage, request) -> CourseOutline | None:
    """The outline shown on a course page: the visitor's progress, in the page's language."""
    course = canonical_page(page)
    user = getattr(request, "user", None) if request is not None else None
    enrollments = _enrollments_by_course(user, [course])
    return _build_outlines(
        learner=user,
        courses=[course],
        enrollments=enrollments,
        locale=page.locale,
        request=request,
    )[0]


@dataclass
class LessonAccess:
    """A lesson the learner may open, in the canonical tree and as they see it."""

    lesson: LessonPage
    shown: LessonPage
    outline: CourseOutline
    module: ModuleItem
    item: LessonItem
    state: dict | None = None  # ``lesson_learner_state``, when read with the access


def lesson_by_id(lesson_id: int) -> LessonPage:
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    return lesson


def lesson_access(
    *, learner, lesson: LessonPage, request=None, shown=None, with_state: bool = False
) -> LessonAccess:
    """Check that ``learner`` may open ``lesson`` now, or raise ``LessonUnavailable``.

    ``shown`` is the page to present; by default the learner's language with a fall
    back to the default locale. A page opened by its URL passes itself. With
    ``with_state`` the access carries the learner's state in the lesson too, read in
    the same query as their completions.
    """
    token = _structures.token()
    default = default_locale(token)
    canonical = canonical_page(lesson, default)
    course_page = _structures.get(
        ("course-of", canonical.path), lambda: _course_of(canonical), token
    )
    if course_page is None:
        raise Http404
    enrollments, done, state = _learner_records(
        learner, course_page, canonical.translation_key if with_state else None
    )
    outline = _build_outlines(
        learner=learner,
        courses=[course_page],
        enrollments=enrollments,
        locale=learner_locale(learner, default),
        request=request,
        done=done,
    )[0]
    if outline.enrollment is None:
        raise LessonUnavailable(_("You are not enrolled in this course."), outline)
    item = outline.lesson(canonical.translation_key)
    module = outline.module_of(canonical.translation_key)
    if item is None or module is None:
        raise Http404
    if item.locked:
        raise LessonUnavailable(module.lock_reason, outline)
    if shown is None:
        translation = canonical.get_translation_or_none(learner_locale(learner, default))
        shown = translation.specific if translation is not None and translation.live else canonical
    return LessonAccess(
        lesson=canonical, shown=shown, outline=outline, module=module, item=item, state=state
    )


def _course_of(lesson: LessonPage) -> CoursePage | None:
    return CoursePage.objects.live().ancestor_of(lesson).select_related("locale").first()


@dataclass
class QuizState:
    attempts: int
    best_percent: int | None
    passed: bool


def lesson_learner_state(*, learner, access: LessonAccess) -> dict:
    """The learner's own quiz results and reflections in this lesson, by block id."""
    if access.state is not None:
        return access.state
    key = access.lesson.translation_key
    attempts: dict[str, QuizState] = {}
    for attempt in QuizAttempt.objects.filter(learner=learner, lesson_key=key).only(
        "quiz_id", "score", "max_score", "passed"
    ):
        _count_attempt(attempts, attempt.quiz_id, attempt.percent, attempt.passed)
    reflections = {
        reflection.block_id: reflection
        for reflection in Reflection.objects.filter(learner=learner, lesson_key=key)
    }
    return {"quizzes": attempts, "reflections": reflections}


def _count_attempt(attempts: dict, quiz_id: str, percent: int, passed: bool) -> None:
    state = attempts.setdefault(quiz_id, QuizState(0, None, False))
    state.attempts += 1
    state.best_percent = max(state.best_percent or 0, percent)
    state.passed = state.passed or passed


def _learner_records(learner, course: CoursePage, lesson_key) -> tuple[dict, set, dict | None]:
    """``learner``'s enrolment in the course (by course id, as ``_enrollments_by_course``
    gives it), the lessons they completed in it and, with a ``lesson_key``, their quiz
    attempts and reflections in that lesson (the state ``lesson_learner_state`` gives).

    One query: a UNION ALL of plain SQL (see ``_Records``). These run on every lesson
    page and lesson API call, and Django builds and compiles an ORM query for about ten
    times the CPU the database needs to answer these ones. (One ORM UNION of the four
    was slower still: every typed NULL column is an expression to compile.)"""
    if learner is None or not learner.is_authenticated:
        return {}, set(), None
    records = _Records.of(connection)
    key_field = records.key_field

    def key(value):
        return key_field.get_db_prep_value(value, connection)

    params = [learner.pk, course.pk, learner.pk, key(course.translation_key)]
    if lesson_key is not None:
        params += [learner.pk, key(lesson_key), learner.pk, key(lesson_key)]
    with connection.cursor() as cursor:
        cursor.execute(records.sql(with_lesson=lesson_key is not None), params)
        rows = cursor.fetchall()
    enrollments: dict = {}
    done: set = set()
    attempts: dict[str, QuizState] = {}
    reflections: dict = {}
    for row in rows:
        kind = row[0]
        if kind == _Records.COMPLETION:
            done.add(records.value(kind, row)[0])
        elif kind == _Records.ATTEMPT:
            quiz_id, score, max_score, passed = records.value(kind, row)
            percent = round(100 * score / max_score) if max_score else 0
            _count_attempt(attempts, quiz_id, percent, bool(passed))
        elif kind == _Records.ENROLLMENT:
            enrollment = records.instance(kind, row)
            enrollments[enrollment.course_id] = enrollment
        else:
            reflection = records.instance(kind, row)
            reflections[reflection.block_id] = reflection
    if lesson_key is None:
        return enrollments, done, None
    return enrollments, done, {"quizzes": attempts, "reflections": reflections}


class _Records:
    """The SQL of ``_learner_records`` and how to read its rows, built once per
    database vendor.

    Each row is ``kind`` and then one column for every field of every kind; a row
    fills its own kind's columns and leaves the others NULL (cast to the column's type,
    so that PostgreSQL can match the four SELECTs). Values are converted as Django
    converts what it reads for the field (SQLite returns dates and UUIDs as text)."""

    ENROLLMENT, COMPLETION, ATTEMPT, REFLECTION = 1, 2, 3, 4
    _built: dict = {}

    @classmethod
    def of(cls, connection) -> _Records:
        found = cls._built.get(connection.vendor)
        if found is None:
            found = cls._built[connection.vendor] = cls(connection)
        return found

    def __init__(self, connection):
        self.connection = connection
        self.key_field = LessonCompletion._meta.get_field("lesson_key")
        enrollment_fields = Enrollment._meta.concrete_fields
        reflection_fields = Reflection._meta.concrete_fields
        attempt_fields = [
            QuizAttempt._meta.get_field(name)
            for name in ("quiz_id", "score", "max_score", "passed")
        ]
        # kind: (model, its fields read, the two columns compared with the parameters)
        kinds = {
            self.ENROLLMENT: (Enrollment, enrollment_fields, ("learner_id", "course_id")),
            self.COMPLETION: (LessonCompletion, [self.key_field], ("learner_id", "course_key")),
            self.ATTEMPT: (QuizAttempt, attempt_fields, ("learner_id", "lesson_key")),
            self.REFLECTION: (Reflection, reflection_fields, ("learner_id", "lesson_key")),
        }
        quote = connection.ops.quote_name
        self.models: dict[int, type] = {}
        self.columns: dict[int, tuple[int, int]] = {}  # kind: (first column, after last)
        self.names: dict[int, list[str]] = {}
        self.converters: dict[int, list[tuple]] = {}
        every = []
        for kind, (model, fields, _where) in kinds.items():
            start = 1 + len(every)
            every += [(kind, field) for field in fields]
            self.models[kind] = model
            self.columns[kind] = (start, 1 + len(every))
            self.names[kind] = [field.attname for field in fields]
            self.converters[kind] = [self._converters(model, field) for field in fields]
        selects = {}
        for kind, (model, _fields, where) in kinds.items():
            values = [
                quote(field.column)
                if own == kind
                else f"CAST(NULL AS {field.cast_db_type(connection)})"
                for own, field in every
            ]
            selects[kind] = (
                f"SELECT {kind}, {', '.join(values)} FROM {quote(model._meta.db_table)}"
                f" WHERE {' AND '.join(f'{quote(column)} = %s' for column in where)}"
            )
        joined = " UNION ALL ".join
        self._sql = {
            False: joined([selects[self.ENROLLMENT], selects[self.COMPLETION]]),
            True: joined(selects.values()),
        }

    def _converters(self, model, field) -> tuple:
        expression = field.get_col(model._meta.db_table)
        found = self.connection.ops.get_db_converters(expression)
        return expression, found + expression.get_db_converters(self.connection)

    def sql(self, *, with_lesson: bool) -> str:
        return self._sql[with_lesson]

    def value(self, kind: int, row) -> list:
        start, end = self.columns[kind]
        values = []
        for value, (expression, converters) in zip(
            row[start:end], self.converters[kind], strict=True
        ):
            for converter in converters:
                value = converter(value, expression, self.connection)
            values.append(value)
        return values

    def instance(self, kind: int, row):
        return self.models[kind].from_db(
            self.connection.alias, self.names[kind], self.value(kind, row)
        )


def quiz_history(*, learner, lesson_key, quiz_id: str) -> QuizState:
    state = QuizState(0, None, False)
    for attempt in QuizAttempt.objects.filter(
        learner=learner, lesson_key=lesson_key, quiz_id=quiz_id
    ).only("score", "max_score", "passed"):
        state.attempts += 1
        state.best_percent = max(state.best_percent or 0, attempt.percent)
        state.passed = state.passed or attempt.passed
    return state


def reflections_visible_to(*, user):
    """Reflections ``user`` may read: their own, and shared ones of learners they coach.

    Managers lead a team but never read reflections; a coach reads a reflection only
    after its learner shared it, and only while they coach a team the learner is a
    learner in.
    """
    coached_learners = permissions.learners_led_by(user, roles=[Role.COACH])
    return Reflection.objects.filter(
        Q(learner_id=user.pk) | Q(shared_at__isnull=False, learner_id__in=coached_learners)
    ).select_related("learner")


def reflection_visible_to(*, user, reflection_id: int) -> Reflection:
    """One reflection ``user`` may read; 404 otherwise, so that its existence stays private."""
    reflection = reflections_visible_to(user=user).filter(pk=reflection_id).first()
    if reflection is None:
        raise Http404
    return reflection


def lesson_titles(*, keys, locale: Locale) -> dict[uuid.UUID, Page]:
    """Live lessons by translation key, in ``locale`` where translated."""
    default = default_locale()
    found: dict[uuid.UUID, Page] = {}
    pages = (
        LessonPage.objects.live()
        .filter(translation_key__in=set(keys), locale__in=[locale.pk, default.pk])
        .only("id", "title", "translation_key", "locale")
    )
    for page in pages:
        if page.translation_key not in found or page.locale_id == locale.pk:
            found[page.translation_key] = page
    return found

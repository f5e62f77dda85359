"""Which page types may live where: the tree is the learning path."""

from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, ServicePromisePage
from courses.models import CoursePage, LessonPage, ModulePage


class PageTreeRules(WagtailPageTestCase):
    def test_a_course_lives_under_a_home_page(self):
        self.assertAllowedParentPageTypes(CoursePage, {HomePage})

    def test_a_course_holds_only_modules(self):
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})

    def test_a_module_lives_only_in_a_course(self):
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})

    def test_a_module_holds_only_lessons(self):
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage})

    def test_a_lesson_lives_only_in_a_module(self):
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})

    def test_a_lesson_has_no_children(self):
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_the_service_promise_lives_under_a_home_page_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ServicePromisePage, {HomePage})
        self.assertAllowedSubpageTypes(ServicePromisePage, set())

    def test_a_home_page_holds_one_service_promise(self):
        self.assertEqual(ServicePromisePage.max_count_per_parent, 1)

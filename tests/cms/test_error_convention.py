"""One error convention: a refusal by the rules is a ``core.errors.DomainError``, mapped
once to HTTP (the API's JSON body) and once to pages (a message or the 403/404 page)."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.utils import translation

from cms.api import exception_handler
from cms.middleware import DomainErrorMiddleware
from core.errors import DomainError
from core.forms import form_add_domain_error
from courses.services import InvalidInput
from people.models import Team
from people.services import membership_set
from tests.factories import UserFactory


def test_a_domain_error_answers_the_status_its_code_names_with_the_api_error_body():
    answers = {
        code: exception_handler(DomainError(code, "Refused."), {})
        for code in ("forbidden", "not_found", "conflict", "not_live")
    }
    assert {code: r.status_code for code, r in answers.items()} == {
        "forbidden": 403,
        "not_found": 404,
        "conflict": 409,
        "not_live": 409,
    }
    assert all(r.data == {"detail": "Refused."} for r in answers.values())


def test_a_refusal_without_fields_is_a_400_with_non_field_errors():
    response = exception_handler(DomainError("invalid", "Not now."), {})
    assert response.status_code == 400
    assert response.data == {"detail": "Not now.", "errors": {"non_field_errors": ["Not now."]}}


def test_courses_invalid_input_is_the_domain_error_with_the_fields_that_were_wrong():
    with translation.override("en"):
        response = exception_handler(InvalidInput({"quiz": ["No such quiz."]}), {})
    assert response.status_code == 400
    assert response.data == {
        "detail": "Some fields are not valid.",
        "errors": {"quiz": ["No such quiz."]},
    }


@pytest.mark.django_db
def test_an_unknown_team_role_is_refused_in_the_persons_language():
    with translation.override("fi"), pytest.raises(DomainError) as refused:
        membership_set(user=UserFactory(), team=Team.objects.create(name="T"), role="boss")
    assert refused.value.code == "invalid"
    assert "role" in refused.value.errors
    assert str(refused.value.errors["role"][0]) != "Not a role in a team."


def _page_request(path="/fi/coach/sessions/new/", referer=None):
    request = RequestFactory().post(path, HTTP_REFERER=referer or "")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_page_shows_a_refusal_as_a_message_and_goes_back_where_the_person_was():
    request = _page_request(referer="http://testserver/fi/coach/")
    middleware = DomainErrorMiddleware(lambda r: None)
    response = middleware.process_exception(request, DomainError("invalid", "Pick a team."))
    assert response.status_code == 302 and response["Location"] == "http://testserver/fi/coach/"
    assert [str(m) for m in get_messages(request)] == ["Pick a team."]


@pytest.mark.django_db
def test_a_page_answers_a_forbidden_refusal_with_the_403_page():
    middleware = DomainErrorMiddleware(lambda r: None)
    response = middleware.process_exception(_page_request(), DomainError("forbidden", "No."))
    assert response.status_code == 403


def test_a_form_shows_each_field_error_on_its_field_and_the_rest_on_the_form():
    from django import forms

    class Form(forms.Form):
        text = forms.CharField(required=False)

    form = Form(data={"text": "x"})
    assert form.is_valid()
    form_add_domain_error(
        form, DomainError.invalid({"text": ["Too short."], "block": ["No such block."]})
    )
    assert form.errors == {"text": ["Too short."], "__all__": ["No such block."]}

from django.utils import translation


class PreferredLanguageMiddleware:
    """Speak a signed-in person's preferred language on pages without a language prefix.

    LocaleMiddleware has already chosen from the URL, the cookie or the browser; a
    person who told us their language outranks the browser, but not a URL that names
    a language explicitly (``/en/...``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not translation.get_language_from_path(request.path_info)
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SettingsForm(forms.Form):
    """What a person decides for themselves: their language and whether we e-mail them."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    email_reminders = forms.BooleanField(
        label=_("Send me e-mail"),
        help_text=_(
            "Role-play invitations, reminders of overdue onboarding and, for managers, "
            "a weekly summary of their teams."
        ),
        required=False,
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new token"),
        help_text=_("What the token is for, so that you recognise it later."),
        max_length=100,
        required=False,
    )


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("My self-reflection"),
        help_text=_(
            "How did the encounter feel, for the customer and for you? What would you do "
            "differently next time?"
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )

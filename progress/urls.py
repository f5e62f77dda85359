"""Progress API, under /api/progress/."""

from django.urls import path

from . import api, api_credentials

urlpatterns = [
    path("me/", api.MyProgressView.as_view(), name="progress-me"),
    path("learners/<id:user_id>/", api.LearnerProgressView.as_view(), name="progress-learner"),
    path("overview/", api.OverviewView.as_view(), name="progress-overview"),
    path(
        "teams/<id:team_id>/dashboard/",
        api.TeamDashboardView.as_view(),
        name="progress-team-dashboard",
    ),
    path(
        "teams/<id:team_id>/export.csv",
        api.TeamExportView.as_view(),
        name="progress-team-export",
    ),
    path("assessments/", api.AssessmentCreateView.as_view(), name="progress-assessments"),
    path("signoffs/", api.SignOffCreateView.as_view(), name="progress-signoffs"),
    path(
        "signoffs/<id:signoff_id>/withdraw/",
        api.SignOffWithdrawView.as_view(),
        name="progress-signoff-withdraw",
    ),
    path("notes/", api.CoachingNoteCreateView.as_view(), name="progress-notes"),
    path("statements/", api.StatementsView.as_view(), name="progress-statements"),
    path(
        "me/credentials/", api_credentials.MyCredentialsView.as_view(), name="progress-credentials"
    ),
    path(
        "credentials/verify/",
        api_credentials.PresentedCredentialVerifyView.as_view(),
        name="progress-credential-verify-presented",
    ),
    path(
        "credentials/<uuid:credential_id>/verify/",
        api_credentials.CredentialVerifyView.as_view(),
        name="progress-credential-verify",
    ),
    path(
        "credentials/status/revocation/",
        api_credentials.StatusListView.as_view(),
        name="progress-credential-status",
    ),
]

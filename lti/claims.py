"""The LTI 1.3 claim names Kohtaamo reads (https://www.imsglobal.org/spec/lti/v1p3)."""

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
CUSTOM = LTI + "custom"
DEPLOYMENT_ID = LTI + "deployment_id"
MESSAGE_TYPE = LTI + "message_type"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"

AGS_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS_READ = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"

# Roles that make a coach; everything else (Learner, Mentor, none) makes a learner.
INSTRUCTOR_ROLES = (
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
    "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper",
)
# The custom parameter a deep link puts on the link it creates: "lesson:<key>".
TARGET_PARAM = "kohtaamo_target"


def is_instructor(roles) -> bool:
    return any(role in INSTRUCTOR_ROLES or role == "Instructor" for role in roles or ())

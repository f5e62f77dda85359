"""xAPI verb IRIs that Kohtaamo records.

ADL's registered verbs where one fits; Kohtaamo's own under ``KOHTAAMO`` otherwise.
https://registry.tincanapi.com/ lists the ADL ones.
"""

ADL = "http://adlnet.gov/expapi/verbs/"
KOHTAAMO = "https://kohtaamo.fi/xapi/verbs/"

COMPLETED = ADL + "completed"
ANSWERED = ADL + "answered"
ATTEMPTED = ADL + "attempted"
PASSED = ADL + "passed"
FAILED = ADL + "failed"
SCORED = ADL + "scored"
COMMENTED = ADL + "commented"
VOIDED = ADL + "voided"
REFLECTED = KOHTAAMO + "reflected"
ASSESSED = KOHTAAMO + "assessed"
SIGNED_OFF = KOHTAAMO + "signed-off"
PRACTISED = KOHTAAMO + "practised"

DISPLAY = {
    COMPLETED: {"en-US": "completed", "fi-FI": "suoritti"},
    ANSWERED: {"en-US": "answered", "fi-FI": "vastasi"},
    ATTEMPTED: {"en-US": "attempted", "fi-FI": "yritti"},
    PASSED: {"en-US": "passed", "fi-FI": "läpäisi"},
    FAILED: {"en-US": "failed", "fi-FI": "ei läpäissyt"},
    SCORED: {"en-US": "scored", "fi-FI": "sai arvion"},
    COMMENTED: {"en-US": "commented", "fi-FI": "kommentoi"},
    VOIDED: {"en-US": "voided", "fi-FI": "mitätöi"},
    REFLECTED: {"en-US": "reflected", "fi-FI": "reflektoi"},
    ASSESSED: {"en-US": "assessed", "fi-FI": "arvioi"},
    SIGNED_OFF: {"en-US": "signed off", "fi-FI": "kuittasi"},
    PRACTISED: {"en-US": "practised", "fi-FI": "harjoitteli"},
}

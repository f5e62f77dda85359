"""The object types a statement can be about, beside the verbs in ``progress.verbs``.

Statements are stored and matched by these strings (milestone rules, the xAPI
activity types, the statements API), so every app that records or reads them uses
the names here instead of spelling the string again.
"""

COURSE = "course"
MODULE = "module"
LESSON = "lesson"
QUIZ = "quiz"
ROLEPLAY_SESSION = "roleplay-session"
COMPETENCY = "competency"
MILESTONE = "milestone"
# A voiding statement is about the statement it voids.
STATEMENT = "statement"

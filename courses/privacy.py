"""A learner's own data in ``courses``: enrolments, completions, quiz attempts and
reflections. Erasure deletes them all; enrolments the person made for others stay."""

from .models import Enrollment, LessonCompletion, QuizAttempt, Reflection


def export(user) -> dict:
    return {
        "enrolments": [
            {
                "course": e.course.title,
                "team": e.team.name if e.team else None,
                "cohort_start": e.cohort_start.isoformat(),
                "due_date": e.due_date.isoformat() if e.due_date else None,
                "completed_at": e.completed_at.isoformat() if e.completed_at else None,
            }
            for e in Enrollment.objects.filter(learner=user).select_related("course", "team")
        ],
        "lesson_completions": [
            {"lesson": str(c.lesson_key), "completed_at": c.completed_at.isoformat()}
            for c in LessonCompletion.objects.filter(learner=user).order_by("completed_at")
        ],
        "quiz_attempts": [
            {
                "lesson": str(a.lesson_key),
                "quiz": a.quiz_id,
                "answers": a.answers,
                "score": a.score,
                "max_score": a.max_score,
                "passed": a.passed,
                "attempted_at": a.created_at.isoformat(),
            }
            for a in QuizAttempt.objects.filter(learner=user)
        ],
        "reflections": [
            {
                "lesson": str(r.lesson_key),
                "prompt": r.prompt,
                "text": r.text,
                "shared_at": r.shared_at.isoformat() if r.shared_at else None,
                "written_at": r.created_at.isoformat(),
            }
            for r in Reflection.objects.filter(learner=user)
        ],
    }


def erase(user) -> None:
    for model in (Reflection, QuizAttempt, LessonCompletion, Enrollment):
        model.objects.filter(learner=user).delete()

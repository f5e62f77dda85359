"""Team review of real recordings and transcripts.

A coach uploads a call recording (or pastes a chat or e-mail transcript) for their
team and opens a review session on it. The review runs in the same room and event log
as a live role-play: the coach controls playback for everyone (``playback`` events),
everyone marks moments (``mark`` events, a position plus a note) and the coach and
observers score the recorded agent on the session's own rubric (``score`` events).
Recordings may hold personal data: only the team's members read them, uploads are
checked by content, and a coach deletes a recording with everything derived from it.
An ended review's findings can be saved as a lesson example for editors.
"""

"""Solo practice: the learner is the agent and the server plays the scripted customer.

The customer's lines go into the same event log as a live role-play (``say`` events
with the customer role and no author), so ``seq``, audience, replay and resume work
unchanged. A turn is every agent line since the customer's last one; the scripted
customer (``customer``) asks ``selectors.solo_pending_turn`` what to answer, has the
intent matcher listen (``matchers``, in a worker thread), shows the customer typing,
and stores the answer with ``services.solo_customer_say``, which stores nothing when
the agent has said more meanwhile (the next round answers all of it). Reaching an end
node ends the session and reports the automatic debrief to progress as ``system``
scores. ``kind`` declares all of this to the room (``roleplay.kinds``).
"""

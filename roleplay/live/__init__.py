"""Live role-play: a coach leads a team through a scenario, one learner is the agent,
another plays the customer, observers and the coach score on the scenario's rubric.
The room and its frames are the room core's (``roleplay.room``); here are opening a
session with its people, the debrief and the progress it reports."""

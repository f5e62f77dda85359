"""Every call recorded (docs/decisions/0004-personal-data.md, docs/roleplay-protocol.md).

Each participant's browser records its own microphone (``frontend/static/frontend/
call-recorder.js``) and uploads it as numbered chunks; after the call the worker merges
the tracks into one Ogg/Opus file aligned on the session clock (``merge``). Not a
session kind: a capability of the live room that the kinds' pages and the API use.
"""

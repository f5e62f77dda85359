"""The room core: what every kind of session shares.

The WebSocket consumer, the per-process fan-out, the group-commit writer, frame
parsing and building, the audience rule, the event log (with the batched ``say`` SQL
in ``saybatch``), tickets, close codes and the room's common services and reads. It
imports no session kind: what differs between kinds it asks ``roleplay.kinds``.
"""

"""Reconnect floods: at most three open connections per participant and session, and
presence that a flapping connection does not multiply. Real consumers in process."""

import pytest
from channels.db import database_sync_to_async

from roleplay import presence
from roleplay.models import SessionEvent

from .clients import connect_in_process, open_in_process

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def presence_events(room, user) -> list[str]:
    return list(
        SessionEvent.objects.filter(
            session=room.session, author=user, kind__in=["join", "leave"]
        ).values_list("kind", flat=True)
    )


async def test_fifteen_reconnects_store_one_join_and_one_leave(room):
    coach = await open_in_process(room.coach, room.session.pk)
    agent = await open_in_process(room.agent, room.session.pk)

    for _ in range(15):
        await agent.close()
        agent = await open_in_process(room.agent, room.session.pk)
    await agent.close()

    left = await coach.event("leave", author={"id": room.agent.pk, "name": room.agent.display_name})
    assert left["role"] == "agent"
    assert await presence_events(room, room.agent) == ["join", "leave"]
    assert [e["kind"] for e in coach.events() if e["author"]["id"] == room.agent.pk] == [
        "join",
        "leave",
    ]
    await coach.close()


async def test_a_second_connection_stores_no_join_of_its_own(room):
    first = await open_in_process(room.agent, room.session.pk)
    second = await open_in_process(room.agent, room.session.pk)
    await second.close()
    assert await presence_events(room, room.agent) == ["join"]
    await first.close()


async def test_a_fourth_connection_is_refused_with_an_error_frame_and_4429(room):
    open_ones = [await open_in_process(room.agent, room.session.pk) for _ in range(3)]

    fourth = await connect_in_process(room.agent, room.session.pk)

    assert fourth.seen[0]["type"] == "error"
    assert fourth.seen[0]["code"] == "too_many_connections"
    assert await fourth.closed() == presence.CLOSE_TOO_MANY_CONNECTIONS
    # Closing one makes room for the next.
    await open_ones.pop().close()
    again = await open_in_process(room.agent, room.session.pk)
    for client in [*open_ones, again]:
        await client.close()
    assert await presence_events(room, room.agent) == ["join"]  # the leave still waits

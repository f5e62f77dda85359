"""Chaos: 10,000 lines said across 20 live sessions while connections drop at random.

Per session the agent and the customer each say 250 lines at the pace the rate limit
allows, and the coach whispers now and then; about every 50 stored lines one of the four
participants (speakers included) loses its connection without a closing handshake,
reconnects a moment later and resumes from the last ``seq`` it applied. At the end every
participant must hold exactly the events the database says it may see, in ``seq`` order:
none lost, none twice, no whisper where it does not belong.
"""

import asyncio
import random
import time

import pytest
from channels.db import database_sync_to_async

from roleplay.models import RolePlaySession, SessionEvent
from tests.faults.room import ROLES, Member, applied, make_sessions, visible_to
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SESSIONS = 20
LINES_PER_SPEAKER = 250  # 20 sessions x 2 speakers x 250 = 10,000 say events
DROP_EVERY = (30, 70)  # stored lines between two drops in a session, at random
SEED = 7


async def speak(member: Member, said: list[int]) -> None:
    """Say every line, a few in flight at once; the pace is the member's rate gate."""
    in_flight = asyncio.Semaphore(4)

    async def line(n: int) -> None:
        async with in_flight:
            said.append(await member.submit({"type": "say", "text": f"{member.role} line {n}"}))

    await asyncio.gather(*(line(n) for n in range(LINES_PER_SPEAKER)))


async def whisper(coach: Member, done: asyncio.Event) -> None:
    n = 0
    while not done.is_set():
        await coach.submit({"type": "whisper", "text": f"hint {n}"})
        n += 1
        await asyncio.wait([asyncio.ensure_future(done.wait())], timeout=1.5)


async def chaos(members: dict[str, Member], said: list[int], done: asyncio.Event, rng) -> int:
    """Drop a random participant about every 50 lines; the number of drops."""
    drops = 0
    next_drop = rng.randint(*DROP_EVERY)
    while not done.is_set():
        if len(said) >= next_drop:
            victim = members[rng.choice(ROLES)]
            victim.drop()
            await asyncio.sleep(rng.uniform(0, 0.2))  # offline for a moment
            await victim.reconnect()
            drops += 1
            next_drop += rng.randint(*DROP_EVERY)
        await asyncio.wait([asyncio.ensure_future(done.wait())], timeout=0.05)
    return drops


async def play(server, room, rng) -> tuple[dict[str, Member], int, int]:
    members = {role: Member(server, room.session.pk, role, room.cookies[role]) for role in ROLES}
    for member in members.values():
        await member.connect()
    await members["coach"].submit({"type": "control", "action": "start"})

    said: list[int] = []
    done = asyncio.Event()
    monkey = asyncio.ensure_future(chaos(members, said, done, rng))
    hints = asyncio.ensure_future(whisper(members["coach"], done))
    await asyncio.gather(speak(members["agent"], said), speak(members["customer"], said))
    done.set()
    drops = await asyncio.wait_for(monkey, 30)
    await asyncio.wait_for(hints, 30)
    return members, drops, len(said)


@database_sync_to_async
def last_seq(session_id: int) -> int:
    return RolePlaySession.objects.get(pk=session_id).last_seq


def stored_lines() -> tuple[int, int]:
    says = SessionEvent.objects.filter(kind="say")
    return says.count(), says.values("session", "author", "client_msg_id").distinct().count()


def test_ten_thousand_lines_with_random_drops_arrive_exactly_once_in_order(transactional_db):
    rooms = make_sessions(SESSIONS)
    rng = random.Random(SEED)

    with running_server() as server:

        async def run():
            started = time.monotonic()
            results = await asyncio.gather(*(play(server, room, rng) for room in rooms))
            for room, (members, _drops, _said) in zip(rooms, results, strict=True):
                final = await last_seq(room.session.pk)
                for role, member in members.items():
                    expected = await visible_to(room.session.pk, room.people[role], final)
                    await member.until_applied(expected[-1][0])
                    assert applied(member, final) == expected, (room.session.pk, role)
                for member in members.values():
                    await member.close()
            return results, time.monotonic() - started

        results, seconds = asyncio.run(run())

    lines = sum(said for _members, _drops, said in results)
    drops = sum(drops for _members, drops, _said in results)
    assert lines == SESSIONS * 2 * LINES_PER_SPEAKER == 10_000
    assert stored_lines() == (10_000, 10_000)  # each line stored once, none twice
    assert drops >= SESSIONS * 8  # about one drop per 50 lines in every session
    print(f"\n{lines} lines, {drops} drops, 20 sessions, {seconds:.1f} s")

"""One object per event loop (that is, per server process under an ASGI server).

The writer and the signal checker each keep a queue and a task of their running
loop; tests run several loops one after another in one process, so each loop gets
its own, and those of loops that have closed are dropped.
"""

import asyncio
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def per_loop(
    factory: Callable[[], T], on_drop: Callable[[T], None] | None = None
) -> Callable[[], T]:
    """A function that returns the running loop's own ``factory()``, made on first use;
    ``on_drop`` is called with those of loops that have closed as they are dropped."""
    made: dict[asyncio.AbstractEventLoop, T] = {}

    def of_running_loop() -> T:
        loop = asyncio.get_running_loop()
        if loop not in made:
            for stale in [other for other in made if other.is_closed()]:
                dropped = made.pop(stale)
                if on_drop is not None:
                    on_drop(dropped)
            made[loop] = factory()
        return made[loop]

    return of_running_loop

"""Voice-call rooms on one server process: CPU and memory per active call room, and
the text relay's p99 beside them (issue 13).

A call room is a live role-play of a phone scenario with its four participants
(coach, agent, customer actor, observer) connected and joined to the call
(``roleplay/room/call.py``). While it is active:

- signalling: every ``renegotiate`` seconds one of the room's five peer connections
  is renegotiated with an ICE restart, the offerer and answerer as
  docs/roleplay-protocol.md has them (the lower of coach, observer, agent, customer
  offers), each side sending its description and three ICE candidates (the last
  ``null``); the answerer answers when the offer arrives. Each description's
  directions follow the media paths of the current mode (a coach offers
  ``recvonly`` in listen, ``sendrecv`` to the agent in whisper). Every ``mode_every``
  seconds the coach switches the mode (listen, whisper, listen, barge) and
  renegotiates its connections. About four frames a second per room;
- chunk intake: the coach's, the agent's and the customer's recorders (observers are
  not recorded) each upload their track as WebM/Opus chunks, one PUT at a time per
  track as ``call-recorder.js`` does, signed in by the session cookie with the CSRF
  token, a chunk every ``timeslice`` (3 s, as the room page's recorder joins its 1 s
  slices: ``ROLEPLAY_CALL_UPLOAD_SECONDS``; one upload a second per room;
  ``--timeslice 1`` gives the one-slice-per-chunk recorder's three). The audio is a
  real Opus stream encoded once with PyAV at 32 kbit/s and cut where the muxer had
  written each timeslice, so the first chunk of a segment begins with the EBML header; when the
  stream runs out a track starts a new segment, as a reloaded page does.

The call rooms run in a client process of their own (``python -m bench.callroom
drive``), so that their clients never delay the text relay's load generator.

Measured, in one run against one uvicorn process on the in-memory layer:

1. the text relay alone: ``text_rooms`` seeded text rooms at 8 messages a second per
   speaker (25 rooms: 1,200 deliveries/s, a load the in-memory tier of
   ``bench.relay`` holds), p99 and lost as ``bench.relay`` counts them;
2. call rooms added in steps (e.g. 10, 25, 50): after each step's warm-up, the
   server's CPU over a fixed window, and its resident size after a garbage collection
   (``bench.server``); per room, the CPU above the idle server's and the growth over
   the size before the first call room;
3. the text relay again, at the same load, with every call room still active.

Floors: the text relay keeps p99 < 100 ms with nothing lost beside the call rooms;
the call rooms at the largest step fit in one core (CPU per room at most 1,000 ms/s
over the number of rooms); every chunk is accepted and every signal relayed, with no
error frame. A step at which rooms fail to join is recorded, and the run goes on at
the rooms that did.

    python -m bench.callroom                       # 10, 25, 50 rooms
    python -m bench.callroom --levels 2,5 --window 3
"""

import argparse
import asyncio
import contextlib
import io
import json
import math
import os
import random
import secrets
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
P99_LIMIT_MS = 100.0
RATE = 48_000
# Seconds of audio per upload, as the room page's recorder sends them (cms settings).
UPLOAD_SECONDS = float(os.environ.get("ROLEPLAY_CALL_UPLOAD_SECONDS", "3"))
OPUS_BITRATE = 32_000
ROLES = ("coach", "agent", "customer", "observer")
RECORDED = ("coach", "agent", "customer")
# Each pair's offerer first (the lower of coach, observer, agent, customer offers).
PAIRS = (
    ("coach", "agent"),
    ("coach", "customer"),
    ("observer", "agent"),
    ("observer", "customer"),
    ("agent", "customer"),
)
SENDS = {  # (sender, receiver) per mode, as roleplay.room.call.MODE_PATHS
    "listen": {
        ("agent", "customer"),
        ("customer", "agent"),
        ("agent", "coach"),
        ("customer", "coach"),
        ("agent", "observer"),
        ("customer", "observer"),
    },
}
SENDS["whisper"] = SENDS["listen"] | {("coach", "agent")}
SENDS["barge"] = SENDS["whisper"] | {("coach", "customer")}
MODE_CYCLE = ("whisper", "listen", "barge", "listen")
RETRY_S = (0.5, 1.0, 2.0, 4.0, 8.0)  # a recorder's waits before it tries a chunk again


# The audio -------------------------------------------------------------------------


def opus_chunks(seconds: float, timeslice: float) -> list[bytes]:
    """A WebM/Opus stream of ``seconds`` of voice-like sound (a gliding tone, its
    loudness rising and falling three times a second), cut as a MediaRecorder with
    ``timeslice`` hands it out: at what the muxer had written by each slice's end."""
    import av

    out = io.BytesIO()
    cuts = [0]
    step = 960  # 20 ms at 48 kHz, one Opus frame
    per_slice = max(1, round(timeslice * RATE / step))
    options = {"cluster_time_limit": str(int(timeslice * 1000))}
    with av.open(out, "w", format="webm", options=options) as container:
        stream = container.add_stream("libopus", rate=RATE, layout="mono")
        stream.bit_rate = OPUS_BITRATE
        phase = 0.0
        for k in range(int(seconds * RATE / step)):
            samples = []
            for i in range(k * step, (k + 1) * step):
                t = i / RATE
                phase += 2 * math.pi * (160 + 60 * math.sin(2 * math.pi * 0.4 * t)) / RATE
                envelope = 0.55 + 0.45 * math.sin(2 * math.pi * 3 * t)
                samples.append(int(9000 * envelope * math.sin(phase)))
            frame = av.AudioFrame(format="s16", layout="mono", samples=step)
            frame.planes[0].update(b"".join(s.to_bytes(2, "little", signed=True) for s in samples))
            frame.sample_rate = RATE
            frame.pts = k * step
            for packet in stream.encode(frame):
                container.mux(packet)
            if (k + 1) % per_slice == 0:
                cuts.append(out.tell())
        for packet in stream.encode(None):
            container.mux(packet)
    data = out.getvalue()
    # The muxer writes a cluster when it closes, a slice late: the first chunk holds
    # the header and the first slice's audio, as a MediaRecorder's first blob does.
    bounds = sorted({0, *cuts[2:], len(data)})
    chunks = [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    assert chunks[0].startswith(b"\x1a\x45\xdf\xa3")
    return chunks


# Signalling --------------------------------------------------------------------------


def direction(mode: str, author: str, other: str) -> str:
    """The SDP direction ``author`` writes towards ``other`` in ``mode``."""
    out = (author, other) in SENDS[mode]
    back = (other, author) in SENDS[mode]
    return {(True, True): "sendrecv", (True, False): "sendonly"}.get(
        (out, back), "recvonly" if back else "inactive"
    )


def sdp(token: int, version: int, kind: str, way: str, ufrag: str) -> str:
    """A browser's audio-only session description (Opus, one media section)."""
    fingerprint = ":".join(f"{b:02X}" for b in token.to_bytes(8, "big") * 4)
    lines = [
        "v=0",
        f"o=- {token} {version} IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0",
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS bench",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
        "c=IN IP4 0.0.0.0",
        "a=rtcp:9 IN IP4 0.0.0.0",
        f"a=ice-ufrag:{ufrag}",
        f"a=ice-pwd:{ufrag * 6}",
        "a=ice-options:trickle",
        f"a=fingerprint:sha-256 {fingerprint}",
        f"a=setup:{'actpass' if kind == 'offer' else 'active'}",
        "a=mid:0",
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
        f"a={way}",
        f"a=msid:bench {ufrag}-track",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=rtcp-fb:111 transport-cc",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtpmap:63 red/48000/2",
        "a=fmtp:63 111/111",
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:13 CN/8000",
        "a=rtpmap:110 telephone-event/48000",
        "a=rtpmap:126 telephone-event/8000",
        f"a=ssrc:{token % 2**32} cname:{ufrag}cname",
        f"a=ssrc:{token % 2**32} msid:bench {ufrag}-track",
    ]
    return "\r\n".join(lines) + "\r\n"


def candidates(ufrag: str, n: int) -> list[dict | None]:
    """What a browser trickles after a description: host and srflx candidates, then null."""
    port = 40000 + n % 20000
    host = f"candidate:{n} 1 udp 2122260223 192.168.1.{n % 250 + 2} {port} typ host"
    srflx = (
        f"candidate:{n + 1} 1 udp 1686052607 203.0.113.{n % 250 + 2} {port + 1} typ srflx "
        f"raddr 192.168.1.{n % 250 + 2} rport {port}"
    )
    return [
        {"candidate": f"{c} generation 0 ufrag {ufrag} network-id 1", "sdpMid": "0",
         "sdpMLineIndex": 0, "usernameFragment": ufrag}
        for c in (host, srflx)
    ] + [None]  # fmt: skip


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))], 2)


# The driver: call rooms in a client process of their own ------------------------------


class Window:
    """What the call rooms did since the last ``stats`` command."""

    def __init__(self):
        self.started = time.monotonic()
        self.started_at = time.perf_counter()
        self.cpu = time.process_time()
        self.rtc_sent = 0
        self.rtc_received = 0
        self.rtc_ms: list[float] = []
        self.chunks_due = 0
        self.chunks_stored = 0
        self.chunk_bytes = 0
        self.upload_ms: list[float] = []
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()
        self.call_frames = 0
        self.retries = 0

    def report(self) -> dict:
        seconds = time.monotonic() - self.started
        return {
            "seconds": round(seconds, 2),
            # The driver's own CPU: near 1,000 ms/s, the clients, not the server, lag.
            "client_cpu_ms_per_s": round((time.process_time() - self.cpu) * 1000 / seconds, 1)
            if seconds
            else 0.0,
            "rtc_sent": self.rtc_sent,
            "rtc_received": self.rtc_received,
            "rtc_per_s": round(self.rtc_received / seconds, 1) if seconds else 0.0,
            "rtc_p50_ms": percentile(self.rtc_ms, 50),
            "rtc_p99_ms": percentile(self.rtc_ms, 99),
            "call_frames": self.call_frames,
            "chunks_due": self.chunks_due,
            "chunks_stored": self.chunks_stored,
            "chunks_per_s": round(self.chunks_stored / seconds, 1) if seconds else 0.0,
            "chunk_kb_per_s": round(self.chunk_bytes / 1024 / seconds, 1) if seconds else 0.0,
            "upload_p50_ms": percentile(self.upload_ms, 50),
            "upload_p99_ms": percentile(self.upload_ms, 99),
            "statuses": {str(k): v for k, v in self.statuses.items()},
            "upload_retries": self.retries,
            "errors": dict(self.errors),
        }


class Driver:
    def __init__(self, base: str, chunks: list[bytes], timeslice, renegotiate, mode_every):
        import httpx

        self.base = base
        self.ws_base = base.replace("http://", "ws://")
        self.chunks = chunks
        self.timeslice = timeslice
        self.renegotiate = renegotiate
        self.mode_every = mode_every
        self.window = Window()
        self.tasks: list[asyncio.Task] = []
        self.sockets: list = []
        self.rooms = 0
        self.sent_at: dict[int, float] = {}
        self.schedules: list[float] = []  # when each track's first timeslice began
        self.pending: dict[str, asyncio.Future] = {}
        self.stopping = False
        # No cookie jar: every request carries its own participant's cookie.
        jar = __import__("http.cookiejar").cookiejar.CookieJar(
            policy=__import__("http.cookiejar").cookiejar.DefaultCookiePolicy(allowed_domains=[])
        )
        self.http = httpx.AsyncClient(
            base_url=base,
            cookies=jar,
            timeout=60.0,
            limits=httpx.Limits(max_connections=400, max_keepalive_connections=400),
        )

    def _token(self) -> int:
        token = random.getrandbits(62)
        self.sent_at[token] = time.perf_counter()
        return token

    async def _send(self, room: dict, role: str, frame: dict) -> None:
        try:
            await room["ws"][role].send(json.dumps(frame))
        except Exception as error:
            self.window.errors[f"send: {type(error).__name__}"] += 1

    async def _call(self, room: dict, role: str, frame: dict) -> bool:
        """Send a ``call`` frame and wait for its ack (False: refused or no answer)."""
        msg_id = secrets.token_hex(8)
        future = asyncio.get_running_loop().create_future()
        self.pending[msg_id] = future
        await self._send(room, role, {**frame, "client_msg_id": msg_id})
        try:
            return await asyncio.wait_for(future, 30)
        except TimeoutError:
            self.window.errors["call: no ack"] += 1
            return False
        finally:
            self.pending.pop(msg_id, None)

    async def _signal(self, room: dict, author: str, other: str, kind: str) -> None:
        token = self._token()
        ufrag = secrets.token_hex(4)
        way = direction(room["mode"], author, other)
        description = {"type": kind, "sdp": sdp(token, room["version"], kind, way, ufrag)}
        room["version"] += 1
        to = room["ids"][other]
        await self._send(
            room, author, {"type": "rtc", "to": to, "signal": {"description": description}}
        )
        self.window.rtc_sent += 1
        for candidate in candidates(ufrag, token % 10000):
            await asyncio.sleep(0.02)
            await self._send(
                room, author, {"type": "rtc", "to": to, "signal": {"candidate": candidate}}
            )
            self.window.rtc_sent += 1

    async def _receive(self, room: dict, role: str) -> None:
        ws = room["ws"][role]
        roles_of = {user_id: r for r, user_id in room["ids"].items()}
        async for text in ws:
            frame = json.loads(text)
            kind = frame.get("type")
            if kind == "rtc":
                self.window.rtc_received += 1
                description = frame["signal"].get("description")
                if description:
                    token = int(description["sdp"].split("\r\n", 2)[1].split()[1])
                    sent = self.sent_at.pop(token, None)
                    if sent is not None:
                        self.window.rtc_ms.append((time.perf_counter() - sent) * 1000)
                    if description["type"] == "offer":
                        other = roles_of[frame["from"]]
                        self.tasks.append(
                            asyncio.create_task(self._signal(room, role, other, "answer"))
                        )
            elif kind == "ack":
                future = self.pending.get(frame.get("client_msg_id"))
                if future and not future.done():
                    future.set_result(True)
            elif kind == "error":
                self.window.errors[f"error frame: {frame.get('code')}"] += 1
                future = self.pending.get(frame.get("client_msg_id"))
                if future and not future.done():
                    future.set_result(False)
        if not self.stopping:
            self.window.errors[f"closed: {ws.close_code}"] += 1

    async def _renegotiate(self, room: dict) -> None:
        await asyncio.sleep(random.uniform(0, self.renegotiate))
        turn = 0
        while True:
            offerer, answerer = PAIRS[turn % len(PAIRS)]
            turn += 1
            await self._signal(room, offerer, answerer, "offer")
            await asyncio.sleep(self.renegotiate)

    async def _modes(self, room: dict) -> None:
        await asyncio.sleep(random.uniform(0.5, 1.0) * self.mode_every)
        turn = 0
        while True:
            mode = MODE_CYCLE[turn % len(MODE_CYCLE)]
            turn += 1
            if mode == "listen":  # stop sending first, then tell the room
                room["mode"] = mode
                await self._signal(room, "coach", "agent", "offer")
                await self._signal(room, "coach", "customer", "offer")
            if await self._call(room, "coach", {"type": "call", "action": "mode", "mode": mode}):
                self.window.call_frames += 1
            if mode != "listen":
                room["mode"] = mode
                await self._signal(room, "coach", "agent", "offer")
                if mode == "barge":
                    await self._signal(room, "coach", "customer", "offer")
            await asyncio.sleep(self.mode_every)

    async def _track(self, room: dict, role: str) -> None:
        """One recorder's uploads, one at a time, each due a timeslice after the last."""
        session, user_id = room["session"], room["ids"][role]
        headers = {
            "Cookie": f"{room['cookies'][role]}; csrftoken={room['csrf']}",
            "X-CSRFToken": room["csrf"],
            "Origin": self.base,
            "Accept": "application/json",
        }
        base = f"/api/roleplay/sessions/{session}/tracks/{user_id}/"
        state = await self.http.get(base, headers=headers)
        if state.status_code != 200:
            self.window.errors[f"track state: {state.status_code}"] += 1
            return
        number = state.json()["next"]
        begin = time.perf_counter() + random.uniform(0, self.timeslice)
        self.schedules.append(begin)
        k = 0
        while True:
            due = begin + (k + 1) * self.timeslice  # a blob comes at the slice's end
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            body = self.chunks[k % len(self.chunks)]
            extra = {"Content-Type": "audio/webm"}
            if k % len(self.chunks) == 0:  # a segment's first chunk (again after a reload)
                extra["X-Segment-Start"] = str(int(time.time() * 1000 - self.timeslice * 1000))
            for attempt in range(len(RETRY_S) + 1):
                try:
                    response = await self.http.put(
                        f"{base}chunks/{number}/", content=body, headers={**headers, **extra}
                    )
                    status = response.status_code
                except Exception as error:
                    status = type(error).__name__
                # As call-recorder.js: a network error, 429 or 5xx is tried again.
                if isinstance(status, int) and status != 429 and status < 500:
                    break
                if attempt < len(RETRY_S):
                    self.window.retries += 1
                    await asyncio.sleep(RETRY_S[attempt])
            self.window.statuses[status] += 1
            if status in (200, 201):
                self.window.chunks_stored += 1
                self.window.chunk_bytes += len(body)
                self.window.upload_ms.append((time.perf_counter() - due) * 1000)
            else:
                self.window.errors[f"chunk: {status}"] += 1
            number += 1
            k += 1

    async def open_room(self, prepared: dict) -> bool:
        from websockets.asyncio.client import connect

        room = {**prepared, "mode": "listen", "version": 1, "ws": {}}
        try:
            for role in ROLES:
                ws = await connect(
                    f"{self.ws_base}/ws/roleplay/{room['session']}/",
                    origin=self.base,
                    additional_headers={"Cookie": room["cookies"][role]},
                    compression=None,
                    max_size=2**20,
                    ping_interval=None,
                    open_timeout=30,
                )
                self.sockets.append(ws)
                while json.loads(await asyncio.wait_for(ws.recv(), 30)).get("type") != "welcome":
                    pass
                room["ws"][role] = ws
                self.tasks.append(asyncio.create_task(self._receive(room, role)))
            for role in ROLES:  # the coach's join starts the call
                if not await self._call(room, role, {"type": "call", "action": "join"}):
                    return False
                self.window.call_frames += 1
        except Exception as error:
            self.window.errors[f"open: {type(error).__name__}"] += 1
            return False
        if self.renegotiate:  # 0: no signalling (to tell the two costs apart)
            self.tasks.append(asyncio.create_task(self._renegotiate(room)))
            self.tasks.append(asyncio.create_task(self._modes(room)))
        if self.timeslice:  # 0: no recording
            for role in RECORDED:
                self.tasks.append(asyncio.create_task(self._track(room, role)))
        return True

    def due_between(self, first: float, last: float) -> int:
        """How many chunks the recorders handed out between ``first`` and ``last`` (the
        uploads due then, whether or not a slow server has taken them yet)."""

        if not self.timeslice:
            return 0

        def due_by(begin: float, moment: float) -> int:
            return max(0, math.floor((moment - begin) / self.timeslice))

        return sum(due_by(b, last) - due_by(b, first) for b in self.schedules)

    async def stop(self) -> None:
        self.stopping = True
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        await self.http.aclose()


async def drive(base: str) -> None:
    """Commands on stdin, one JSON answer a line on stdout: ``add`` (rooms follow as
    JSON), ``stats`` (the window since the last, and a new one), ``stop``."""
    plan = json.loads(sys.stdin.readline())
    chunks = opus_chunks(plan["audio_seconds"], plan["timeslice"] or 1.0)
    driver = Driver(base, chunks, plan["timeslice"], plan["renegotiate"], plan["mode_every"])

    def answer(message: dict) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    answer({"ready": True, "chunks": len(chunks), "chunk_bytes": sum(map(len, chunks))})
    while True:
        line = (await asyncio.to_thread(sys.stdin.readline)).strip()
        command, _, argument = line.partition(" ")
        if command == "add":
            rooms = json.loads(argument)
            opened = 0
            for start in range(0, len(rooms), 10):
                results = await asyncio.gather(
                    *(driver.open_room(r) for r in rooms[start : start + 10])
                )
                opened += sum(results)
            driver.rooms += opened
            answer({"opened": opened, "rooms": driver.rooms})
        elif command == "stats":
            window, driver.window = driver.window, Window()
            window.chunks_due = driver.due_between(window.started_at, time.perf_counter())
            answer({"rooms": driver.rooms, **window.report()})
        else:  # "stop", or the pipe closed
            await driver.stop()
            answer({"stopped": True})
            return


# The measuring side ---------------------------------------------------------------------


def call_sessions(count: int) -> list[dict]:
    """``count`` live role-plays of a phone scenario, four signed-in participants each
    (``bench.relay.started_rooms``)."""
    from bench.relay import started_rooms
    from roleplay.models import Channel, Scenario

    scenario = Scenario.objects.filter(channel=Channel.PHONE).order_by("pk").first()
    return [
        {
            "session": session.pk,
            "ids": {role: user.pk for role, user in people.items()},
            "cookies": cookies,
            "csrf": secrets.token_hex(16),  # 32 characters, as Django's cookie holds
        }
        for session, people, cookies in started_rooms(count, scenario, name="c")
    ]


class Rooms:
    """The driver process, from this side."""

    def __init__(self, base: str, plan: dict):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.callroom", "drive", base],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.hello = self.ask(json.dumps(plan))

    def ask(self, line: str) -> dict:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        reply = self.process.stdout.readline()
        if not reply:
            raise RuntimeError(f"the call-room driver exited ({self.process.wait()})")
        return json.loads(reply)

    def add(self, rooms: list[dict]) -> dict:
        return self.ask("add " + json.dumps(rooms))

    def stats(self) -> dict:
        return self.ask("stats")

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(RuntimeError, OSError, ValueError):
                self.ask("stop")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def text_load(base: str, rooms: list, duration: float) -> dict:
    """The text relay at its usual load, counted as ``bench.relay`` counts it."""
    from bench.relay import LOAD_TIMEOUT, classify_lost, kohtaamo_codec
    from bench.wsload import run_load

    load = run_load(rooms, kohtaamo_codec(), rate=8.0, duration=duration)
    try:
        result = asyncio.run(asyncio.wait_for(load, LOAD_TIMEOUT))
    except Exception as error:  # a collapsed server is a result, not a crash
        return {"ok": False, "error": repr(error), "p99_ms": math.inf, "lost": None}
    row = {**result.as_dict(), **classify_lost(result, rooms)}
    row["ok"] = row["lost"] == 0 and row["p99_ms"] < P99_LIMIT_MS and not result.errors
    return row


def _lost(row: dict) -> str:
    """Lost deliveries and why (stored but not delivered, or never stored)."""
    why = [f"{key.removeprefix('lost_')} {row[key]}" for key in sorted(row) if key[:5] == "lost_"]
    shown = f" ({', '.join(why)})" if why and row.get("lost") else ""
    return f"lost {row.get('lost')}{shown}"


def settle(pid: int, quiet_ms_per_s: float = 30.0, longest: float = 30.0) -> None:
    """Wait until the server uses less than ``quiet_ms_per_s`` for a second (at most
    ``longest`` seconds): what a load left behind is not the idle server's."""
    from bench.relay import cpu_seconds

    deadline = time.monotonic() + longest
    while time.monotonic() < deadline:
        before = cpu_seconds([pid])
        time.sleep(1.0)
        if (cpu_seconds([pid]) - before) * 1000 < quiet_ms_per_s:
            return


def measure(
    levels=(10, 25, 50),
    window: float = 10.0,
    warmup: float = 3.0,
    text_rooms: int = 25,
    text_seconds: float = 8.0,
    timeslice: float = UPLOAD_SECONDS,
    renegotiate: float = 2.0,
    mode_every: float = 15.0,
    sqlite: bool = False,
) -> dict:
    from bench import seeded
    from bench.relay import cpu_seconds, database_url_and_name, kohtaamo_rooms
    from bench.server import running

    if sqlite:
        os.environ.pop("DATABASE_URL", None)
        wanted, database = None, "sqlite (asked for)"
    else:
        wanted, database = database_url_and_name()
    if wanted:
        os.environ["DATABASE_URL"] = wanted
    env = seeded.prepare()
    try:
        seeded.vacuum(env["DATABASE_URL"])
        seeded.setup_django(env)
        print(f"  callroom: on {database}", flush=True)
        levels = sorted(set(levels))
        calls = call_sessions(levels[-1] + 1)
        warm_room, calls = calls[0], calls[1:]
        plan = {
            "audio_seconds": 60.0,
            "timeslice": timeslice,
            "renegotiate": renegotiate,
            "mode_every": mode_every,
        }
        server_env = {**env, "CHANNELS_PREFIX": f"bench-call-{os.getpid()}"}
        with running("cms.asgi:application", server_env) as (port, pid, read):
            base = f"http://127.0.0.1:{port}"
            ws = [f"ws://127.0.0.1:{port}"]
            # Warm up every path once: the text load at its full size (its first joins
            # are slower than any later ones) and one call room.
            text_load(base, kohtaamo_rooms(ws, text_rooms), 2.0)
            warm = Rooms(base, plan)
            try:
                warm.add([warm_room])
                time.sleep(warmup)
            finally:
                warm.close()
            alone = text_load(base, kohtaamo_rooms(ws, text_rooms), text_seconds)
            print(f"  text relay alone: p99 {alone['p99_ms']} ms, {_lost(alone)}", flush=True)
            settle(pid)  # the text rooms' connections close (their leaves are stored)
            idle_cpu = cpu_seconds([pid])
            time.sleep(3.0)
            idle_ms_per_s = (cpu_seconds([pid]) - idle_cpu) / 3.0 * 1000
            rss_base = read()["rss_kb"]
            steps = []
            rooms = Rooms(base, plan)
            try:
                active = 0
                opened = {"rooms": 0}
                for level in levels:
                    try:
                        opened = rooms.add(calls[active:level])
                    except (RuntimeError, OSError, ValueError) as error:
                        steps.append({"rooms": level, "opened": 0, "error": repr(error)})
                        print(f"  call rooms={level}: the driver failed: {error!r}", flush=True)
                        break
                    active = level
                    time.sleep(warmup)
                    rooms.stats()
                    cpu, began = cpu_seconds([pid]), time.monotonic()
                    time.sleep(window)
                    cpu, seconds = cpu_seconds([pid]) - cpu, time.monotonic() - began
                    calls_window = rooms.stats()
                    rss = read()["rss_kb"]
                    step = step_row(
                        level, opened["rooms"], cpu, seconds, idle_ms_per_s, rss, rss_base,
                        calls_window, timeslice_ms=(timeslice or 1.0) * 1000,
                    )  # fmt: skip
                    steps.append(step)
                    print_step(step)
                    if opened["rooms"] < level:
                        break  # rooms no longer join: the server is past what it holds
                text = kohtaamo_rooms(ws, text_rooms)
                rooms.stats()
                cpu, began = cpu_seconds([pid]), time.monotonic()
                beside = text_load(base, text, text_seconds)
                beside["server_cpu_ms_per_s"] = round(
                    (cpu_seconds([pid]) - cpu) * 1000 / (time.monotonic() - began), 1
                )
                with contextlib.suppress(RuntimeError, OSError, ValueError):
                    beside["calls"] = rooms.stats()
                beside["call_rooms"] = opened["rooms"]
                print(
                    f"  text relay beside {opened['rooms']} call rooms: p99 {beside['p99_ms']} ms,"
                    f" {_lost(beside)}",
                    flush=True,
                )
            finally:
                rooms.close()
    finally:
        seeded.cleanup(env)
    return {
        "database": database,
        "levels": levels,
        "steps": steps,
        "alone": alone,
        "beside": beside,
        "idle_cpu_ms_per_s": round(idle_ms_per_s, 2),
        "rss_base_mb": round(rss_base / 1024, 1),
        "load": {
            "timeslice_s": timeslice,
            "uploads_per_s_per_room": round(len(RECORDED) / timeslice, 2) if timeslice else 0,
            "renegotiate_every_s": renegotiate,
            "mode_every_s": mode_every,
            "text_rooms": text_rooms,
            "text_offered_deliveries_per_s": text_rooms * 2 * 8 * 3,
        },
    }


def step_row(level, opened, cpu, seconds, idle, rss, rss_base, calls, timeslice_ms=1000) -> dict:
    total = cpu * 1000 / seconds
    # Every upload answered 2xx and every frame accepted; the recorders' backlog (due
    # but not stored yet) is what ``upload p99`` against the timeslice shows.
    flawless = not calls["errors"] and calls["rtc_received"] > 0 and calls["chunks_stored"] > 0
    # The server kept up: the recorders' uploads were taken within a timeslice (a CPU
    # figure per room from a step it did not keep up with is a share of a saturated
    # process, not what a room costs).
    kept_up = (
        flawless
        and (calls["upload_p99_ms"] or math.inf) < timeslice_ms
        and calls["chunks_stored"] >= 0.9 * calls["chunks_due"]
        and (calls["rtc_p99_ms"] or 0) < 1000
    )
    return {
        "rooms": level,
        "opened": opened,
        "server_cpu_ms_per_s": round(total, 1),
        "cpu_ms_per_s_per_room": round((total - idle) / max(opened, 1), 2),
        "rss_mb": round(rss / 1024, 1),
        "rss_growth_mb_per_room": round((rss - rss_base) / 1024 / max(opened, 1), 3),
        "flawless": flawless,
        "kept_up": kept_up,
        **calls,
    }


def print_step(step: dict) -> None:
    print(
        f"  call rooms={step['opened']:3}/{step['rooms']:<3} cpu={step['server_cpu_ms_per_s']:6.1f}"
        f" ms/s ({step['cpu_ms_per_s_per_room']:5.2f}/room) rss={step['rss_mb']:6.1f} MB"
        f" (+{step['rss_growth_mb_per_room']:.3f}/room) rtc={step['rtc_per_s']:6.1f}/s"
        f" p99={step['rtc_p99_ms']} ms chunks={step['chunks_per_s']:5.1f}/s"
        f" ({step['chunks_stored']}/{step['chunks_due']}) upload p99={step['upload_p99_ms']} ms"
        + f" client cpu={step['client_cpu_ms_per_s']:.0f} ms/s"
        + (f" errors={step['errors']}" if step["errors"] else ""),
        flush=True,
    )


def detail_table(result: dict) -> str:
    header = ("call rooms", "server CPU ms/s", "per room", "RSS MB", "+MB/room", "rtc/s",
              "rtc p99 ms", "chunks/s", "upload p99 ms", "errors")  # fmt: skip
    lines = [header]
    for s in result["steps"]:
        if "error" in s:
            lines.append((f"-/{s['rooms']}", s["error"], *[""] * (len(header) - 2)))
            continue
        lines.append((
            f"{s['opened']}/{s['rooms']}", f"{s['server_cpu_ms_per_s']:.0f}",
            f"{s['cpu_ms_per_s_per_room']:.2f}", f"{s['rss_mb']:.1f}",
            f"{s['rss_growth_mb_per_room']:.3f}", f"{s['rtc_per_s']:.0f}", str(s["rtc_p99_ms"]),
            f"{s['chunks_per_s']:.0f}", str(s["upload_p99_ms"]),
            str(sum(s["errors"].values())),
        ))  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    load = result["load"]
    alone, beside = result["alone"], result["beside"]
    text.append(
        f"text relay at {load['text_offered_deliveries_per_s']:,}/s offered: alone p99 "
        f"{alone['p99_ms']} ms, lost {alone['lost']}; beside {beside['call_rooms']} call rooms "
        f"p99 {beside['p99_ms']} ms, lost {beside['lost']} (server CPU then "
        f"{beside.get('server_cpu_ms_per_s', '-')} ms/s)."
    )
    text.append(
        f"Per call room: 4 participants joined, a renegotiation every "
        f"{load['renegotiate_every_s']:g} s, a mode change every {load['mode_every_s']:g} s, "
        f"{load['uploads_per_s_per_room']:g} chunk uploads/s (3 tracks, timeslice "
        f"{load['timeslice_s']:g} s); CPU per room above the idle server's "
        f"({result['idle_cpu_ms_per_s']} ms/s), RSS after gc over {result['rss_base_mb']} MB "
        f"before the first call room; on {result['database']}."
    )
    return "\n".join(text)


def report(result: dict, quick: bool) -> dict:
    steps = [step for step in result["steps"] if "error" not in step]
    held = [step for step in steps if step["kept_up"]]
    # Per room: the largest step the server kept up with (else the first measured).
    last = (held or steps[:1] or [{}])[-1]
    top_step = steps[-1] if steps else {}
    reached = top_step.get("opened", 0)
    alone, beside = result["alone"], result["beside"]
    rooms = last.get("opened", 0)
    per_room_budget = 1000 / max(rooms, 1)  # the rooms share one core
    cpu_room = last.get("cpu_ms_per_s_per_room", math.inf)
    relay_ok = alone["ok"] and beside["ok"]
    p99_ratio = round(beside["p99_ms"] / alone["p99_ms"], 2) if alone["p99_ms"] else 0.0
    database = result["database"]
    top = result["levels"][-1]
    return {
        "callroom/cpu": {
            "measured": {
                k: last.get(k)
                for k in (
                    "rooms",
                    "opened",
                    "server_cpu_ms_per_s",
                    "cpu_ms_per_s_per_room",
                    "rtc_per_s",
                    "chunks_per_s",
                )
            },  # fmt: skip
            "baseline": {"one_core_ms_per_s_per_room": round(per_room_budget, 2)},
            "ratio": round(cpu_room / per_room_budget, 3) if math.isfinite(cpu_room) else 0.0,
            "limit": 1.0,
            "ok": reached == top
            and bool(held)
            and held[-1]["rooms"] == top
            and cpu_room <= per_room_budget,
            "table": {
                "measure": f"server CPU ms/s per call room ({rooms} rooms, {database})"
                + ("" if held else ", not kept up"),
                "kohtaamo": cpu_room,
                "baseline": round(per_room_budget, 1),
                "floor": f"{top} rooms <= 1 core",
            },
            "steps": steps,
            "load": result["load"],
            "database": database,
        },
        "callroom/memory": {
            "measured": {
                "rss_growth_mb_per_room": last.get("rss_growth_mb_per_room"),
                "rss_mb": last.get("rss_mb"),
            },
            "baseline": {"rss_before_call_rooms_mb": result["rss_base_mb"]},
            "ratio": round(last.get("rss_mb", 0) / result["rss_base_mb"], 3),
            "table": {
                "measure": f"RSS growth MB per call room ({rooms} rooms; ratio: RSS vs before)",
                "kohtaamo": last.get("rss_growth_mb_per_room"),
                "baseline": result["rss_base_mb"],
                "floor": "-",
            },
        },
        "callroom/intake": {
            "measured": {
                k: top_step.get(k)
                for k in (
                    "chunks_due",
                    "chunks_stored",
                    "upload_p50_ms",
                    "upload_p99_ms",
                    "rtc_sent",
                    "rtc_received",
                    "rtc_p99_ms",
                    "errors",
                )
            },  # fmt: skip
            "baseline": {"timeslice_ms": int(result["load"]["timeslice_s"] * 1000)},
            "ratio": round(
                (top_step.get("upload_p99_ms") or 0) / (result["load"]["timeslice_s"] * 1000 or 1),
                3,
            ),
            "limit": 1.0,
            "ok": bool(steps)
            and all(step["flawless"] for step in steps)
            and (top_step.get("upload_p99_ms") or math.inf) < result["load"]["timeslice_s"] * 1000,
            "table": {
                "measure": f"chunk upload p99 ms, all stored, no error ({reached} rooms)",
                "kohtaamo": top_step.get("upload_p99_ms"),
                "baseline": int(result["load"]["timeslice_s"] * 1000),
                "floor": "p99 < timeslice",
            },
        },
        "callroom/relay": {
            "measured": {
                k: beside.get(k)
                for k in (
                    "p50_ms",
                    "p99_ms",
                    "lost",
                    "late",
                    "offered_deliveries_per_s",
                    "call_rooms",
                    "server_cpu_ms_per_s",
                )
            },  # fmt: skip
            "baseline": {k: alone.get(k) for k in ("p50_ms", "p99_ms", "lost")},
            "ratio": p99_ratio,
            "limit": {"p99_ms": P99_LIMIT_MS, "lost": 0},
            "ok": relay_ok and beside["call_rooms"] == top,
            "table": {
                "measure": (
                    f"text relay p99 ms at {result['load']['text_offered_deliveries_per_s']:,}/s "
                    f"beside {beside['call_rooms']} call rooms (baseline: alone)"
                ),
                "kohtaamo": beside["p99_ms"],
                "baseline": alone["p99_ms"],
                "floor": f"< {P99_LIMIT_MS:.0f} ms, 0 lost",
            },
            "alone": alone,
            "beside": beside,
            "detail": detail_table(result),
            "quick": quick,
        },
    }


def run(quick: bool = False) -> dict:
    """``make bench`` entry."""
    if quick:
        result = measure(levels=(5, 10), window=4.0, warmup=2.0, text_seconds=4.0)
    else:
        result = measure()
    print(detail_table(result), flush=True)
    return report(result, quick)


if __name__ == "__main__":
    if sys.argv[1:2] == ["drive"]:
        asyncio.run(drive(sys.argv[2]))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="10,25,50")
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--text-rooms", type=int, default=25)
    parser.add_argument("--text-seconds", type=float, default=8.0)
    parser.add_argument(
        "--timeslice", type=float, default=UPLOAD_SECONDS, help="s between uploads; 0: none"
    )
    parser.add_argument("--renegotiate", type=float, default=2.0, help="0: no signalling")
    parser.add_argument("--sqlite", action="store_true", help="the seeded SQLite copy")
    parser.add_argument("--output", help="write the entries (as make bench has them) here")
    args = parser.parse_args()
    measured = measure(
        levels=[int(x) for x in args.levels.split(",")],
        window=args.window,
        warmup=args.warmup,
        text_rooms=args.text_rooms,
        text_seconds=args.text_seconds,
        timeslice=args.timeslice,
        renegotiate=args.renegotiate,
        sqlite=args.sqlite,
    )
    print(detail_table(measured))
    if args.output:
        Path(args.output).write_text(
            json.dumps(report(measured, quick=False), indent=1, default=str)
        )

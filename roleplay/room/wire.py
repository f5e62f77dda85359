"""Live frames written straight to the socket, encoded once per event.

Through ASGI every frame to every connection is a message dict, three ``send``
coroutines (Channels' session wrapper, the server's own and its ``writable.wait()``),
a UTF-8 encoding and a WebSocket frame built by the ``websockets`` library, then the
write: per delivery, the same work again for the same event text. Under uvicorn's
``websockets-sansio`` protocol (uvicorn's default) the room finds the server's
protocol object behind ``send`` and writes the frame's bytes, built once per event
(``text_frame``), to the connection's transport itself.

Only while the connection is open, its handshake done and its write buffer below the
server's high-water mark (``Socket.ready``); otherwise the consumer queues the frame
and its writer task sends it the ASGI way, which waits for the buffer to drain. Any
other server (Daphne, Channels' test communicator) gets ASGI messages only.

A server frame is a FIN text frame, unmasked (RFC 6455 §5.2), and never compressed:
with ``permessage-deflate`` negotiated an endpoint may still send a message
uncompressed (RSV1 unset, RFC 7692 §6), and the compression context of the frames
the server does compress is not touched. Live frames are a few hundred bytes.
"""

import struct

try:  # uvicorn's protocol and the websockets state it keeps; absent: ASGI only
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    from websockets.protocol import State

    _OPEN = State.OPEN
except ImportError:  # pragma: no cover
    WebSocketsSansIOProtocol = None
    _OPEN = None

# Channels' wrappers between the consumer and the server keep the next ``send`` here.
_WRAPPED_SEND = "real_send"


def text_frame(text: str) -> bytes:
    """One unmasked, final WebSocket text frame carrying ``text``."""
    data = text.encode()
    size = len(data)
    if size < 126:
        return bytes((0x81, size)) + data
    if size < 65536:
        return struct.pack("!BBH", 0x81, 126, size) + data
    return struct.pack("!BBQ", 0x81, 127, size) + data


class Socket:
    """A connection of uvicorn's websockets-sansio protocol, written to directly."""

    __slots__ = ("protocol", "transport")

    def __init__(self, protocol) -> None:
        self.protocol = protocol
        self.transport = protocol.transport

    def ready(self) -> bool:
        """Open, accepted, not closing, and the write buffer below the high-water mark."""
        protocol = self.protocol
        return (
            protocol.writable.is_set()
            and protocol.handshake_complete
            and not protocol.close_sent
            and not protocol.disconnected
            and protocol.conn.state is _OPEN
            and not self.transport.is_closing()
        )

    def write(self, frame: bytes) -> None:
        self.transport.write(frame)


def socket_behind(send) -> Socket | None:
    """The server's connection behind an ASGI ``send``, if it can be written to
    directly (uvicorn's websockets-sansio protocol), else None."""
    if WebSocketsSansIOProtocol is None:
        return None
    for _ in range(8):  # the server's send, or a wrapper holding the next one
        owner = getattr(send, "__self__", None)
        if owner is None:
            return None
        if isinstance(owner, WebSocketsSansIOProtocol):
            if getattr(owner, "transport", None) is None:
                return None
            return Socket(owner)
        send = getattr(owner, _WRAPPED_SEND, None)
    return None

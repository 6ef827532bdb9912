"""The Content-Length base protocol (LSP and DAP) for the benchmarks' minimal direct clients."""
import json
import os
import select
import socket
import time


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Reader:
    """Frames from a pipe fd or a connected socket, each read with a deadline."""

    def __init__(self, src):
        self.src, self.buf = src, b""

    def _read(self):
        if isinstance(self.src, socket.socket):
            return self.src.recv(1 << 16)
        return os.read(self.src, 1 << 16)

    def next(self, deadline):
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                n = int(head.split(b":")[1])
                if len(rest) >= n:
                    self.buf = rest[n:]
                    return json.loads(rest[:n])
            left = deadline - time.perf_counter()
            if left <= 0 or not select.select([self.src], [], [], left)[0]:
                raise TimeoutError
            chunk = self._read()
            if not chunk:
                raise EOFError
            self.buf += chunk

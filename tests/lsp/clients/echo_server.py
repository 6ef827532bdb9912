#!/usr/bin/env python3
"""A tiny stdlib-only LSP server for the load and crash tests of `godiag lsp tap`.

Usage: echo_server.py [--record-in FILE] [--record-out FILE] [--crash-after N]

- Answers `initialize` (with a small capability set), `shutdown` (null) and exits on `exit`
  (code 0 after shutdown, 1 without, like the LSP spec says).
- Answers every `godiag/echo` request with `{"result": <the params, unchanged>}`.
- Other requests get a MethodNotFound error; notifications are ignored.
- Frames are read and written as bytes with exact Content-Length framing.
- --record-in FILE: every byte read from stdin is appended to FILE, exactly as read.
- --record-out FILE: every byte written to stdout is appended to FILE, exactly as written.
- --crash-after N: after N messages have been handled, exit at once with code 3
  (a server crash in the middle of the stream).
- EOF on stdin: exit 0 after shutdown, else 1.
"""
import argparse
import json
import os
import sys


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--record-in")
    p.add_argument("--record-out")
    p.add_argument("--crash-after", type=int, default=0)
    return p.parse_args()


class Server:
    def __init__(self, args):
        self.in_fd = sys.stdin.fileno()
        self.out_fd = sys.stdout.fileno()
        self.rec_in = open(args.record_in, "wb", buffering=0) if args.record_in else None
        self.rec_out = open(args.record_out, "wb", buffering=0) if args.record_out else None
        self.crash_after = args.crash_after
        self.handled = 0
        self.buf = bytearray()
        self.shutdown = False
        self.pending_out = []
        self.pending_size = 0

    # -- I/O --------------------------------------------------------------------------------
    def fill(self):
        self.flush()
        chunk = os.read(self.in_fd, 1 << 20)
        if not chunk:
            return False
        if self.rec_in:
            self.rec_in.write(chunk)
        self.buf += chunk
        return True

    def write(self, data):
        # Batched: small responses are gathered and written when input runs dry or the batch grows.
        self.pending_out.append(data)
        self.pending_size += len(data)
        if self.pending_size >= 1 << 16:
            self.flush()

    def flush(self):
        if not self.pending_out:
            return
        data = b"".join(self.pending_out)
        self.pending_out = []
        self.pending_size = 0
        view = memoryview(data)
        while view:
            n = os.write(self.out_fd, view)
            if self.rec_out:
                self.rec_out.write(view[:n])
            view = view[n:]

    def send(self, obj):
        body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def next_message(self):
        """Returns the next body as bytes, or None at EOF."""
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                length = None
                for line in bytes(self.buf[:end]).split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    sys.stderr.write("echo-server: frame without Content-Length\n")
                    sys.exit(1)
                start = end + 4
                if len(self.buf) - start >= length:
                    body = bytes(self.buf[start:start + length])
                    del self.buf[:start + length]
                    return body
            if not self.fill():
                return None

    # -- protocol ---------------------------------------------------------------------------
    def handle(self, msg):
        method = msg.get("method")
        has_id = "id" in msg
        if not has_id or method is None:
            if method == "exit":
                self.flush()
                sys.exit(0 if self.shutdown else 1)
            return  # notifications and responses are ignored
        mid = msg["id"]
        if method == "initialize":
            self.send({"jsonrpc": "2.0", "id": mid, "result": {
                "capabilities": {"textDocumentSync": 1, "hoverProvider": False},
                "serverInfo": {"name": "godiag-echo-server", "version": "1"}}})
        elif method == "shutdown":
            self.shutdown = True
            self.send({"jsonrpc": "2.0", "id": mid, "result": None})
        elif method == "godiag/echo":
            self.send({"jsonrpc": "2.0", "id": mid, "result": msg.get("params")})
        else:
            self.send({"jsonrpc": "2.0", "id": mid,
                       "error": {"code": -32601, "message": "method not found: %s" % method}})

    def run(self):
        while True:
            body = self.next_message()
            if body is None:
                self.flush()
                return 0 if self.shutdown else 1
            self.handle(json.loads(body.decode("utf-8")))
            self.handled += 1
            if self.crash_after and self.handled >= self.crash_after:
                self.flush()
                sys.stderr.write("echo-server: crashing on purpose after %d messages\n" % self.handled)
                sys.stderr.flush()
                os._exit(3)


if __name__ == "__main__":
    sys.exit(Server(parse_args()).run())

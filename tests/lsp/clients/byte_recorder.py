#!/usr/bin/env python3
"""Records the raw bytes a language server reads and writes, from inside `godiag lsp tap`.

Usage: byte_recorder.py IN.bin OUT.bin -- SERVER ARGS...

Starts SERVER with pipes for stdin and stdout (stderr is inherited), copies our stdin to its
stdin and its stdout to our stdout unchanged, and appends every byte to IN.bin (what the
server got) and OUT.bin (what the server sent). It ends when the server has exited and its
stdout is drained, with the server's exit code (killed by a signal: the same signal).

This is what `sh -c 'tee IN.bin | SERVER | tee OUT.bin'` would do, minus its hang: in that
pipeline the first tee only notices that the server is gone when its own stdin closes, and
Neovim closes the server's stdin only after the process has exited, so neither side moves.
"""
import os
import signal
import subprocess
import sys
import threading


def pump(src_fd, dst_fd, record, close_dst):
    try:
        while True:
            chunk = os.read(src_fd, 1 << 16)
            if not chunk:
                break
            record.write(chunk)
            view = memoryview(chunk)
            while view:
                n = os.write(dst_fd, view)
                view = view[n:]
    except (OSError, ValueError):
        pass  # the other side is gone
    finally:
        if close_dst:
            try:
                os.close(dst_fd)
            except OSError:
                pass


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.stderr.write("usage: byte_recorder.py IN.bin OUT.bin -- SERVER ARGS...\n")
        return 2
    rec_in = open(sys.argv[1], "wb", buffering=0)
    rec_out = open(sys.argv[2], "wb", buffering=0)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        server = subprocess.Popen(sys.argv[4:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    except OSError as err:
        sys.stderr.write("byte_recorder: cannot start %s: %s\n" % (sys.argv[4], err))
        return 127
    to_server = threading.Thread(target=pump, args=(0, server.stdin.fileno(), rec_in, True), daemon=True)
    from_server = threading.Thread(target=pump, args=(server.stdout.fileno(), 1, rec_out, False), daemon=True)
    to_server.start()
    from_server.start()
    code = server.wait()
    from_server.join()
    if code < 0:
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())

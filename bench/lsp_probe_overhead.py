#!/usr/bin/env python3
"""The probe's own overhead: `godiag lsp probe --no-open` against a minimal direct
handshake (this script: spawn, initialize, initialized, shutdown, exit, wait) on the same
server, interleaved in one run.

overhead = wall time - the server's own time to answer (initialize + shutdown + exit as
each side measured it). godiag's wall time includes its own process start; the direct
script's does not include Python's.

Usage: bench/lsp_probe_overhead.py [--runs N] [--godiag build/release/godiag]
           [--fault build/release/godiag_fault_server] [--gopls PATH] [--clangd PATH]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base_protocol import Reader, frame  # noqa: E402


def direct(cmd, cwd):
    """Returns (wall seconds, server seconds)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    r = Reader(p.stdout.fileno())
    deadline = t0 + 30

    def call(msg_id, method, params):
        sent = time.perf_counter()
        p.stdin.write(frame({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}))
        p.stdin.flush()
        while True:
            m = r.next(deadline)
            if "method" in m and "id" in m:  # answer the server's requests like an editor
                result = [None] * len(m.get("params", {}).get("items", [])) if m["method"] == "workspace/configuration" else None
                p.stdin.write(frame({"jsonrpc": "2.0", "id": m["id"], "result": result}))
                p.stdin.flush()
            elif m.get("id") == msg_id and "method" not in m:
                return time.perf_counter() - sent

    uri = "file://" + cwd
    server = call(0, "initialize", {"processId": os.getpid(), "rootUri": uri, "capabilities": {},
                                    "workspaceFolders": [{"uri": uri, "name": "ws"}]})
    p.stdin.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    server += call(1, "shutdown", None)
    sent = time.perf_counter()
    p.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
    p.stdin.close()
    p.wait(30)
    server += time.perf_counter() - sent
    return time.perf_counter() - t0, server


def probe(godiag, cmd, cwd):
    t0 = time.perf_counter()
    out = subprocess.run([godiag, "lsp", "probe", "--no-open", "--format", "json", "--"] + cmd, cwd=cwd,
                         capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    phases = {p["name"]: p for p in json.loads(out)["lsp"]["phases"]}
    server = sum(phases[n]["took_ms"] for n in ("initialize", "shutdown", "exit")) / 1000
    return wall, server


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--godiag", default="build/release/godiag")
    ap.add_argument("--fault", default="build/release/godiag_fault_server")
    ap.add_argument("--gopls", default=os.environ.get("GODIAG_GOPLS", "build/tools/bin/gopls"))
    ap.add_argument("--clangd", default=shutil.which("clangd") or "")
    a = ap.parse_args()
    ws = tempfile.mkdtemp(prefix="godiag-bench-lsp-")
    with open(os.path.join(ws, "go.mod"), "w") as f:
        f.write("module example.com/bench\n\ngo 1.22\n")
    with open(os.path.join(ws, "main.go"), "w") as f:
        f.write("package main\n\nfunc main() {}\n")
    with open(os.path.join(ws, "hello.c"), "w") as f:
        f.write("int main(void) { return 0; }\n")
    servers = [("fault-server ok", [os.path.abspath(a.fault), "ok"])]
    if os.access(a.gopls, os.X_OK):
        servers.append(("gopls", [os.path.abspath(a.gopls)]))
    if a.clangd:
        servers.append(("clangd", [a.clangd]))
    godiag = os.path.abspath(a.godiag)
    print(f"{'server':<16} {'direct wall':>12} {'probe wall':>11} {'direct ovh':>11} {'probe ovh':>10} {'ratio':>6}")
    for name, cmd in servers:
        d_wall, d_ovh, p_wall, p_ovh = [], [], [], []
        for _ in range(a.runs):
            w, s = direct(cmd, ws)
            d_wall.append(w)
            d_ovh.append(w - s)
            w, s = probe(godiag, cmd, ws)
            p_wall.append(w)
            p_ovh.append(w - s)
        med = statistics.median
        print(f"{name:<16} {med(d_wall)*1e3:>10.1f}ms {med(p_wall)*1e3:>9.1f}ms {med(d_ovh)*1e3:>9.1f}ms "
              f"{med(p_ovh)*1e3:>8.1f}ms {med(p_wall)/med(d_wall):>6.2f}")
    shutil.rmtree(ws, ignore_errors=True)


if __name__ == "__main__":
    main()

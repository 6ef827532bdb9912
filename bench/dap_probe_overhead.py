#!/usr/bin/env python3
"""The debugger probe's overhead: `godiag dap probe` against a minimal direct DAP session
(this script: spawn `dlv dap --listen=127.0.0.1:0`, read the banner, connect, initialize,
launch with stopOnEntry into a temp dir, setFunctionBreakpoints main.main,
configurationDone, wait for stopped, disconnect {terminateDebuggee}, wait for dlv's exit)
against the same dlv on the same hello-world program, warm build cache, interleaved.

Two godiag variants: `-- DLV dap --listen=127.0.0.1:0` (the same command, no editor model)
and the editor's dlv (go.alternateTools in .vscode/settings.json: the Snapshot, `dlv
version`, the launch configuration are part of it). godiag's wall time includes its own
process start; the direct script's does not include Python's.

Usage: bench/dap_probe_overhead.py [--runs N] [--godiag build/release/godiag] [--dlv build/tools/bin/dlv]
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base_protocol import Reader, frame  # noqa: E402


def direct(dlv, cwd):
    t0 = time.perf_counter()
    deadline = t0 + 120
    out_dir = tempfile.mkdtemp(prefix="dap-bench-")
    p = subprocess.Popen([dlv, "dap", "--listen=127.0.0.1:0"], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = p.stdout.readline().decode()
    port = int(re.search(r"listening at: .*:(\d+)", line).group(1))
    sock = socket.create_connection(("127.0.0.1", port))
    r = Reader(sock)
    seq = [0]

    def request(command, arguments, until=None):
        seq[0] += 1
        sock.sendall(frame({"seq": seq[0], "type": "request", "command": command, "arguments": arguments}))
        want = seq[0]
        got_response = got_event = False
        while True:
            m = r.next(deadline)
            if m.get("type") == "response" and m.get("request_seq") == want:
                got_response = True
            if until and m.get("type") == "event" and m.get("event") == until:
                got_event = True
            if got_response and (until is None or got_event):
                return

    request("initialize", {"adapterID": "go", "pathFormat": "path", "linesStartAt1": True, "columnsStartAt1": True})
    request("launch", {"mode": "debug", "program": ".", "stopOnEntry": True, "output": out_dir + "/__debug_bin"})
    request("setFunctionBreakpoints", {"breakpoints": [{"name": "main.main"}]})
    request("configurationDone", {}, until="stopped")
    request("disconnect", {"terminateDebuggee": True})
    sock.close()
    p.wait(timeout=10)
    wall = time.perf_counter() - t0
    shutil.rmtree(out_dir, ignore_errors=True)
    return wall


def godiag(cmd, cwd):
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=180)
    wall = time.perf_counter() - t0
    report = json.loads(proc.stdout)
    bad = [p for p in report["dap"]["phases"] if p["status"] != "ok"]
    if bad or report["findings"]:
        raise SystemExit(f"godiag dap probe did not succeed: {bad} {[f['id'] for f in report['findings']]}")
    return wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--godiag", default="build/release/godiag")
    ap.add_argument("--dlv", default="build/tools/bin/dlv")
    a = ap.parse_args()
    dlv, exe = os.path.abspath(a.dlv), os.path.abspath(a.godiag)
    ws = tempfile.mkdtemp(prefix="dap-bench-ws-")
    with open(os.path.join(ws, "go.mod"), "w") as f:
        f.write("module example.com/hello\n\ngo 1.26\n")
    with open(os.path.join(ws, "main.go"), "w") as f:
        f.write('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello")\n}\n')
    os.makedirs(os.path.join(ws, ".vscode"))
    with open(os.path.join(ws, ".vscode", "settings.json"), "w") as f:
        json.dump({"go.alternateTools": {"dlv": dlv}}, f)
    same_cmd = [exe, "dap", "probe", "--format", "json", "--", dlv, "dap", "--listen=127.0.0.1:0"]
    editor_cmd = [exe, "dap", "probe", "--format", "json"]
    direct(dlv, ws)  # warm the build cache
    rows = {"direct": [], "godiag -- dlv": [], "godiag (editor's dlv)": []}
    for _ in range(a.runs):
        rows["direct"].append(direct(dlv, ws))
        rows["godiag -- dlv"].append(godiag(same_cmd, ws))
        rows["godiag (editor's dlv)"].append(godiag(editor_cmd, ws))
    base = statistics.median(rows["direct"])
    for name, walls in rows.items():
        med = statistics.median(walls)
        print(f"{name:24} median {med * 1000:7.1f} ms  min {min(walls) * 1000:7.1f} ms  ratio {med / base:5.3f}")
    shutil.rmtree(ws, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`godiag problems` on a real module of ~200 packages against its anchors, in one run.

The module is gopls's own (golang.org/x/tools/gopls@v0.23.0 from the module cache, copied
to a temporary folder). The anchors, each run alone:
  editor    the pinned gopls producing its diagnostics for the same files: a minimal direct
            client (initialize, initialized, every Go file opened, wait until no work-done
            progress runs and nothing arrives for the same quiet period godiag uses)
  terminal  go list -e -json -compiled ./..., go build ./..., go vet ./... run concurrently,
            as godiag runs them
godiag runs both views concurrently, then its experiments (none on a healthy module), so
the target is wall time <= 1.2x the slower anchor. Peak RSS of godiag itself is reported
(gopls's and the go command's are their own). Runs are interleaved; the first round warms
the build and analysis caches and is not counted.

Usage: bench/problems_vs_anchors.py [GODIAG] [--rounds N]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base_protocol import Reader, frame  # noqa: E402

GODIAG = next((a for a in sys.argv[1:] if not a.startswith("--")), "build/release/godiag")
ROUNDS = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
GOPLS = os.environ.get("GODIAG_GOPLS", "build/tools/bin/gopls")
QUIET = 1.5


def module_copy():
    cache = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True).stdout.strip()
    src = os.path.join(cache, "golang.org/x/tools/gopls@v0.23.0")
    if not os.path.isdir(src):
        sys.exit(f"{src} is missing: scripts/setup.sh --test installs gopls v0.23.0 with go install")
    dst = os.path.join(tempfile.mkdtemp(prefix="godiag-bench-problems-"), "gopls")
    shutil.copytree(src, dst)
    for d, _, files in os.walk(dst):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)
    return dst


def go_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith((".", "_")) and x not in ("testdata", "vendor", "node_modules"))
        out += [os.path.join(d, f) for f in sorted(files) if f.endswith(".go")]
    return out


def editor_anchor(root, files, env):
    t0 = time.perf_counter()
    p = subprocess.Popen([GOPLS], cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    r = Reader(p.stdout.fileno())
    uri = "file://" + root
    send = lambda m: (p.stdin.write(frame(m)), p.stdin.flush())  # noqa: E731
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": uri, "workspaceFolders": [{"uri": uri, "name": "gopls"}],
        "capabilities": {"workspace": {"configuration": True, "workspaceFolders": True},
                         "window": {"workDoneProgress": True},
                         "textDocument": {"publishDiagnostics": {"relatedInformation": True}}}}})
    progress, diags, last = set(), {}, time.perf_counter()

    def pump(deadline):
        nonlocal last
        m = r.next(deadline)
        last = time.perf_counter()
        if "id" in m and "method" in m:  # a server request
            res = [None] * len(m["params"]["items"]) if m["method"] == "workspace/configuration" else None
            send({"jsonrpc": "2.0", "id": m["id"], "result": res})
        elif m.get("method") == "$/progress":
            kind = m["params"]["value"].get("kind")
            tok = json.dumps(m["params"]["token"])
            progress.add(tok) if kind == "begin" else progress.discard(tok) if kind == "end" else None
        elif m.get("method") == "textDocument/publishDiagnostics":
            diags[m["params"]["uri"]] = len(m["params"]["diagnostics"])
        return m

    while pump(time.perf_counter() + 60).get("id") != 1:
        pass
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": "file://" + f, "languageId": "go", "version": 1, "text": fh.read()}}})
    def wait_for(msg_id):
        while True:
            try:
                m = pump(time.perf_counter() + 1)
                if m.get("id") == msg_id and "method" not in m:  # its response, not a server request
                    return
            except TimeoutError:
                pass

    def quiet():
        while progress or time.perf_counter() - last < QUIET:
            try:
                pump(time.perf_counter() + 0.5)
            except TimeoutError:
                pass

    quiet()
    # As godiag does: gopls.diagnose_files answers once the analyzers are done.
    send({"jsonrpc": "2.0", "id": 3, "method": "workspace/executeCommand", "params": {
        "command": "gopls.diagnose_files", "arguments": [{"Files": ["file://" + f for f in files]}]}})
    wait_for(3)
    quiet()
    took = time.perf_counter() - t0
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    wait_for(2)
    send({"jsonrpc": "2.0", "method": "exit"})
    p.stdin.close()
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    return took, sum(diags.values())


def terminal_anchor(root, env):
    t0 = time.perf_counter()
    cmds = [["go", "list", "-e", "-json=ImportPath,Dir,Error,DepsErrors,IgnoredGoFiles,InvalidGoFiles,Module",
             "-compiled=true", "./..."], ["go", "build", "./..."], ["go", "vet", "./..."]]
    procs = [subprocess.Popen(c, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in cmds]
    codes = [p.wait() for p in procs]
    return time.perf_counter() - t0, codes


def godiag_run(root, env):
    """Wall time, the report, and godiag's own peak RSS (VmHWM, read until it exits: the
    rusage of children would count gopls and the go command too)."""
    t0 = time.perf_counter()
    out = tempfile.TemporaryFile()
    p = subprocess.Popen([os.path.abspath(GODIAG), "problems", "--from-terminal", "--format", "json"], cwd=root, env=env,
                         stdout=out, stderr=subprocess.DEVNULL)
    hwm = 0
    while p.poll() is None:
        try:
            with open(f"/proc/{p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm = max(hwm, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.05)
    took = time.perf_counter() - t0
    out.seek(0)
    return took, json.loads(out.read()), hwm


def main():
    root = module_copy()
    files = go_files(root)
    # Every module the build and the tests need is fetched once, with the machine's own
    # proxy, before the rounds: they then run with GOPROXY=off, so the module is healthy
    # (its test-only requirements, e.g. go-cmp, are not in the cache after `go install`).
    subprocess.run(["go", "mod", "download"], cwd=root, check=True, env=dict(os.environ, GOFLAGS="-mod=mod"))
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
               PATH=os.path.dirname(os.path.abspath(GOPLS)) + ":" + os.environ["PATH"])
    print(f"module: {root} ({len(files)} Go files)")
    rows = []
    for i in range(ROUNDS + 1):
        e, ndiag = editor_anchor(root, files, env)
        t, codes = terminal_anchor(root, env)
        g, report, rss = godiag_run(root, env)
        pr = report["problems"]
        line = (f"round {i}{' (warm-up)' if i == 0 else ''}: editor anchor {e:.2f} s ({ndiag} diagnostics), "
                f"terminal anchor {t:.2f} s (exit {codes}), godiag {g:.2f} s "
                f"({len(pr['problems'])} problems, {pr['files']['opened']} files opened, "
                f"{len(pr['experiments'])} experiments) = {g / max(e, t):.2f}x the slower anchor")
        print(line, flush=True)
        if any(codes):
            sys.exit("the terminal anchor failed: the module is not healthy, so the comparison means nothing")
        if i:
            rows.append((e, t, g))
    ratios = sorted(g / max(e, t) for e, t, g in rows)
    print(f"median ratio {ratios[len(ratios) // 2]:.2f}x (target <= 1.2x); godiag's own peak RSS {rss / 1024:.0f} MB "
          "(gopls's and the go command's are their own processes)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Side-by-side benchmark: `godiag doctor --offline --no-lsp` against one `go env -json`
on the same workspace, in one run, interleaved, as a ratio (DESIGN.md target: <= 2x).

Usage: bench/doctor_vs_goenv.py [--runs N] [--godiag build/release/godiag] [DIR]
DIR defaults to a temporary module with a few requirements.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time


def timed(cmd, cwd, env):
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--godiag", default="build/release/godiag")
    ap.add_argument("dir", nargs="?")
    a = ap.parse_args()
    godiag = os.path.abspath(a.godiag)
    tmp = None
    ws = a.dir
    if ws is None:
        tmp = tempfile.TemporaryDirectory(prefix="godiag-bench-")
        ws = tmp.name
        with open(os.path.join(ws, "go.mod"), "w") as f:
            f.write("module example.com/bench\n\ngo 1.22\n\nrequire (\n\tgolang.org/x/text v0.3.0\n"
                    "\trsc.io/quote v1.5.2\n\tgit.corp.example/lib v1.0.0\n)\n")
    env = dict(os.environ, GOTOOLCHAIN="local")
    # Warm up both (page cache, go's build cache of `go env`).
    timed(["go", "env", "-json"], ws, env)
    timed([godiag, "doctor", "--offline", "--no-lsp"], ws, env)
    go_times, doctor_times = [], []
    for _ in range(a.runs):
        go_times.append(timed(["go", "env", "-json"], ws, env))
        doctor_times.append(timed([godiag, "doctor", "--offline", "--no-lsp", "--format", "json"], ws, env))
    g, d = statistics.median(go_times), statistics.median(doctor_times)
    print(f"workspace: {ws}")
    print(f"go env -json                      median {g*1000:8.1f} ms  (min {min(go_times)*1000:.1f})")
    print(f"godiag doctor --offline --no-lsp  median {d*1000:8.1f} ms  (min {min(doctor_times)*1000:.1f})")
    print(f"ratio doctor / go env: {d/g:.2f}x  (target <= 2x)")


if __name__ == "__main__":
    main()

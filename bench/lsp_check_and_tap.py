#!/usr/bin/env python3
"""`godiag lsp check` and `godiag lsp tap` against their anchors, interleaved in one run.

check: a generated ~200 MB raw stream with the message mix of facts/real-servers.md §4
       (bench/lsp_codec_bench.cc writes it) read by `godiag lsp check`, by VS Code's own
       vscode-jsonrpc StreamMessageReader (bench/vscode_reader.js) and by `cat FILE > /dev/null`.
tap:   the same stream relayed to a `cat` server and back: `godiag lsp tap --trace T -- cat`
       against `socat - EXEC:cat`; and the added latency of a request/response ping-pong
       through the tap against a direct pipe to the same echo server.

Usage: bench/lsp_check_and_tap.py [--mb 200] [--runs 3] [--build build/release]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time


def timed(cmd, stdin=None, stdout=subprocess.DEVNULL):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, p.returncode


def relay(cmd, path):
    """Seconds until the relayed stream has fully arrived (EOF), and until the relay exited."""
    with open(path, "rb") as f:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=f, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        total = 0
        while True:
            chunk = p.stdout.read1(1 << 20)
            if not chunk:
                break
            total += len(chunk)
        delivered = time.perf_counter() - t0
        p.wait()
        exited = time.perf_counter() - t0
    assert total == os.path.getsize(path), (cmd, total)
    return delivered, exited


def frame(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def ping_pong(cmd, rounds):
    """Median and p99 round trip (µs) of a small request echoed by `cat` behind `cmd`."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
    msg = frame(b'{"jsonrpc":"2.0","id":1,"method":"godiag/ping","params":{}}')
    rtts = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        p.stdin.write(msg)
        got = b""
        while len(got) < len(msg):
            got += p.stdout.read(len(msg) - len(got))
        rtts.append((time.perf_counter() - t0) * 1e6)
    p.stdin.close()
    p.wait()
    rtts.sort()
    return statistics.median(rtts), rtts[int(len(rtts) * 0.99)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--build", default="build/release")
    a = ap.parse_args()
    godiag = os.path.join(a.build, "godiag")
    tmp = tempfile.mkdtemp(prefix="godiag-bench-")
    stream = os.path.join(tmp, "stream.lsp")
    subprocess.run([os.path.join(a.build, "godiag_bench_codec"), str(a.mb), "--write", stream], check=True,
                   stdout=subprocess.DEVNULL)
    size_mb = os.path.getsize(stream) / 1e6
    rows = {"godiag lsp check": [], "vscode-jsonrpc reader": [], "cat > /dev/null": [],
            "godiag lsp tap -- cat": [], "godiag lsp tap -- cat (until exit, trace flushed)": [],
            "godiag lsp tap --trace none -- cat": [], "socat - EXEC:cat": []}
    rss = []
    trace = os.path.join(tmp, "t.trace")
    for _ in range(a.runs):
        s, r, rc = timed([godiag, "lsp", "check", "--format", "json", stream])
        rows["godiag lsp check"].append(s)
        rss.append(r)
        t0 = time.perf_counter()
        out = subprocess.run(["node", "bench/vscode_reader.js", stream], capture_output=True, text=True).stdout
        rows["vscode-jsonrpc reader"].append(json.loads(out)["seconds"])
        rows["cat > /dev/null"].append(timed(["cat", stream])[0])
        delivered, exited = relay([godiag, "lsp", "tap", "--trace", trace, "--", "cat"], stream)
        rows["godiag lsp tap -- cat"].append(delivered)
        rows["godiag lsp tap -- cat (until exit, trace flushed)"].append(exited)
        rows["godiag lsp tap --trace none -- cat"].append(relay([godiag, "lsp", "tap", "--trace", "none", "--", "cat"], stream)[0])
        # socat's default 8 KiB blocks: with large -b it deadlocks relaying to a child that echoes.
        rows["socat - EXEC:cat"].append(relay(["socat", "-", "EXEC:cat"], stream)[0])
    print(f"stream: {size_mb:.0f} MB; best of {a.runs}")
    best = {k: min(v) for k, v in rows.items()}
    for k, v in best.items():
        print(f"  {k:<50} {v:7.3f} s  {size_mb / v:8.0f} MB/s")
    print(f"  check vs vscode-jsonrpc: {best['vscode-jsonrpc reader'] / best['godiag lsp check']:.1f}x faster; "
          f"vs cat: {best['cat > /dev/null'] / best['godiag lsp check'] * 100:.0f}% of cat's speed")
    print(f"  tap vs socat: {best['socat - EXEC:cat'] / best['godiag lsp tap -- cat']:.2f}x socat's throughput")
    print(f"  lsp check peak RSS: {max(rss):.0f} MB")
    direct = ping_pong(["cat"], 2000)
    tapped = ping_pong([godiag, "lsp", "tap", "--trace", trace, "--", "cat"], 2000)
    print(f"  ping-pong RTT direct p50 {direct[0]:.0f} µs p99 {direct[1]:.0f} µs; through tap p50 {tapped[0]:.0f} µs "
          f"p99 {tapped[1]:.0f} µs; added p50 {tapped[0] - direct[0]:.0f} µs p99 {tapped[1] - direct[1]:.0f} µs")


if __name__ == "__main__":
    main()

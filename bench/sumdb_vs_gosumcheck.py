#!/usr/bin/env python3
"""`godiag sumdb verify` against gosumcheck (golang.org/x/mod/gosumcheck) on the same go.sum
and the same loopback checksum database (tests/oracle/bin/netserver), interleaved in one run.

The database holds the synthetic records of netserver --synthetic N (plus its filler), so
its tree has several tile levels; the go.sum is a sample of --lines lines of it. Both tools
start cold: gosumcheck has no cache, godiag gets a fresh cache folder for every run. The
server's request log counts how often each tile was fetched.

Usage: bench/sumdb_vs_gosumcheck.py [--runs 5] [--records 100000] [--lines 400]
           [--godiag build/release/godiag]
"""
import argparse
import collections
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build_gosumcheck(out):
    if not os.path.exists(out):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        subprocess.run(["go", "build", "-o", out, "golang.org/x/mod/gosumcheck"],
                       cwd=os.path.join(ROOT, "tests", "oracle", "go"), check=True,
                       env=dict(os.environ, GOFLAGS="-mod=mod"))
    return out


def start_server(tmp, records):
    gosum = os.path.join(tmp, "all.sum")
    log = open(os.path.join(tmp, "server.log"), "w")
    p = subprocess.Popen([os.path.join(ROOT, "tests", "oracle", "bin", "netserver"), "--synthetic", str(records),
                          "--synthetic-gosum", gosum, "-v"], stdout=subprocess.PIPE, stderr=log, text=True)
    ready = json.loads(p.stdout.readline())
    return p, ready, gosum, log.name


def sample_gosum(all_sum, lines, out):
    with open(all_sum) as f:
        synth = [l for l in f if l.startswith("example.com/synth/")]
    random.seed(1)
    # whole module versions (both lines), as a real go.sum has them
    pairs = sorted(set(" ".join(l.split()[:2]).replace("/go.mod", "") for l in synth))
    chosen = set(random.sample(pairs, lines // 2))
    with open(out, "w") as f:
        f.writelines(l for l in synth if " ".join(l.split()[:2]).replace("/go.mod", "") in chosen)
    return out


def tile_counts(log_path, start):
    with open(log_path) as f:
        f.seek(start)
        reqs = [l for l in f if "/tile/" in l]
    uris = []
    for l in reqs:
        parts = l.split()
        if "GET" in parts:
            uris.append(parts[parts.index("GET") + 1])
    c = collections.Counter(uris)
    return len(reqs), max(c.values()) if c else 0


def timed(cmd, env, log_path):
    start = os.path.getsize(log_path)
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    time.sleep(0.05)
    tiles, most = tile_counts(log_path, start)
    return wall, p, tiles, most


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--records", type=int, default=100000)
    ap.add_argument("--lines", type=int, default=400)
    ap.add_argument("--godiag", default=os.path.join(ROOT, "build", "release", "godiag"))
    a = ap.parse_args()
    gosumcheck = build_gosumcheck(os.path.join(ROOT, "build", "tools", "bin", "gosumcheck"))
    tmp = tempfile.mkdtemp(prefix="godiag-bench-sumdb-")
    server, ready, all_sum, log_path = start_server(tmp, a.records)
    try:
        gosum = sample_gosum(all_sum, a.lines, os.path.join(tmp, "go.sum"))
        url = "http://%s/sumdb/%s" % (ready["http"], ready["name"])
        base_env = {"PATH": os.environ["PATH"], "HOME": tmp, "SHELL": "/bin/sh", "GONOSUMDB": "none.invalid",
                    "GOSUMDB": ready["vkey"] + " " + url, "GOPROXY": "off", "GOFLAGS": "", "GOTOOLCHAIN": "local",
                    # Go's own build cache stays warm (a fresh XDG_CACHE_HOME would make `go env` run gcc)
                    "GOCACHE": os.path.join(tmp, "gocache")}
        results = {"godiag (cold cache)": [], "godiag (warm cache)": [], "gosumcheck": []}
        warm = os.path.join(tmp, "warm")
        for run in range(a.runs + 1):
            for name, cache in (("godiag (cold cache)", os.path.join(tmp, "cache%d" % run)), ("godiag (warm cache)", warm)):
                env = dict(base_env, XDG_CACHE_HOME=cache)
                w, p, tiles, most = timed([a.godiag, "sumdb", "verify", gosum, "--format", "json"], env, log_path)
                d = json.loads(p.stdout)
                bad = [l for l in d["sumdb_verify"]["lines"] if l["status"] != "ok"]
                assert not bad and len(d["sumdb_verify"]["lines"]) == a.lines, (bad[:3], p.stderr)
                if run > 0:  # run 0 fills the warm cache
                    results[name].append((w, tiles, most))
            w, p, tiles, most = timed([gosumcheck, "-k", ready["vkey"], "-u", url, gosum], base_env, log_path)
            assert p.returncode == 0 and not p.stdout.strip(), (p.stdout[:500], p.stderr[:500])
            if run > 0:
                results["gosumcheck"].append((w, tiles, most))
        print("database: %d records; go.sum: %d lines (%d lookups); %d runs interleaved" %
              (ready["records"], a.lines, a.lines // 2, a.runs))
        for name, rs in results.items():
            walls = [r[0] for r in rs]
            print("%-20s median %7.1f ms  best %7.1f ms  tile requests %d  (most requests for one tile: %d)" %
                  (name, statistics.median(walls) * 1000, min(walls) * 1000, rs[0][1], rs[0][2]))
        base = statistics.median(r[0] for r in results["gosumcheck"])
        for name in ("godiag (cold cache)", "godiag (warm cache)"):
            print("%s: %.2fx gosumcheck's speed (median wall time)" %
                  (name, base / statistics.median(r[0] for r in results[name])))
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

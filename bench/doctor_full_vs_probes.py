#!/usr/bin/env python3
"""`godiag doctor` (everything) against its slowest single probe, interleaved in one run
(DESIGN target: doctor ≤ 1.2× its slowest probe, everything else runs alongside).

World: a module requiring rsc.io/quote, a loopback GOPROXY + checksum database
(tests/oracle/bin/netserver on a cache made by the real go command), the pinned gopls
(build/tools/bin/gopls) on the login shell's PATH as a GUI-launched editor would see it.

Usage: bench/doctor_full_vs_probes.py [--runs 6] [--godiag build/release/godiag]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--godiag", default=os.path.join(ROOT, "build", "release", "godiag"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="godiag-bench-doctor-")
    server = None
    try:
        cache = os.path.join(tmp, "modcache")
        goproxy = subprocess.run(["go", "env", "GOPROXY"], capture_output=True, text=True).stdout.strip()
        subprocess.run(["go", "mod", "download", "rsc.io/quote@v1.5.2", "rsc.io/sampler@v1.3.0",
                        "golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c"], check=True, capture_output=True,
                       env=dict(os.environ, GOMODCACHE=cache, GOFLAGS="-modcacherw", GOPROXY=goproxy))
        server = subprocess.Popen([os.path.join(ROOT, "tests", "oracle", "bin", "netserver"), "--cache",
                                   os.path.join(cache, "cache", "download")], stdout=subprocess.PIPE, text=True)
        ready = json.loads(server.stdout.readline())
        home, mod = os.path.join(tmp, "home"), os.path.join(tmp, "mod")
        os.makedirs(home)
        os.makedirs(mod)
        gobin = os.path.dirname(shutil.which("go"))
        with open(os.path.join(home, ".profile"), "w") as f:
            f.write("export PATH=%s:%s:$PATH\n" % (gobin, os.path.join(ROOT, "build", "tools", "bin")))
        with open(os.path.join(mod, "go.mod"), "w") as f:
            f.write("module example.com/m\n\ngo 1.22\n\nrequire rsc.io/quote v1.5.2\n")
        with open(os.path.join(mod, "m.go"), "w") as f:
            f.write('package m\n\nimport _ "rsc.io/quote"\n')
        env = {"PATH": os.environ["PATH"], "HOME": home, "SHELL": "/bin/sh", "GOPROXY": "http://" + ready["http"],
               "GOSUMDB": ready["vkey"], "GOMODCACHE": cache, "GOFLAGS": "-modcacherw", "GOTOOLCHAIN": "local",
               "GOCACHE": os.path.join(tmp, "gocache")}
        subprocess.run(["go", "mod", "tidy"], cwd=mod, env=env, check=True, capture_output=True)
        g = a.godiag
        cmds = {"doctor (everything)": [g, "doctor"], "lsp probe alone": [g, "lsp", "probe"],
                "net alone": [g, "net"], "doctor --offline --no-lsp": [g, "doctor", "--offline", "--no-lsp"]}
        res = {k: [] for k in cmds}
        for run in range(a.runs + 1):
            for k, c in cmds.items():
                t = time.perf_counter()
                subprocess.run(c, env=env, cwd=mod, capture_output=True)
                if run:
                    res[k].append(time.perf_counter() - t)
        med = {k: statistics.median(v) * 1000 for k, v in res.items()}
        for k, v in med.items():
            print("%-26s median %7.0f ms" % (k, v))
        slowest = max(med["lsp probe alone"], med["net alone"])
        print("doctor / slowest single probe: %.2f" % (med["doctor (everything)"] / slowest))
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`godiag logs` on a VS Code log tree (two sessions) and a Neovim lsp.log with a split
panic in a temporary HOME; `godiag ps` on real gopls processes (the pinned gopls) started
the way an editor starts them (pipes, an extension-host-like parent), then made stale (a
settings change), duplicated, orphaned (the parent killed) and run from a deleted binary.
Every process the test starts is ended by its pid.

Usage: logs_ps_test.py GODIAG
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

GODIAG = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else "build/debug/godiag")
GOPLS = os.environ.get("GODIAG_GOPLS") or os.path.join(os.path.dirname(GODIAG), "..", "tools", "bin", "gopls")
GO = shutil.which("go")
IN_CI = os.environ.get("CI") == "true"

# An extension host stand-in: its argv carries --type=extensionHost like VS Code's; it starts
# gopls with its stdin on the pipe the test holds (so gopls outlives it when it is killed),
# prints the pid and waits.
PARENT = textwrap.dedent("""
    import os, subprocess, sys, time, json
    fd = int(sys.argv[1]); exe = sys.argv[2]; cwd = sys.argv[3]; env = json.loads(sys.argv[4])
    p = subprocess.Popen([exe], stdin=fd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd, env=env,
                         pass_fds=(fd,))
    print(p.pid, flush=True)
    time.sleep(600)
""")


class Home:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="godiag-logsps-")
        self.home = os.path.join(self.root, "home")
        os.makedirs(self.home)
        go_bin = os.path.dirname(os.path.realpath(GO)) if GO else "/usr/bin"
        self.env = {"HOME": self.home, "PATH": f"{go_bin}:/usr/bin:/bin", "SHELL": "/bin/sh", "TERM": "dumb",
                    "NO_COLOR": "1", "GOTOOLCHAIN": "local", "GOFLAGS": "", "LANG": "C.UTF-8",
                    "GOCACHE": os.path.join(self.root, "gocache"), "GOPATH": os.path.join(self.home, "go")}

    def write(self, rel, text, age_s=0):
        path = os.path.join(self.home, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        if age_s:
            t = time.time() - age_s
            os.utime(path, (t, t))
        return path

    def run(self, *args, cwd=None):
        p = subprocess.run([GODIAG, *args, "--format", "json"], cwd=cwd or self.root, env=self.env,
                           capture_output=True, text=True, timeout=120)
        try:
            return p.returncode, json.loads(p.stdout), p.stderr
        except json.JSONDecodeError:
            raise AssertionError(f"not JSON (rc {p.returncode}): {p.stdout[:400]!r} {p.stderr[:400]!r}")


def findings(report, rule):
    return [f for f in report["findings"] if f["id"] == rule]


class LogsTest(unittest.TestCase):
    def test_vscode_two_sessions_and_neovim_split_panic(self):
        h = Home()
        logs = ".config/Code/logs/"
        old = h.write(logs + "20261120T090000/window1/exthost/output_logging_20261120T090001/3-gopls (server).log",
                      "panic: an old crash\n\ngoroutine 1 [running]:\nmain.old()\n\t/o.go:1 +0x1\n", age_s=3 * 86400)
        new = h.write(logs + "20261201T080000/window1/exthost/output_logging_20261201T080001/2-gopls (server).log",
                      "[Info  - 8:00:01 AM] 2026/12/01 08:00:01 Created View (#1)\n"
                      "[Error - 8:00:05 AM] 2026/12/01 08:00:05 initial workspace load failed: packages.Load error: "
                      "err: exit status 1: stderr: go: m@v1: Get \"https://alice:s3cret@proxy.corp/m/@v/v1.mod\": "
                      "tls: failed to verify certificate: x509: certificate signed by unknown authority\n")
        h.write(logs + "20261201T080000/window1/exthost/golang.go/Go.log",
                "2026-12-01 08:00:00.100 [info] Running language server gopls(v0.23.0/go1.26.8)\n")
        chunk = '[ERROR][2026-12-01 21:29:00] .../vim/lsp/rpc.lua:420\t"rpc"\t"/h/go/bin/gopls"\t"stderr"\t"{}"\n'
        nvim = h.write(".local/state/nvim/lsp.log",
                       "[START][2026-12-01 21:28:00] LSP logging initiated\n"
                       + chunk.format("panic: runtime error: index out of ra")
                       + chunk.format("nge [3] with length 3\\n\\ngoroutine 9 [running]:\\ngolang.org/x/tools/gopls/"
                                      "internal/golang.Hover(0x1)\\n\\t/h/go/pkg/mod/golang.org/x/tools/gopls@v0.")
                       + chunk.format("23.0/internal/golang/hover.go:120 +0x5f\\n"))
        rc, r, err = h.run("logs")
        self.assertEqual(rc, 1, err)
        srcs = r["logs"]["sources"]
        self.assertEqual(srcs[0]["path"], new)  # newest session first
        self.assertEqual(srcs[1]["channel"], "Go")
        self.assertEqual(srcs[-1]["path"], old)
        self.assertFalse(srcs[-1]["current"])
        self.assertIn(old, [s["path"] for s in srcs])
        tls = findings(r, "logs.net.tls")
        self.assertEqual(len(tls), 1, r["findings"])
        self.assertEqual(tls[0]["evidence"][0]["location"], new + ":2")
        self.assertNotIn("s3cret", json.dumps(r))
        panics = findings(r, "logs.gopls.panic")
        self.assertEqual(len(panics), 1, panics)  # the Neovim one; the old session's is history
        self.assertEqual(panics[0]["evidence"][0]["location"], nvim + ":2")
        self.assertIn("panic: runtime error: index out of range [3] with length 3", panics[0]["message"])
        self.assertIn("golang.org/x/tools/gopls/internal/golang.Hover (/h/go/pkg/mod/golang.org/x/tools/gopls@v0.23.0/"
                      "internal/golang/hover.go:120)", panics[0]["message"])
        history = findings(r, "logs.history")
        self.assertEqual(len(history), 1)
        self.assertIn("3 days ago", history[0]["message"])
        self.assertEqual(history[0]["evidence"][0]["location"], old + ":1")

    def test_given_file_missing_is_a_tool_error(self):
        h = Home()
        rc, r, err = h.run("logs", os.path.join(h.root, "none.log"))
        self.assertEqual(rc, 3)
        self.assertIn("none.log", err)


class PsTest(unittest.TestCase):
    def setUp(self):
        if not (os.access(GOPLS, os.X_OK) and GO):
            if IN_CI:
                raise AssertionError("gopls or go missing: scripts/setup.sh --test installs them")
            raise unittest.SkipTest("pinned gopls not installed (scripts/setup.sh --test)")
        self.pids = []
        self.h = Home()
        self.read_fd, self.write_fd = os.pipe()

    def tearDown(self):
        for pid in reversed(self.pids):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in self.pids:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        os.close(self.read_fd)
        os.close(self.write_fd)

    def editor_env(self):
        """The Go variables godiag says the editor would give gopls, plus PATH and HOME."""
        p = subprocess.run([GODIAG, "env", "--format", "json", "-v"], cwd=self.h.root, env=self.h.env,
                           capture_output=True, text=True, timeout=120)
        env = {"HOME": self.h.home, "PATH": self.h.env["PATH"]}
        for v in json.loads(p.stdout)["variables"]:
            if v["editor"]["set"]:
                env[v["name"]] = v["editor"]["value"]
        return env

    def start(self, exe, cwd, env):
        """An extension-host-like parent starting gopls on pipes; returns (parent, gopls pid)."""
        parent = subprocess.Popen([sys.executable, "-c", PARENT, str(self.read_fd), exe, cwd, json.dumps(env),
                                   "--type=extensionHost"], stdout=subprocess.PIPE, text=True, pass_fds=(self.read_fd,))
        self.pids.append(parent.pid)
        gopls = int(parent.stdout.readline())
        self.pids.append(gopls)
        return parent, gopls

    def ps(self):
        rc, r, err = self.h.run("ps")
        by_pid = {p["pid"]: p for p in r["processes"]["processes"]}
        return r, by_pid

    def test_stale_duplicate_orphan_deleted(self):
        ws = os.path.join(self.h.root, "ws")
        other = os.path.join(self.h.root, "other")
        os.makedirs(ws)
        os.makedirs(other)
        env = self.editor_env()
        _, a = self.start(GOPLS, ws, env)
        _, b = self.start(GOPLS, ws, env)
        copy = os.path.join(self.h.root, "bin", "gopls")
        os.makedirs(os.path.dirname(copy))
        shutil.copy(GOPLS, copy)
        _, c = self.start(copy, other, env)
        parent_d, d = self.start(GOPLS, other, env)
        time.sleep(1.5)  # gopls is up; the settings file below is strictly newer than their start
        r, procs = self.ps()
        for pid in (a, b, c, d):
            self.assertIn(pid, procs, r["processes"])
            self.assertEqual(procs[pid]["parent"], "VS Code extension host")
            self.assertEqual(procs[pid]["stale"], [], procs[pid])  # started as the editor would: not stale
        self.assertEqual(procs[a]["version"], "v0.23.0")
        self.assertEqual(sorted(procs[a]["duplicates"]), [b])
        dup = findings(r, "processes.gopls.duplicate")
        self.assertTrue(any(f"pids {min(a, b)} and {max(a, b)}" in f["message"] for f in dup), dup)

        settings = self.h.write(".config/Code/User/settings.json",
                                '{\n  "go.toolsEnvVars": {\n    "GOPROXY": "https://changed.example"\n  }\n}\n')
        os.remove(copy)
        parent_d.kill()
        parent_d.wait()
        time.sleep(0.5)
        r, procs = self.ps()
        stale = procs[a]["stale"]
        goproxy = [s for s in stale if s["what"] == "GOPROXY"]
        self.assertEqual(len(goproxy), 1, stale)
        self.assertEqual(goproxy[0]["now"], "https://changed.example")
        self.assertEqual(goproxy[0]["running"], env.get("GOPROXY", "(unset)"))
        self.assertEqual(goproxy[0]["source"], f"go.toolsEnvVars {settings}:3")
        self.assertIn(settings, [s["source"] for s in stale if s["what"] == "settings file"])
        f = [x for x in findings(r, "processes.gopls.stale") if x["subject"] == f"pid {a}"]
        self.assertEqual(len(f), 1)
        self.assertIn("https://changed.example", json.dumps(f[0]["evidence"]))
        self.assertTrue(procs[c]["exe_deleted"], procs[c])
        self.assertEqual(procs[c]["exe"], copy)
        self.assertEqual(procs[c]["version"], "v0.23.0")  # read through /proc/PID/exe
        self.assertEqual([x["subject"] for x in findings(r, "processes.gopls.binary-replaced")], [f"pid {c}"])
        self.assertTrue(procs[d]["orphan"], procs[d])
        self.assertIn(f"pid {d}", [x["subject"] for x in findings(r, "processes.gopls.orphan")])
        self.assertFalse(procs[a]["orphan"])


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/env python3
"""`godiag dap probe` and `godiag dap check` against the real pinned Delve and a scripted DAP server.

Usage: dap_probe_test.py GODIAG FAKE_DAP_SERVER   (environment: GODIAG_DLV, GODIAG_OLD_DLV, CI)

- Every mode of tests/dap/fake_dap_server.cc yields exactly its findings and phase outcome within
  its deadline, and leaves nothing running.
- The pinned Delve (GODIAG_DLV, default build/tools/bin/dlv) found as the editor finds it (GOPATH/bin
  of a temporary HOME whose login shell puts go on PATH): a healthy program (every phase ok, the
  program's init() never ran, nothing left running, no binary left), a type error (the compiler's
  text at file:line), a launch.json with comments, an unknown key and a bad program, a build waiting
  on a loopback proxy that never answers (the probe ends at its deadline, nothing left running), dlv
  missing; the old Delve (GODIAG_OLD_DLV, default build/tools/old-dlv/dlv) refusing a go1.26 program.
  In CI a missing peer is a failure; on a developer machine the test says it skips.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

GODIAG = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 2 else "build/debug/godiag")
FAKE = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else "build/debug/godiag_fake_dap_server")
SOURCE = os.environ.get("GODIAG_SOURCE_DIR", os.getcwd())
DLV = os.environ.get("GODIAG_DLV", os.path.join(SOURCE, "build/tools/bin/dlv"))
OLD_DLV = os.environ.get("GODIAG_OLD_DLV", os.path.join(SOURCE, "build/tools/old-dlv/dlv"))
GO = shutil.which("go") or "/usr/local/go/bin/go"
IN_CI = os.environ.get("CI") == "true"


def need(path, what):
    if path and os.access(path, os.X_OK):
        return
    if IN_CI:
        raise AssertionError(f"{what} is missing in CI ({path}); run scripts/setup.sh --test")
    raise unittest.SkipTest(f"{what} not installed at {path} (scripts/setup.sh --test installs it); skipping")


def go_env(name):
    return subprocess.run([GO, "env", name], capture_output=True, text=True, check=True).stdout.strip()


def ids(report):
    return sorted({f["id"] for f in report["findings"]})


def phases(report):
    return {p["name"]: p["status"] for p in report["dap"]["phases"]}


def processes_under(path):
    """Processes whose working directory or command line is inside `path`."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and (cwd.startswith(path) or path in cmd):
            found.append(f"{pid} {cmd}")
    return found


class Scenario:
    """A temporary HOME, TMPDIR and workspace, and a scrubbed environment."""

    def __init__(self, files, dlv_in_gopath=None):
        self.root = tempfile.mkdtemp(prefix="godiag-dap-e2e-")
        self.home = os.path.join(self.root, "home")
        self.tmp = os.path.join(self.root, "tmp")
        self.ws = os.path.join(self.root, "ws")
        for d in (self.home, self.tmp, self.ws):
            os.makedirs(d)
        with open(os.path.join(self.home, ".profile"), "w") as f:
            f.write(f"export PATH={os.path.dirname(GO)}:$PATH\n")
        if dlv_in_gopath:
            os.makedirs(os.path.join(self.home, "go", "bin"))
            os.symlink(dlv_in_gopath, os.path.join(self.home, "go", "bin", "dlv"))
        for name, text in files.items():
            path = os.path.join(self.ws, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        self.env = {"HOME": self.home, "PATH": f"{os.path.dirname(GO)}:/usr/bin:/bin", "TMPDIR": self.tmp,
                    "SHELL": "/bin/sh", "GOTOOLCHAIN": "local", "GOFLAGS": "-buildvcs=false", "GOPROXY": "off",
                    "GOCACHE": go_env("GOCACHE"), "GOMODCACHE": go_env("GOMODCACHE"), "LANG": "C"}

    def probe(self, args, timeout=180):
        start = time.monotonic()
        proc = subprocess.run([GODIAG, "dap", "probe", "--format", "json"] + args, cwd=self.ws, env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        elapsed = time.monotonic() - start
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError:
            raise AssertionError(f"not JSON (rc {proc.returncode}): {proc.stdout[:2000]}\nstderr: {proc.stderr[:2000]}")
        return proc.returncode, report, elapsed

    def assert_clean(self, test):
        time.sleep(0.2)
        test.assertEqual(processes_under(self.root), [], "processes left behind")
        test.assertEqual(os.listdir(self.tmp), [], "files left in TMPDIR")
        left = [n for n in os.listdir(self.ws) if n.startswith("__debug_bin")]
        test.assertEqual(left, [], "a debug binary in the workspace")

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


HELLO = {
    "go.mod": "module example.com/hello\n\ngo 1.26\n",
    "main.go": 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc init() {\n\tos.WriteFile("init-ran", nil, 0o644)\n}\n\n'
               'func main() {\n\tfmt.Println("hello")\n}\n',
}

# mode -> (extra args, finding ids, {phase: status}, max seconds)
FAKES = {
    "ok": ([], [], {"initialize": "ok", "launch": "ok", "stopped": "ok", "disconnect": "ok", "exit": "ok"}, 3),
    "lf-only": ([], ["dap.protocol.framing"], {"launch": "ok", "exit": "ok"}, 3),
    "header-case": ([], ["dap.protocol.framing"], {"launch": "ok", "exit": "ok"}, 3),
    "garbage-json": ([], ["dap.initialize.timeout", "dap.protocol.message"], {"initialize": "timeout"}, 6),
    "no-seq": ([], ["dap.protocol.message"], {"launch": "ok", "exit": "ok"}, 3),
    "never-initialize": ([], ["dap.initialize.timeout"], {"initialize": "timeout", "exit": "failed"}, 6),
    "die-mid-launch": ([], ["dap.protocol.framing", "dap.server.exited"], {"launch": "failed", "exit": "ok"}, 3),
    "no-banner": (["--listen=127.0.0.1:0"], ["dap.listener.timeout"], {"listening": "timeout"}, 6),
    "bind-fail": (["--listen=127.0.0.1:0"], ["dap.listener.failed"], {"listening": "failed"}, 3),
}


class FakeServerTest(unittest.TestCase):
    def test_modes(self):
        for mode, (extra, want_ids, want_phases, max_s) in FAKES.items():
            with self.subTest(mode=mode):
                s = Scenario(HELLO)
                try:
                    rc, report, elapsed = s.probe(["--timeout", "3s", "--", FAKE, mode] + extra)
                    self.assertEqual(ids(report), sorted(want_ids), report["findings"])
                    got = phases(report)
                    for name, status in want_phases.items():
                        self.assertEqual(got.get(name), status, f"{name}: {got}")
                    self.assertLess(elapsed, max_s)
                    self.assertEqual(rc, 1 if any(i.startswith(("dap.initialize", "dap.server", "dap.listener"))
                                                  for i in want_ids) else 0)
                    s.assert_clean(self)
                finally:
                    s.cleanup()

    def test_usage(self):
        proc = subprocess.run([GODIAG, "dap", "probe", "--connect", "tcp:127.0.0.1:1", "--", FAKE],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("not both", proc.stderr)
        proc = subprocess.run([GODIAG, "dap", "frob"], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("want: probe, check", proc.stderr)

    def test_connect_refused(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        s = Scenario(HELLO)
        try:
            rc, report, elapsed = s.probe(["--timeout", "3s", "--connect", f"tcp:127.0.0.1:{port}"])
            self.assertEqual(ids(report), ["dap.connect.failed"])
            self.assertEqual(rc, 1)
            self.assertLess(elapsed, 4)
        finally:
            s.cleanup()


class CheckTest(unittest.TestCase):
    LOG = ("2026-12-01T21:30:49Z debug layer=dap DAP server pid = 8139\n"
           '2026-12-01T21:30:49Z debug layer=dap [<- from client]{"seq":1,"type":"request","command":"initialize","arguments":{}}\n'
           '2026-12-01T21:30:49Z debug layer=dap [-> to client]{"seq":1,"type":"response","request_seq":1,"success":true,"command":"initialize"}\n'
           '2026-12-01T21:30:49Z debug layer=dap [<- from client]{"seq":2,"type":"request","command":"launch","arguments":{}}\n'
           '2026-12-01T21:30:50Z debug layer=dap [-> to client]{"seq":2,"type":"response","request_seq":2,"success":false,'
           '"command":"launch","message":"Failed to launch","body":{"error":{"id":3000,"format":"Failed to launch: Build error: Check the debug console for details."}}}\n'
           '2026-12-01T21:30:51Z debug layer=dap [<- from client]{"seq":3,"type":"request","command":"disconnect"}\n')

    def test_delve_log(self):
        d = tempfile.mkdtemp(prefix="godiag-dap-check-")
        try:
            path = os.path.join(d, "dlv.log")
            with open(path, "w") as f:
                f.write(self.LOG)
            proc = subprocess.run([GODIAG, "dap", "check", "--format", "json", path], capture_output=True, text=True)
            report = json.loads(proc.stdout)
            self.assertEqual(ids(report), ["dap.traffic.error-response", "dap.traffic.unanswered"])
            self.assertEqual(report["dap_check"][0]["format"], "Delve dap log")
            self.assertEqual(report["dap_check"][0]["unanswered"], ["disconnect (seq 3)"])
            self.assertEqual(proc.returncode, 0)  # warnings only
            missing = subprocess.run([GODIAG, "dap", "check", os.path.join(d, "nope")], capture_output=True, text=True)
            self.assertEqual(missing.returncode, 3)
        finally:
            shutil.rmtree(d, ignore_errors=True)


    def test_tap_trace_of_a_dap_session(self):
        s = Scenario(HELLO)
        self.addCleanup(s.cleanup)
        trace = os.path.join(s.root, "dap.trace")
        rc, report, _ = s.probe(["--timeout", "5s", "--", GODIAG, "lsp", "tap", "--trace", trace, "--", FAKE, "ok"])
        self.assertEqual((rc, ids(report)), (0, []), report["findings"])
        for cmd in ("dap", "lsp"):  # lsp check hands DAP traffic to the DAP checker
            proc = subprocess.run([GODIAG, cmd, "check", "--format", "json", trace], capture_output=True, text=True)
            checked = json.loads(proc.stdout)
            self.assertEqual((proc.returncode, ids(checked)), (0, []), (cmd, checked["findings"]))
            self.assertEqual(checked["dap_check"][0]["format"], "godiag trace")
            self.assertGreaterEqual(checked["dap_check"][0]["messages"], 12)
            self.assertEqual(checked["dap_check"][0]["unanswered"], [])


class RealDelveTest(unittest.TestCase):
    def run_scenario(self, files, args, dlv=None, timeout=180):
        s = Scenario(files, dlv_in_gopath=dlv or DLV)
        self.addCleanup(s.cleanup)
        rc, report, elapsed = s.probe(args, timeout=timeout)
        s.assert_clean(self)
        return s, rc, report, elapsed

    def test_healthy(self):
        need(DLV, "the pinned Delve")
        s, rc, report, _ = self.run_scenario(HELLO, ["--timeout", "120s"])
        self.assertEqual((rc, ids(report)), (0, []), report["findings"])
        for name in ("spawn", "listening", "connect", "initialize", "launch", "setFunctionBreakpoints",
                     "configurationDone", "stopped", "disconnect", "exit"):
            self.assertEqual(phases(report).get(name), "ok", name)
        dap = report["dap"]
        self.assertEqual(dap["server"]["version"], "1.27.2")
        self.assertEqual(dap["server"]["found_by"], "GOPATH/bin " + os.path.join(s.home, "go", "bin"))
        self.assertEqual(dap["server"]["fingerprint"], "Delve v1.27.0 or later")
        self.assertIn("supportsConfigurationDoneRequest", dap["capabilities"])
        self.assertEqual(dap["exit"]["code"], 0)
        self.assertGreater(dap["exit"]["debuggee_pid"], 0)
        self.assertFalse(dap["exit"]["killed"])
        self.assertIn({"category": "stdout", "output": "Building .\n"}, dap["output"])
        self.assertTrue(dap["launch_arguments"]["output"].startswith(s.tmp))
        self.assertFalse(os.path.exists(os.path.join(s.ws, "init-ran")), "the program's init() ran")

    def test_type_error(self):
        need(DLV, "the pinned Delve")
        files = {"go.mod": "module example.com/broken\n\ngo 1.26\n", "main.go": "package main\n\nfunc main() {\n\tx := 1\n}\n"}
        s, rc, report, _ = self.run_scenario(files, ["--timeout", "120s"])
        self.assertEqual((rc, ids(report)), (1, ["dap.build.error"]))
        f = report["findings"][0]
        where = os.path.join(s.ws, "main.go")
        self.assertEqual(f["subject"], where + ":4")
        self.assertIn(where + ":4:2: declared and not used: x", f["message"])
        self.assertEqual(phases(report)["launch"], "failed")

    def test_old_delve(self):
        need(OLD_DLV, "the old Delve (v1.25.2)")
        _, rc, report, _ = self.run_scenario(HELLO, ["--timeout", "120s"], dlv=OLD_DLV)
        self.assertEqual((rc, ids(report)), (1, ["dap.delve.too-old"]))
        self.assertIn("Version of Delve is too old for Go version go1.26", report["findings"][0]["message"])
        self.assertEqual(report["dap"]["server"]["version"], "1.25.2")

    def test_launch_json(self):
        need(DLV, "the pinned Delve")
        files = dict(HELLO)
        files[".vscode/launch.json"] = """{
  // comments and trailing commas, as VS Code writes them
  "version": "0.2.0",
  "configurations": [
    {
      "name": "Launch Package",
      "type": "go",
      "request": "launch",
      "mode": "auto",
      "program": "${workspaceFolder}/cmd/missing",
      "stopOnEntri": true, /* a typo */
    },
  ],
}
"""
        s, rc, report, _ = self.run_scenario(files, ["--timeout", "120s", "--config", "Launch Package"])
        self.assertEqual(rc, 1)
        self.assertIn("dap.config.unknown-key", ids(report))
        self.assertIn("dap.config.bad-program", ids(report))
        by_id = {f["id"]: f for f in report["findings"]}
        launch_json = os.path.join(s.ws, ".vscode", "launch.json")
        self.assertEqual(by_id["dap.config.unknown-key"]["subject"], launch_json + ":11")
        self.assertIn('Did you mean "stopOnEntry"?', by_id["dap.config.unknown-key"]["message"])
        self.assertEqual(by_id["dap.config.bad-program"]["subject"], launch_json + ":10")
        self.assertEqual(report["dap"]["config"]["name"], "Launch Package")

    def test_build_waits_on_proxy(self):
        need(DLV, "the pinned Delve")
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        port = sock.getsockname()[1]
        held = []
        stop = threading.Event()

        def accept():
            sock.settimeout(0.2)
            while not stop.is_set():
                try:
                    held.append(sock.accept()[0])
                except OSError:
                    pass

        t = threading.Thread(target=accept, daemon=True)
        t.start()
        try:
            files = {"go.mod": "module example.com/hang\n\ngo 1.26\n\nrequire example.com/dep v1.0.0\n",
                     "main.go": 'package main\n\nimport _ "example.com/dep"\n\nfunc main() {}\n',
                     ".vscode/launch.json": '{"configurations": [{"name": "hang", "type": "go", "request": "launch", '
                                            '"program": "${workspaceFolder}", "env": {"GOPROXY": "http://127.0.0.1:%d", '
                                            '"GOFLAGS": "-mod=mod", "GOSUMDB": "off", "GOMODCACHE": "${workspaceFolder}/../modcache"}}]}' % port}
            _, rc, report, elapsed = self.run_scenario(files, ["--timeout", "6s"])
            self.assertEqual(rc, 1)
            self.assertIn("dap.build.waiting", ids(report))
            self.assertEqual(phases(report)["launch"], "timeout")
            self.assertLess(elapsed, 6 + 4)
            f = [x for x in report["findings"] if x["id"] == "dap.build.waiting"][0]
            self.assertIn('still at "Building ."', f["message"])
            self.assertTrue(any(e["key"] == "GOPROXY" and e["value"] == f"http://127.0.0.1:{port}" for e in f["evidence"]))
            self.assertTrue(held, "the build never reached the proxy")
        finally:
            stop.set()
            t.join()
            for c in held:
                c.close()
            sock.close()

    def test_interrupted_mid_build(self):
        need(DLV, "the pinned Delve")
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)  # never accepted: the fetch waits in the backlog
        port = sock.getsockname()[1]
        files = {"go.mod": "module example.com/hang\n\ngo 1.26\n\nrequire example.com/dep v1.0.0\n",
                 "main.go": 'package main\n\nimport _ "example.com/dep"\n\nfunc main() {}\n',
                 ".vscode/launch.json": '{"configurations": [{"name": "hang", "type": "go", "request": "launch", '
                                        '"program": "${workspaceFolder}", "env": {"GOPROXY": "http://127.0.0.1:%d", '
                                        '"GOFLAGS": "-mod=mod", "GOSUMDB": "off", "GOMODCACHE": "${workspaceFolder}/../modcache"}}]}' % port}
        s = Scenario(files, dlv_in_gopath=DLV)
        self.addCleanup(s.cleanup)
        try:
            proc = subprocess.Popen([GODIAG, "dap", "probe", "--format", "json", "--timeout", "60s"], cwd=s.ws, env=s.env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not any("dlv" in p for p in processes_under(s.root)):
                time.sleep(0.1)
            time.sleep(1.0)
            start = time.monotonic()
            proc.send_signal(2)
            out, _ = proc.communicate(timeout=10)
            self.assertLess(time.monotonic() - start, 3)
            self.assertEqual(proc.returncode, 130)
            report = json.loads(out)
            self.assertIn("dap.probe.interrupted", ids(report))
            self.assertTrue(report["dap"]["exit"]["interrupted"])
            s.assert_clean(self)
        finally:
            sock.close()

    def test_dlv_missing(self):
        s = Scenario(HELLO)
        self.addCleanup(s.cleanup)
        rc, report, elapsed = s.probe(["--timeout", "30s"])
        self.assertEqual((rc, ids(report)), (1, ["dap.dlv.missing"]))
        searched = report["dap"]["server"]["searched"]
        self.assertTrue(any("GOPATH/bin" in x and s.home in x for x in searched), searched)
        self.assertLess(elapsed, 10)


if __name__ == "__main__":
    unittest.main(verbosity=2)

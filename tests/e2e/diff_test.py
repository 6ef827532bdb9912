#!/usr/bin/env python3
"""`godiag diff` between doctor reports of a healthy and a broken scenario (GOFLAGS set by
`go env -w` in a temporary HOME), against a fresh doctor run, and on bad input; and the
doctor's own reading of the editor's logs (newest session only) and of the running gopls.

Usage: diff_test.py GODIAG
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

GODIAG = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else "build/debug/godiag")
GO = shutil.which("go")

GOMOD = "module example.com/m\n\ngo 1.22\n\nrequire rsc.io/quote v1.5.2\n"


class Scenario:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="godiag-diff-")
        self.home = os.path.join(self.root, "home")
        self.ws = os.path.join(self.root, "ws")
        os.makedirs(self.home)
        os.makedirs(self.ws)
        self.write("ws/go.mod", GOMOD)
        go_bin = os.path.dirname(os.path.realpath(GO))
        self.env = {"HOME": self.home, "PATH": f"{go_bin}:/usr/bin:/bin", "SHELL": "/bin/sh", "TERM": "dumb",
                    "NO_COLOR": "1", "GOTOOLCHAIN": "local", "GOFLAGS": "", "LANG": "C.UTF-8",
                    "GOCACHE": os.path.join(self.root, "gocache"), "GOPATH": os.path.join(self.home, "go")}

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def run(self, *args):
        return subprocess.run([GODIAG, *args], cwd=self.ws, env=self.env, capture_output=True, text=True, timeout=120)

    def doctor_json(self, name, *extra):
        p = self.run("doctor", "--offline", "--no-lsp", "--no-dap", "--format", "json", *extra)
        json.loads(p.stdout)  # a report, whatever its findings
        return self.write(name, p.stdout)

    def go_env_file(self):
        return os.path.join(self.home, ".config", "go", "env")

    def break_goflags(self):
        self.write(os.path.relpath(self.go_env_file(), self.root), "GOFLAGS=-mod=vendor\n")

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def items(diff, kind, name):
    return [i for i in diff["items"] if i["kind"] == kind and i["name"] == name]


@unittest.skipUnless(GO, "no go on PATH")
class DiffTest(unittest.TestCase):
    def setUp(self):
        self.s = Scenario()

    def tearDown(self):
        self.s.cleanup()

    def check_goflags_first(self, diff):
        goflags = items(diff, "environment", "GOFLAGS")
        self.assertTrue(goflags, json.dumps(diff, indent=1)[:3000])
        terminal = [i for i in goflags if i["side"] == "terminal"][0]
        self.assertIsNone(terminal["baseline"])  # unset where it worked
        self.assertEqual(terminal["now"]["value"], "-mod=vendor")
        self.assertIn(self.s.go_env_file(), terminal["now"]["source"])
        self.assertEqual(terminal["now"]["location"], self.s.go_env_file() + ":1")
        editor = [i for i in goflags if i["side"] == "editor"][0]
        self.assertEqual(editor["now"]["location"], self.s.go_env_file() + ":1")  # the editor reads the same file
        self.assertEqual(diff["items"][0]["name"], "GOFLAGS", [i["name"] for i in diff["items"]])
        self.assertEqual(diff["items"][0]["rank"], "explains")
        self.assertTrue(diff["items"][0]["named_by"])
        new = [i for i in diff["items"] if i["kind"] == "finding" and i["change"] == "added"]
        self.assertTrue(any(i["now"]["source"] == "error" for i in new), new)
        self.assertGreaterEqual(diff["summary"]["new_errors"], 1)

    def test_diff_of_two_saved_reports_names_the_variable_with_both_sources(self):
        base = self.s.doctor_json("base.json")
        self.s.break_goflags()
        now = self.s.doctor_json("now.json")
        p = self.s.run("diff", base, now, "--format", "json")
        self.assertEqual(p.returncode, 1, p.stderr)
        self.check_goflags_first(json.loads(p.stdout))
        text = self.s.run("diff", base, now)
        self.assertEqual(text.returncode, 1)
        self.assertIn("What explains the new findings:\n  + environment GOFLAGS (terminal)\n      baseline: (unset)\n"
                      f"      now:      \"-mod=vendor\"  from user env file {self.s.go_env_file()}:1", text.stdout)
        md = self.s.run("diff", base, now, "--format", "markdown")
        self.assertIn("## What explains the new findings", md.stdout)
        same = self.s.run("diff", base, base)
        self.assertEqual(same.returncode, 0, same.stdout)
        self.assertIn("no differences", same.stdout)
        back = self.s.run("diff", now, base, "--format", "json")  # fixed: the errors are gone
        self.assertEqual(back.returncode, 0)
        self.assertGreaterEqual(json.loads(back.stdout)["summary"]["gone_findings"], 1)

    def test_credentials_never_printed(self):
        base = self.s.doctor_json("base.json")
        self.s.env["GOPROXY"] = "https://alice:s3cr3t-token@proxy.corp.example,direct"
        now = self.s.doctor_json("now.json")
        for fmt in ("text", "json", "markdown"):
            p = self.s.run("diff", base, now, "-v", "--format", fmt)
            self.assertIn("proxy.corp.example", p.stdout, fmt)
            self.assertNotIn("s3cr3t", p.stdout + p.stderr, fmt)

    def test_diff_against_a_fresh_doctor_run_with_the_same_flags(self):
        base = self.s.doctor_json("base.json")
        self.s.break_goflags()
        p = self.s.run("diff", base, "--offline", "--no-lsp", "--no-dap", "--format", "json")
        self.assertEqual(p.returncode, 1, p.stderr)
        diff = json.loads(p.stdout)
        self.check_goflags_first(diff)
        self.assertEqual(diff["notes"], [])  # same flags: nothing only on one side
        self.assertEqual(self.s.run("diff", base, "--offline", "--no-lsp", "--no-dap", "--fail-on", "never").returncode, 0)

    def test_bad_inputs_are_clear_usage_errors(self):
        base = self.s.doctor_json("base.json")
        bad = self.s.write("bad.json", "{not json")
        p = self.s.run("diff", bad, base)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr, f"godiag diff: {bad}: not JSON: parse error at line 1, column 3: syntax error while "
                                   "parsing object key - invalid literal; last read: '{no'; expected string literal\n")
        other = self.s.write("sarif.json", self.s.run("doctor", "--offline", "--no-lsp", "--format", "sarif").stdout)
        p = self.s.run("diff", base, other)
        self.assertEqual(p.returncode, 2)
        self.assertIn(f"{other}: not a godiag report (no \"schema\" field", p.stderr)
        newer = self.s.write("newer.json", json.dumps({"schema": "godiag.report/7", "findings": []}))
        p = self.s.run("diff", newer)
        self.assertEqual(p.returncode, 2)
        self.assertIn("report schema version 7 is newer than this godiag reads (1)", p.stderr)
        p = self.s.run("diff", os.path.join(self.s.root, "missing.json"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("missing.json", p.stderr)
        p = self.s.run("diff")
        self.assertEqual(p.returncode, 2)
        self.assertIn("want BASELINE.json [REPORT.json]", p.stderr)

    def test_older_report_without_schema_is_read(self):
        with open(self.s.doctor_json("base.json")) as f:
            base = json.load(f)
        del base["schema"]
        old = self.s.write("old.json", json.dumps(base))
        p = self.s.run("diff", old, old, "--format", "json")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["baseline"]["schema_version"], 0)


@unittest.skipUnless(GO, "no go on PATH")
class DoctorLogsTest(unittest.TestCase):
    def setUp(self):
        self.s = Scenario()

    def tearDown(self):
        self.s.cleanup()

    def test_doctor_reads_the_newest_session_and_joins_nothing_on_a_healthy_machine(self):
        logs = "home/.config/Code/logs/"
        self.s.write(logs + "20261120T090000/window1/exthost/output_logging_20261120T090001/3-gopls (server).log",
                     "panic: an old crash\n\ngoroutine 1 [running]:\nmain.old()\n\t/o.go:1 +0x1\n")
        new = self.s.write(logs + "20261201T080000/window1/exthost/output_logging_20261201T080001/2-gopls (server).log",
                           "[Error - 8:00:05 AM] 2026/12/01 08:00:05 initial workspace load failed: go: m@v1: Get "
                           "\"https://proxy.corp/m/@v/v1.mod\": tls: failed to verify certificate: x509: certificate "
                           "signed by unknown authority\n")
        p = self.s.run("doctor", "--offline", "--no-lsp", "--no-dap", "--format", "json")
        report = json.loads(p.stdout)
        ids = [f["id"] for f in report["findings"]]
        self.assertIn("logs.net.tls", ids)
        self.assertNotIn("logs.gopls.panic", ids)  # the older session is not read by the doctor
        self.assertNotIn("logs.history", ids)
        self.assertEqual([s["path"] for s in report["logs"]["sources"]], [new])
        self.assertEqual(report["processes"]["processes"], [])  # nothing runs in this folder
        p = self.s.run("doctor", "--offline", "--no-lsp", "--no-dap", "--no-logs", "--no-ps", "--format", "json")
        report = json.loads(p.stdout)
        self.assertNotIn("logs", report)
        self.assertNotIn("processes", report)
        self.assertIn("editor logs not read (--no-logs)", report["notes"])
        text = self.s.run("doctor", "--offline", "--no-lsp", "--no-dap").stdout
        self.assertIn("Logs (1 read, newest session first):", text)

    def test_no_logs_no_new_findings(self):
        p = self.s.run("doctor", "--offline", "--no-lsp", "--no-dap", "--format", "json")
        report = json.loads(p.stdout)
        self.assertEqual([f["id"] for f in report["findings"] if f["id"].startswith(("logs.", "processes."))], [])
        text = self.s.run("doctor", "--offline", "--no-lsp", "--no-dap").stdout
        self.assertIn("Logs: 0 read, no crash or known failure line (no editor log of gopls found)", text)


if __name__ == "__main__":
    unittest.main()

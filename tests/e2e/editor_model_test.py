#!/usr/bin/env python3
"""The editor's go, gopls and PATH found as VS Code's Go extension finds them (issue 10).

Each scenario is a common real install built in a temporary HOME: Go from the official
tarball in /usr/local/go, gopls installed with `go install` (so in ~/go/bin), PATH exported
only in ~/.bashrc, which a login shell (what VS Code resolves when started from the desktop)
does not read. The real pinned gopls is started for the handshake. Variants that need /usr/local
changed (a /usr/local/bin/go link, Go only in go.goroot, no Go at all) run godiag in a private
mount namespace (`unshare -m`), so the machine's own /usr/local is never touched.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

GODIAG = os.environ.get("GODIAG_BIN") or (sys.argv.pop(1) if len(sys.argv) > 1 else "build/debug/godiag")
GOPLS = os.environ.get("GODIAG_GOPLS", "")
IN_CI = os.environ.get("CI") == "true"
USR_LOCAL_GO = "/usr/local/go/bin/go"


def can_unshare():
    try:
        return subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Install:
    """The hook's healthy machine: Go in /usr/local/go, gopls in ~/go/bin, PATH in ~/.bashrc only."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="godiag-editor-")
        self.home = os.path.join(self.root, "home")
        self.ws = os.path.join(self.home, "hello")
        os.makedirs(os.path.join(self.home, "go", "bin"))
        os.makedirs(self.ws)
        shutil.copy(GOPLS, os.path.join(self.home, "go", "bin", "gopls"))
        self.write("home/hello/go.mod", "module example.com/hello\n\ngo 1.21\n")
        self.write("home/hello/main.go", "package main\n\nfunc main() {}\n")
        self.write("home/.bashrc", "export PATH=/usr/local/go/bin:$HOME/go/bin:$PATH\n")
        self.env = {"HOME": self.home, "PATH": f"/usr/local/go/bin:{self.home}/go/bin:/usr/bin:/bin",
                    "SHELL": "/bin/bash", "GOTOOLCHAIN": "local", "NO_COLOR": "1", "TERM": "dumb", "LANG": "C.UTF-8"}
        self.ns_setup = []  # shell commands run as root in a private mount namespace first

    def write(self, rel, text, mode=None):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        if mode:
            os.chmod(path, mode)
        return path

    def settings(self, obj):
        self.write("home/.config/Code/User/settings.json", json.dumps(obj, indent=2) + "\n")

    def run(self, *args):
        argv = [os.path.abspath(GODIAG), *args]
        if self.ns_setup:
            script = " && ".join(self.ns_setup + ['exec "$@"'])
            argv = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", *argv]
        return subprocess.run(argv, cwd=self.ws, env=self.env, capture_output=True, text=True, timeout=120)

    def doctor(self, *extra):
        p = self.run("doctor", "--offline", "--format", "json", *extra)
        try:
            return p.returncode, json.loads(p.stdout)
        except json.JSONDecodeError as e:
            raise AssertionError(f"not JSON ({e}): stdout={p.stdout!r} stderr={p.stderr!r}")

    def hide_usr_local_go(self):
        """Moves /usr/local/go (inside the namespace only) to <root>/sdk/go; returns that GOROOT."""
        goroot = os.path.join(self.root, "sdk", "go")
        os.makedirs(goroot)
        self.ns_setup += [f"mount --bind /usr/local/go {goroot}", "mount -t tmpfs tmpfs /usr/local/go"]
        return goroot

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def errors(report):
    """Error findings that are not consequences of another finding."""
    return [f for f in report["findings"] if f["severity"] == "error" and "caused_by" not in f]


def by_id(report, rule_id):
    found = [f for f in report["findings"] if f["id"] == rule_id]
    if not found:
        raise AssertionError(f"no {rule_id} in {[f['id'] for f in report['findings']]}")
    return found[0]


def tool_rows(report, name):
    return [t for t in report["tools"] if t["name"] == name]


def editor_value(report, name):
    for v in report["environment"]:
        if v["name"] == name:
            return v["editor"]
    raise AssertionError(f"no {name} in the environment table")


class EditorModel(unittest.TestCase):
    def setUp(self):
        if not GOPLS or not os.access(GOPLS, os.X_OK):
            if IN_CI:
                self.fail("GODIAG_GOPLS (the pinned gopls) is missing in CI")
            self.skipTest("pinned gopls not installed (run scripts/setup.sh --test)")
        if not os.access(USR_LOCAL_GO, os.X_OK):
            if IN_CI:
                self.fail("these scenarios model Go installed in /usr/local/go, which CI's machine has")
            self.skipTest("Go is not installed in /usr/local/go on this machine")
        self.i = Install()

    def tearDown(self):
        self.i.cleanup()

    def need_namespace(self):
        if not can_unshare():
            if IN_CI:
                self.fail("unshare -m (a private mount namespace) is needed and CI runs as root")
            self.skipTest("unshare -m is not permitted here (needs root)")

    def assert_healthy(self, code, report):
        self.assertEqual(errors(report), [], json.dumps(report["findings"], indent=1))
        self.assertEqual(code, 0)
        phases = {p["name"]: p["status"] for p in report["lsp"]["phases"]}
        self.assertEqual(set(phases.values()), {"ok"}, phases)
        self.assertEqual(report["lsp"]["server"]["name"], "gopls")

    def test_tarball_go_and_bashrc_path_is_healthy(self):
        code, report = self.i.doctor()
        self.assert_healthy(code, report)
        go_rows = [t for t in tool_rows(report, "go") if t["detail"].startswith("editor:")]
        self.assertEqual(len(go_rows), 1, report["tools"])
        self.assertEqual(go_rows[0]["path"], USR_LOCAL_GO)
        self.assertIn("found by the Go extension's default path /usr/local/go/bin/go", go_rows[0]["detail"])
        self.assertIn("PATH: GOROOT/bin put first by the Go extension", go_rows[0]["detail"])
        gopls = tool_rows(report, "gopls")[0]
        self.assertEqual(gopls["path"], os.path.join(self.i.home, "go", "bin", "gopls"))
        self.assertIn("found by GOPATH/bin " + os.path.join(self.i.home, "go", "bin"), gopls["detail"])
        path = editor_value(report, "PATH")
        self.assertTrue(path["value"].startswith("/usr/local/go/bin:"), path)
        self.assertEqual(path["source_kind"], "Go extension")
        self.assertIn("found by GOPATH/bin", report["lsp"]["label"])
        for name in ("GOPROXY", "GOSUMDB"):
            self.assertTrue(editor_value(report, name)["set"], name)
        model = report["editor_model"]
        self.assertEqual(model["go"]["why"], "default")
        self.assertEqual(model["path_prepended"], "/usr/local/go/bin")
        self.assertEqual(model["gopls_go"], USR_LOCAL_GO)
        self.assertIsNone(model["stopped"])
        text = self.i.run("doctor", "--offline", "--no-lsp").stdout
        self.assertIn("Go extension (GOROOT/bin /usr/local/go/bin put first: go was found by the Go extension's "
                      "default path /usr/local/go/bin/go", text)

    def test_activate_environment_false_leaves_gopls_without_go(self):
        # Measured on gopls v0.23.0: started without go on its PATH it loads nothing and says
        # "go command required, not found: exec: "go": executable file not found in $PATH".
        self.i.settings({"go.terminal.activateEnvironment": False})
        code, report = self.i.doctor()
        roots = errors(report)
        self.assertEqual([f["id"] for f in roots], ["editor.gopls.no-go"], json.dumps(report["findings"], indent=1))
        self.assertEqual(code, 1)
        cause = roots[0]
        self.assertIn('"go.terminal.activateEnvironment": false', cause["message"])
        self.assertIn("settings.json:2", json.dumps(cause["fixes"]))
        shown = [f for f in report["findings"] if f["id"].startswith("lsp.") and f["severity"] != "info"]
        self.assertTrue(shown, "the real gopls reports the failed load")
        for f in shown:
            self.assertEqual(f.get("caused_by", {}).get("id"), "editor.gopls.no-go", f)
        self.assertTrue(any("go command required, not found" in f["message"] for f in shown), shown)

    def test_usr_local_bin_link_is_found_on_path(self):
        self.need_namespace()
        self.i.ns_setup += ["mount -t tmpfs tmpfs /usr/local/bin", f"ln -s {USR_LOCAL_GO} /usr/local/bin/go"]
        code, report = self.i.doctor()
        self.assert_healthy(code, report)
        go_rows = [t for t in tool_rows(report, "go") if t["detail"].startswith("editor:")]
        self.assertEqual(go_rows[0]["path"], "/usr/local/bin/go")
        self.assertEqual(go_rows[0]["detail"], "editor: found by PATH")
        self.assertNotEqual(editor_value(report, "PATH")["source_kind"], "Go extension")

    def test_go_only_in_goroot_setting(self):
        self.need_namespace()
        goroot = self.i.hide_usr_local_go()
        self.i.env["PATH"] = f"{goroot}/bin:{self.i.home}/go/bin:/usr/bin:/bin"
        self.i.write("home/.bashrc", f"export PATH={goroot}/bin:$HOME/go/bin:$PATH\n")
        self.i.settings({"go.goroot": goroot})
        code, report = self.i.doctor()
        self.assert_healthy(code, report)
        go_rows = [t for t in tool_rows(report, "go") if t["detail"].startswith("editor:")]
        self.assertEqual(go_rows[0]["path"], f"{goroot}/bin/go")
        self.assertIn(f"found by go.goroot/bin {goroot}/bin", go_rows[0]["detail"])
        self.assertTrue(editor_value(report, "PATH")["value"].startswith(f"{goroot}/bin:"))
        self.assertEqual(editor_value(report, "GOROOT")["source_kind"], "go.goroot")

    def test_terminal_exports_do_not_leak_into_the_editor(self):
        self.i.env["GOWORK"] = "off"
        self.i.env["GOFLAGS"] = "-mod=mod"
        self.i.env["SSH_AUTH_SOCK"] = "/tmp/agent.sock"
        p = self.i.run("env", "--format", "json", "GOWORK", "GOFLAGS")
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = {r["name"]: r for r in json.loads(p.stdout)["variables"]}
        self.assertEqual(rows["GOWORK"]["terminal"]["value"], "off")
        self.assertNotEqual(rows["GOWORK"]["editor"]["value"], "off")
        self.assertEqual(rows["GOFLAGS"]["terminal"]["value"], "-mod=mod")
        self.assertNotEqual(rows["GOFLAGS"]["editor"]["value"], "-mod=mod")
        self.assertTrue(rows["GOFLAGS"]["differs"])
        notes = json.loads(p.stdout)["notes"]
        self.assertTrue(any("a minimal desktop environment" in n or "systemd user manager" in n for n in notes), notes)
        # Started with `code .` from this terminal, VS Code inherits it all.
        p = self.i.run("env", "--format", "json", "--from-terminal", "GOWORK", "GOFLAGS")
        rows = {r["name"]: r for r in json.loads(p.stdout)["variables"]}
        self.assertEqual(rows["GOWORK"]["editor"]["value"], "off")
        self.assertEqual(rows["GOFLAGS"]["editor"]["value"], "-mod=mod")

    def test_editor_go_that_cannot_run_is_one_root_cause(self):
        broken = self.i.write("home/broken/go", "#!/bin/sh\necho 'go: cannot find GOROOT directory: /nonexistent' >&2\n"
                              "exit 2\n", mode=0o755)
        self.i.settings({"go.alternateTools": {"go": broken}})
        code, report = self.i.doctor()
        roots = errors(report)
        self.assertEqual([f["id"] for f in roots], ["env.go-env.failed"], json.dumps(report["findings"], indent=1))
        self.assertEqual(roots[0]["side"], "editor")
        self.assertIn("cannot find GOROOT directory", roots[0]["message"])
        self.assertEqual([c["id"] for c in roots[0]["consequences"]], ["editor.gopls.not-started"])
        self.assertEqual(code, 1)
        self.assertIsNone(report.get("lsp"))
        for f in report["findings"]:
            if f.get("side") == "editor":
                self.assertFalse(f["id"].startswith(("proxy.", "sumdb.", "pattern.", "toolchain.")), f)
        self.assertIn("unknown", editor_value(report, "GOPROXY"))
        self.assertFalse(editor_value(report, "GOPROXY")["set"])
        self.assertTrue(any(n.startswith("editor: ") and "unknown" in n for n in report["notes"]), report["notes"])
        text = self.i.run("doctor", "--offline", "--no-lsp").stdout
        self.assertIn("because of this:", text)
        self.assertIn("editor.gopls.not-started", text)
        self.assertIn("1 error,", text)

    def test_no_go_anywhere_for_the_editor(self):
        self.need_namespace()
        goroot = self.i.hide_usr_local_go()
        self.i.env["PATH"] = f"{goroot}/bin:{self.i.home}/go/bin:/usr/bin:/bin"
        self.i.write("home/.bashrc", f"export PATH={goroot}/bin:$HOME/go/bin:$PATH\n")
        code, report = self.i.doctor()
        roots = errors(report)
        self.assertEqual([f["id"] for f in roots], ["env.go.missing"], json.dumps(report["findings"], indent=1))
        self.assertEqual(roots[0]["side"], "editor")
        self.assertIn("/usr/local/go/bin/go", roots[0]["message"])  # where the extension looked
        self.assertEqual([c["id"] for c in roots[0]["consequences"]], ["editor.gopls.not-started"])
        for f in report["findings"]:
            self.assertFalse(f.get("side") == "editor" and f["id"].startswith(("proxy.", "sumdb.")), f)
        p = self.i.run("lsp", "probe")
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("the editor would not start gopls: the Go extension finds no go", p.stdout)
        self.assertNotIn("go install golang.org/x/tools/gopls", p.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)

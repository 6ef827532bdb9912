#!/usr/bin/env python3
"""`godiag problems` against the real pinned gopls and the real go command (issue 11).

Each scenario builds a small workspace and VS Code user settings in a temporary HOME, shows
its premise first with the real tools and without godiag (gopls, run with the editor's
difference, reports the problem; `go build ./...` in the terminal does not), then checks that
godiag finds the problem, says who sees it, and names its cause with the cause's source and a
reproducing command. The editor is modelled as started from this terminal (--from-terminal),
so the only editor/terminal differences are the scenario's settings.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

GODIAG = os.environ.get("GODIAG_BIN") or (sys.argv.pop(1) if len(sys.argv) > 1 else "build/debug/godiag")
GOPLS = os.environ.get("GODIAG_GOPLS", "")
IN_CI = os.environ.get("CI") == "true"
GO = shutil.which("go") or "/usr/local/go/bin/go"

SHARED = tempfile.mkdtemp(prefix="godiag-problems-cache-")  # GOCACHE and gopls's cache, warm across scenarios


class Workspace:
    def __init__(self, name, go_line="1.26"):
        self.root = tempfile.mkdtemp(prefix=f"godiag-problems-{name}-")
        self.home = os.path.join(self.root, "home")
        self.ws = os.path.join(self.home, "ws")
        os.makedirs(os.path.join(self.home, "go", "bin"))
        os.makedirs(self.ws)
        shutil.copy(GOPLS, os.path.join(self.home, "go", "bin", "gopls"))
        self.write("go.mod", f"module example.com/ws\n\ngo {go_line}\n")
        go_bin = os.path.dirname(os.path.realpath(GO))
        self.env = {"HOME": self.home, "PATH": f"{go_bin}:{self.home}/go/bin:/usr/bin:/bin", "SHELL": "/bin/sh",
                    "GOTOOLCHAIN": "local", "GOCACHE": os.path.join(SHARED, "gocache"), "GOFLAGS": "-buildvcs=false",
                    "GOPLSCACHE": os.path.join(SHARED, "gopls"), "GOPATH": os.path.join(self.home, "go"),
                    "GOMODCACHE": os.path.join(SHARED, "mod"), "GOPROXY": "off", "GOSUMDB": "off",
                    "NO_COLOR": "1", "TERM": "dumb", "LANG": "C.UTF-8"}

    def write(self, rel, text):
        path = os.path.join(self.ws, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def settings(self, obj):
        path = os.path.join(self.home, ".config", "Code", "User", "settings.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(json.dumps(obj, indent=2) + "\n")

    def go(self, *args, extra=None):
        env = dict(self.env, **(extra or {}))
        return subprocess.run([GO, *args], cwd=self.ws, env=env, capture_output=True, text=True, timeout=300)

    def gopls_check(self, rel, extra=None):
        """The premise on the editor's side: the real gopls, with the editor's difference, reports it."""
        env = dict(self.env, **(extra or {}))
        p = subprocess.run([GOPLS, "check", "-severity=hint", os.path.join(self.ws, rel)], cwd=self.ws, env=env,
                           capture_output=True, text=True, timeout=300)
        return p.stdout + p.stderr

    def problems(self, *extra):
        p = subprocess.run([os.path.abspath(GODIAG), "problems", "--from-terminal", "--format", "json", *extra],
                           cwd=self.ws, env=self.env, capture_output=True, text=True, timeout=600)
        try:
            return p.returncode, json.loads(p.stdout), p.stderr
        except json.JSONDecodeError as e:
            raise AssertionError(f"not JSON ({e}): stdout={p.stdout[:2000]!r} stderr={p.stderr[-2000:]!r}")

    def text(self, *extra):
        p = subprocess.run([os.path.abspath(GODIAG), "problems", "--from-terminal", *extra], cwd=self.ws, env=self.env,
                           capture_output=True, text=True, timeout=600)
        return p.returncode, p.stdout


def problem(report, needle, seen_by=None):
    for p in report["problems"]["problems"]:
        if needle in p["message"] and (seen_by is None or p["seen_by"] == seen_by):
            return p
    raise AssertionError(f"no problem with {needle!r} (seen by {seen_by}) in "
                         + json.dumps(report["problems"]["problems"], indent=1)[:4000])


def finding(report, rule_id):
    found = [f for f in report["findings"] if f["id"] == rule_id]
    if not found:
        raise AssertionError(f"no {rule_id} in " + json.dumps([(f["id"], f["message"]) for f in report["findings"]], indent=1))
    return found[0]


def editor_only(report):
    return [p for p in report["problems"]["problems"] if p["seen_by"] == "editor"]


@unittest.skipUnless(GOPLS and os.path.exists(GOPLS) or IN_CI, "set GODIAG_GOPLS to the pinned gopls (scripts/setup.sh --test)")
class ProblemsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not GOPLS or not os.path.exists(GOPLS):
            raise AssertionError("GODIAG_GOPLS is missing in CI: scripts/setup.sh --test installs it")

    def assert_terminal_clean(self, w, needle):
        b = w.go("build", "./...")
        self.assertEqual(b.returncode, 0, b.stderr)
        self.assertNotIn(needle, b.stderr)

    def test_goos_in_tools_env_vars(self):
        w = Workspace("goos")
        w.write("main.go", "package main\n\nimport \"syscall\"\n\nfunc main() {\n\t_ = syscall.Kill(1, 0)\n}\n")
        w.settings({"go.toolsEnvVars": {"GOOS": "windows"}})
        self.assert_terminal_clean(w, "syscall.Kill")
        self.assertIn("undefined: syscall.Kill", w.gopls_check("main.go", {"GOOS": "windows"}))
        rc, r, err = w.problems()
        p = problem(r, "undefined: syscall.Kill", "editor")
        self.assertEqual((p["line"], p["column"]), (6, 14))
        self.assertEqual(p["cause"]["kind"], "env")
        self.assertEqual(p["cause"]["name"], "GOOS")
        self.assertEqual(p["cause"]["value"], "windows")
        self.assertIn("settings.json:3", p["cause"]["source"])  # the line of "GOOS"
        self.assertEqual(p["cause"]["command"], "GOOS=windows go build .")
        self.assertTrue(p["cause"]["confirmed"])
        f = finding(r, "problems.editor.env")
        self.assertEqual(f["severity"], "error")
        self.assertIn("undefined: syscall.Kill", json.dumps(f["evidence"]))
        self.assertEqual(rc, 1)
        rc, text = w.text()
        self.assertIn("main.go:6:14: undefined: syscall.Kill", text)
        self.assertIn("reproduce: GOOS=windows go build .", text)

    def test_tag_in_build_flags(self):
        w = Workspace("tags")
        w.write("main.go", "package main\n\nfunc main() {}\n")
        w.write("tags/extra.go", "//go:build integration\n\npackage tags\n\nfunc F() {\n\tundefinedThing()\n}\n")
        w.write("tags/ok.go", "package tags\n")
        w.settings({"gopls": {"build.buildFlags": ["-tags=integration"]}})
        self.assert_terminal_clean(w, "undefinedThing")
        self.assertIn("undefined: undefinedThing", w.gopls_check("tags/extra.go", {"GOFLAGS": "-tags=integration"}))
        rc, r, _ = w.problems()
        p = problem(r, "undefined: undefinedThing", "editor")
        self.assertEqual(p["cause"]["kind"], "build-flag")
        self.assertEqual(p["cause"]["name"], "-tags=integration")
        self.assertIn("settings.json", p["cause"]["source"])
        self.assertEqual(p["cause"]["command"], "go build -tags=integration ./tags")
        self.assertTrue(p["cause"]["confirmed"])
        self.assertEqual(finding(r, "problems.editor.build-flags")["severity"], "error")

    def test_cgo_disabled_for_the_editor(self):
        if not shutil.which("gcc"):
            self.fail("gcc is needed for the cgo scenario") if IN_CI else self.skipTest("no gcc")
        w = Workspace("cgo")
        w.write("main.go", "package main\n\nfunc main() { println(Twice(2)) }\n")
        w.write("c.go", "package main\n\n// static int twice(int x) { return 2 * x; }\nimport \"C\"\n\n"
                        "func Twice(x int) int { return int(C.twice(C.int(x))) }\n")
        w.settings({"go.toolsEnvVars": {"CGO_ENABLED": "0"}})
        self.assert_terminal_clean(w, "Twice")
        self.assertIn("undefined: Twice", w.gopls_check("main.go", {"CGO_ENABLED": "0"}))
        rc, r, _ = w.problems()
        p = problem(r, "undefined: Twice", "editor")
        self.assertEqual((p["cause"]["kind"], p["cause"]["name"], p["cause"]["value"]), ("env", "CGO_ENABLED", "0"))
        self.assertEqual(p["cause"]["command"], "CGO_ENABLED=0 go build .")

    def test_mod_vendor_with_a_stale_vendor_folder(self):
        w = Workspace("vendor", go_line="1.13")
        w.write("go.mod", "module example.com/ws\n\ngo 1.13\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ./dep\n")
        w.write("dep/go.mod", "module example.com/dep\n\ngo 1.13\n")
        w.write("dep/dep.go", "package dep\n\nfunc X() int { return 1 }\n")
        w.write("main.go", "package main\n\nimport \"example.com/dep\"\n\nfunc main() { _ = dep.X() }\n")
        v = w.go("mod", "vendor")
        self.assertEqual(v.returncode, 0, v.stderr)
        w.write("go.mod", "module example.com/ws\n\ngo 1.13\n\nrequire example.com/dep v0.0.1\n\nreplace example.com/dep => ./dep\n")
        self.assert_terminal_clean(w, "vendoring")
        self.assertIn("inconsistent vendoring", w.go("build", "./...", extra={"GOFLAGS": "-mod=vendor"}).stderr)
        w.settings({"go.toolsEnvVars": {"GOFLAGS": "-mod=vendor"}})
        rc, r, _ = w.problems()
        p = problem(r, "nconsistent vendoring", "editor")
        self.assertEqual((p["cause"]["kind"], p["cause"]["name"]), ("env", "GOFLAGS"), json.dumps(p))
        self.assertIn("GOFLAGS=-mod=vendor go ", p["cause"]["command"])
        self.assertTrue(p["cause"]["confirmed"])

    def test_goproxy_off_and_a_module_missing_from_the_editors_cache(self):
        w = Workspace("offline")
        proxy = os.path.join(w.root, "proxy", "example.com", "lib", "@v")
        os.makedirs(proxy)
        with open(os.path.join(proxy, "list"), "w") as f:
            f.write("v1.0.0\n")
        with open(os.path.join(proxy, "v1.0.0.info"), "w") as f:
            f.write('{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}')
        with open(os.path.join(proxy, "v1.0.0.mod"), "w") as f:
            f.write("module example.com/lib\n\ngo 1.21\n")
        with zipfile.ZipFile(os.path.join(proxy, "v1.0.0.zip"), "w") as z:
            z.writestr("example.com/lib@v1.0.0/go.mod", "module example.com/lib\n\ngo 1.21\n")
            z.writestr("example.com/lib@v1.0.0/lib.go", "package lib\n\nfunc X() int { return 1 }\n")
        w.env["GOPROXY"] = "file://" + os.path.join(w.root, "proxy")
        w.env["GOMODCACHE"] = os.path.join(w.root, "terminal-mod")
        w.write("go.mod", "module example.com/ws\n\ngo 1.26\n\nrequire example.com/lib v1.0.0\n")
        w.write("main.go", "package main\n\nimport \"example.com/lib\"\n\nfunc main() { _ = lib.X() }\n")
        t = w.go("mod", "tidy")
        self.assertEqual(t.returncode, 0, t.stderr)
        empty = os.path.join(w.root, "editor-mod")
        os.makedirs(empty)
        w.settings({"go.toolsEnvVars": {"GOPROXY": "off", "GOMODCACHE": empty}})
        self.assert_terminal_clean(w, "lib")
        rc, r, _ = w.problems()
        p = problem(r, "could not import example.com/lib", "editor")
        self.assertEqual((p["cause"]["kind"], p["cause"]["name"], p["cause"]["value"]), ("env", "GOPROXY", "off"), json.dumps(p))
        self.assertIn("module lookup disabled by GOPROXY=off", p["cause"]["detail"])
        self.assertIn("settings.json:3", p["cause"]["source"])
        downloaded = [os.path.join(d, f) for d, _, files in os.walk(empty) for f in files
                      if not f.endswith(".lock")]  # the go command locks before it finds GOPROXY=off
        self.assertEqual(downloaded, [], "the experiments must not download into the editor's module cache")

    def test_analyzer_only_warning_is_analysis(self):
        w = Workspace("analysis")
        w.write("main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { _ = fmt.Sprintf(\"constant\") }\n\n"
                           "func unusedHelper() {}\n")
        self.assert_terminal_clean(w, "Sprintf")
        self.assertIn("unnecessary use of fmt.Sprintf", w.gopls_check("main.go"))
        rc, r, _ = w.problems()
        p = problem(r, "unnecessary use of fmt.Sprintf", "editor")
        self.assertEqual(p["cause"]["kind"], "analysis")
        self.assertEqual(p["severity"], "warning")
        f = finding(r, "problems.editor.analysis")
        self.assertIn(f["severity"], ("warning", "info"))
        self.assertEqual(rc, 0, "analysis is never an error")

    def test_test_file_only_errors(self):
        w = Workspace("tests")
        w.write("tst/t.go", "package tst\n\nfunc Greet(s string) string { return s }\n")
        w.write("tst/tst_test.go", "package tst\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {\n"
                                   "\tvar x int = Greet(\"x\")\n\t_ = x\n\t_ = undefinedInTest\n}\n")
        self.assert_terminal_clean(w, "Greet")
        self.assertIn("undefinedInTest", w.gopls_check("tst/tst_test.go"))
        rc, r, _ = w.problems()
        first = problem(r, "cannot use Greet(\"x\")")
        self.assertEqual(first["seen_by"], "both")  # go vet prints the first type error
        self.assertEqual(first["cause"]["kind"], "test-file")
        second = problem(r, "undefined: undefinedInTest", "editor")
        self.assertEqual(second["cause"]["kind"], "test-file")
        self.assertIn("go build does not compile tests", finding(r, "problems.editor.test-file")["message"])

    def test_terminal_only_missing_function_body(self):
        w = Workspace("nobody")
        w.write("nobody/asm.go", "package nobody\n\nfunc external() int\n")
        b = w.go("build", "./...")
        self.assertIn("missing function body", b.stderr)
        self.assertNotIn("missing function body", w.gopls_check("nobody/asm.go"))
        rc, r, _ = w.problems()
        p = problem(r, "missing function body", "terminal")
        self.assertEqual(p["cause"]["kind"], "compiler-only")
        self.assertEqual((p["line"], p["column"]), (3, 6))
        self.assertIn("go/types", finding(r, "problems.terminal-only")["message"])

    def test_healthy_workspace_has_no_editor_only_problem(self):
        w = Workspace("healthy")
        w.write("main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n")
        w.write("lib/lib.go", "package lib\n\n// Add adds.\nfunc Add(a, b int) int { return a + b }\n")
        w.write("lib/lib_test.go", "package lib\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n"
                                   "\tif Add(1, 2) != 3 {\n\t\tt.Fatal()\n\t}\n}\n")
        rc, r, _ = w.problems()
        self.assertEqual(r["problems"]["problems"], [], json.dumps(r["problems"], indent=1)[:3000])
        self.assertEqual([f["id"] for f in r["findings"]], [])
        self.assertEqual(rc, 0)
        self.assertTrue(r["problems"]["editor"]["done"])
        self.assertEqual(r["problems"]["files"]["opened"], 3)

    def test_real_module_from_the_module_cache(self):
        mod = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle", "go")
        cache = subprocess.run([GO, "env", "GOMODCACHE"], capture_output=True, text=True).stdout.strip()
        listed = subprocess.run([GO, "list", "-m", "-f", "{{.Dir}}", "golang.org/x/mod"], cwd=mod, capture_output=True,
                                text=True, env=dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off"))
        src = listed.stdout.strip()
        if listed.returncode != 0 or not os.path.isdir(src):
            msg = f"golang.org/x/mod is not in the module cache {cache}: {listed.stderr}"
            self.fail(msg) if IN_CI else self.skipTest(msg)
        w = Workspace("xmod")
        shutil.rmtree(w.ws)
        shutil.copytree(src, w.ws)
        for d, _, files in os.walk(w.ws):
            os.chmod(d, 0o755)
            for f in files:
                os.chmod(os.path.join(d, f), 0o644)
        w.env["GOMODCACHE"] = cache
        w.env["GOFLAGS"] = "-buildvcs=false -mod=mod"
        rc, r, err = w.problems()
        errors = [p for p in editor_only(r) if p["severity"] == "error"]
        self.assertEqual(errors, [], err[-2000:])
        self.assertFalse([f for f in r["findings"] if f["severity"] == "error"], json.dumps(r["findings"])[:3000])
        self.assertGreater(r["problems"]["files"]["opened"], 20)


if __name__ == "__main__":
    unittest.main(verbosity=2)

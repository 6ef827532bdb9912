#!/usr/bin/env python3
"""End-to-end tests: run the real godiag binary on scenarios built in temporary folders.

Each scenario gets a scrubbed environment (temporary HOME, PATH with only the real go and
/usr/bin:/bin, GOTOOLCHAIN=local so that nothing is downloaded), VS Code settings and go
env files written on the fly, and asserts findings and exit codes.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

GODIAG = os.environ.get("GODIAG_BIN") or (sys.argv.pop(1) if len(sys.argv) > 1 else "build/debug/godiag")
GO = shutil.which("go")
GOPLS = os.environ.get("GODIAG_GOPLS", "")
IN_CI = os.environ.get("CI") == "true"


class Scenario:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="godiag-e2e-")
        self.home = os.path.join(self.root, "home")
        self.ws = os.path.join(self.root, "ws")
        os.makedirs(self.home)
        os.makedirs(self.ws)
        go_bin = os.path.dirname(os.path.realpath(GO))
        self.env = {
            "HOME": self.home,
            "PATH": f"{go_bin}:/usr/bin:/bin",
            "SHELL": "/bin/sh",
            "TERM": "dumb",
            "NO_COLOR": "1",
            "GOTOOLCHAIN": "local",
            "GOFLAGS": "",
            "GOCACHE": os.path.join(self.root, "gocache"),
            "GOPATH": os.path.join(self.home, "go"),
            "LANG": "C.UTF-8",
        }

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text).lstrip("\n"))
        return path

    def gomod(self, body="module example.com/m\n\ngo 1.22\n", rel="ws/go.mod"):
        return self.write(rel, body)

    def install_gopls(self):
        if not GOPLS or not os.access(GOPLS, os.X_OK):
            return False
        bin_dir = os.path.join(self.home, "go", "bin")
        os.makedirs(bin_dir, exist_ok=True)
        os.symlink(GOPLS, os.path.join(bin_dir, "gopls"))
        return True

    def run(self, *args, cwd=None):
        p = subprocess.run([os.path.abspath(GODIAG), *args], cwd=cwd or self.ws, env=self.env,
                           capture_output=True, text=True, timeout=120)
        return p

    def doctor(self, *extra, lsp=False):
        flags = ["--offline"] if lsp else ["--offline", "--no-lsp"]
        p = self.run("doctor", *flags, "--format", "json", *extra)
        try:
            report = json.loads(p.stdout)
        except json.JSONDecodeError as e:
            raise AssertionError(f"not JSON ({e}): stdout={p.stdout!r} stderr={p.stderr!r}")
        return p.returncode, report

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def ids(report):
    return [f["id"] for f in report["findings"]]


def finding(report, rule_id):
    for f in report["findings"]:
        if f["id"] == rule_id:
            return f
    raise AssertionError(f"no {rule_id} in {ids(report)}")


class E2E(unittest.TestCase):
    def setUp(self):
        self.s = Scenario()

    def tearDown(self):
        self.s.cleanup()

    def test_healthy_workspace_has_no_error(self):
        self.need_gopls()
        code, report = self.s.doctor()
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        self.assertEqual(errors, [], json.dumps(errors, indent=1))
        self.assertEqual(code, 0)
        self.assertEqual(report["schema"], "godiag.report/1")
        self.assertEqual(report["summary"]["errors"], 0)
        tools = {t["name"]: t for t in report["tools"]}
        self.assertTrue(tools["gopls"]["path"].endswith("/go/bin/gopls"), tools["gopls"])

    def need_gopls(self):
        """A healthy module with the pinned gopls in GOPATH/bin; Go's PATH is exported in the
        login profile, so a GUI-launched editor gets it too."""
        if not self.s.install_gopls():
            if IN_CI:
                self.fail("GODIAG_GOPLS (the pinned gopls) is missing in CI")
            self.skipTest("pinned gopls not installed (run scripts/setup.sh --test)")
        self.s.gomod()
        self.s.write("ws/main.go", "package main\n\nfunc main() {}\n")
        self.s.write("home/.profile", f"export PATH={self.s.env['PATH']}\n")

    def test_doctor_probes_the_editors_gopls(self):
        self.need_gopls()
        code, report = self.s.doctor(lsp=True)
        self.assertEqual(code, 0, ids(report))
        phases = {p["name"]: p["status"] for p in report["lsp"]["phases"]}
        self.assertEqual(phases, {"spawn": "ok", "first byte": "ok", "initialize": "ok", "initialized": "ok",
                                  "shutdown": "ok", "exit": "ok"})
        self.assertEqual(report["lsp"]["server"]["name"], "gopls")
        # The workspace's files are opened by the problems run, not by the handshake probe.
        problems = report["problems"]
        self.assertEqual(problems["files"]["opened"], 1)
        self.assertTrue(problems["editor"]["done"])
        self.assertEqual(problems["problems"], [])

    def test_doctor_names_a_wrapper_that_writes_to_stdout(self):
        self.need_gopls()
        wrapper = self.s.write("home/bin/gopls-wrapper", f"""
            #!/bin/sh
            echo "gopls wrapper: starting"
            exec {GOPLS} "$@"
            """)
        os.chmod(wrapper, 0o755)
        self.s.write("home/.config/Code/User/settings.json", f'{{"go.alternateTools": {{"gopls": "{wrapper}"}}}}')
        code, report = self.s.doctor(lsp=True)
        f = finding(report, "lsp.framing.stdout-noise")
        self.assertIn("gopls wrapper: starting", f["message"])
        self.assertIn("go.alternateTools.gopls", [e["key"] for e in f["evidence"]])
        self.assertEqual(code, 1)

    def test_doctor_names_a_bad_language_server_flag(self):
        self.need_gopls()
        self.s.write("home/.config/Code/User/settings.json", '{"go.languageServerFlags": ["-no-such-flag"]}')
        code, report = self.s.doctor(lsp=True)
        f = finding(report, "lsp.server.exited")
        self.assertEqual(report["lsp"]["exit_code"], 2)
        self.assertIn("flag provided but not defined", f["message"])
        self.assertIn("go.languageServerFlags", [e["key"] for e in f["evidence"]])
        self.assertIn("go.languageServerFlags", f["fixes"][0]["description"])
        self.assertEqual(code, 1)

    def test_login_shell_without_go_is_what_a_gui_editor_gets(self):
        self.s.gomod()
        # /etc/profile resets PATH for a login shell; without ~/.profile the editor has no go.
        self.s.write("home/.profile", "export PATH=/usr/bin:/bin\n")
        code, report = self.s.doctor()
        if os.path.realpath(GO) == "/usr/local/go/bin/go":
            # VS Code's Go extension still finds it by its default path (editor_model_test.py has the rest).
            editor_go = [t for t in report["tools"] if t["name"] == "go" and t["detail"].startswith("editor:")]
            self.assertIn("the Go extension's default path /usr/local/go/bin/go", editor_go[0]["detail"])
        else:
            self.assertEqual(code, 1)
            self.assertEqual(finding(report, "env.go.missing")["subject"], "go (editor)")
        f = finding(report, "env.login-shell.differs")
        self.assertEqual(f["subject"], "PATH")
        self.assertIn("~/.profile", f["fixes"][0]["description"])

    def test_empty_goproxy_in_env_file_hides_default(self):
        self.s.gomod()
        self.s.write("home/.config/go/env", "GOPROXY=\n")
        code, report = self.s.doctor()
        self.assertEqual(code, 1)
        f = finding(report, "env.file.empty-hides-default")
        self.assertEqual(f["severity"], "error")
        self.assertIn("GOPROXY", f["subject"])
        self.assertEqual(f["evidence"][0]["location"], os.path.join(self.s.home, ".config/go/env") + ":1")
        self.assertIn("go env -u GOPROXY", [x.get("command") for x in f["fixes"]])
        self.assertIn("proxy.list.empty", ids(report))

    def test_direct_plus_https_is_rejected_with_gos_text(self):
        self.s.gomod()
        self.s.env["GOPROXY"] = "direct+https://proxy.corp.example"
        code, report = self.s.doctor()
        self.assertEqual(code, 1)
        f = finding(report, "proxy.list.invalid-entry")
        self.assertIn("invalid proxy URL scheme (must be https, http, file): direct+https://proxy.corp.example",
                      f["message"])
        self.assertEqual(f["fixes"][0]["command"], "export GOPROXY=https://proxy.corp.example,direct")

    def test_entries_after_direct_are_reported(self):
        self.s.gomod()
        self.s.env["GOPROXY"] = "https://a.example,direct,https://b.example"
        _, report = self.s.doctor()
        f = finding(report, "proxy.list.ignored-entries")
        self.assertIn('"https://b.example"', f["message"])

    def test_sumdb_settings(self):
        self.s.gomod()
        self.s.env["GOSUMDB"] = "on"
        code, report = self.s.doctor()
        self.assertEqual(code, 1)
        self.assertIn("invalid GOSUMDB: malformed verifier id", finding(report, "sumdb.config.invalid")["message"])
        self.s.env["GOSUMDB"] = "off"
        code, report = self.s.doctor("--fail-on", "warning")
        self.assertEqual(code, 1)
        self.assertEqual(finding(report, "sumdb.config.off")["severity"], "warning")

    def test_spaces_in_goprivate_and_private_route(self):
        self.s.gomod("module example.com/m\n\ngo 1.22\n\nrequire git.corp.example/lib v1.0.0\n")
        self.s.env["GOPRIVATE"] = "*.corp.example, other.example"
        _, report = self.s.doctor()
        f = finding(report, "pattern.list.space")
        self.assertIn('" other.example"', f["message"])
        p = self.s.run("route", "--format", "json", "git.corp.example/lib@v1.0.0", "rsc.io/quote@v1.5.2")
        self.assertEqual(p.returncode, 0, p.stderr)
        mods = json.loads(p.stdout)["modules"]
        self.assertEqual(mods[0]["matched"]["GOPRIVATE"], "*.corp.example")
        self.assertIsNone(mods[0]["checksum_db"])
        self.assertTrue(mods[0]["direct"])
        self.assertEqual(mods[1]["checksum_db"], "sum.golang.org")
        self.assertIsNone(mods[1]["matched"]["GOPRIVATE"])

    def test_go_line_newer_than_local_with_gotoolchain_local(self):
        self.s.gomod("module example.com/m\n\ngo 1.999\n")
        code, report = self.s.doctor()
        self.assertEqual(code, 1)
        f = finding(report, "toolchain.go-line.too-new")
        self.assertIn("go.mod requires go >= 1.999 (running go ", f["message"])
        self.assertIn("GOTOOLCHAIN=local)", f["message"])

    def test_vscode_settings_with_comments_trailing_commas_and_blog_keys(self):
        self.s.gomod()
        self.s.write("home/.config/Code/User/settings.json", """
            {
              // user settings
              "go.goplsInitializeTimeout": 30,
              "go.toolsEnvVars": {
                "GOPROXY": "https://proxy.corp.example,direct", /* trailing comma next */
              },
            }
            """)
        _, report = self.s.doctor()
        f = finding(report, "editor.settings.unknown-key")
        self.assertEqual(f["subject"], "go.goplsInitializeTimeout")
        self.assertTrue(f["evidence"][0]["location"].endswith("Code/User/settings.json:3"), f["evidence"])
        d = finding(report, "env.editor.differs")
        self.assertEqual(d["subject"], "GOPROXY")
        self.assertIn("go.toolsEnvVars", d["message"])
        p = self.s.run("env", "--format", "json", "GOPROXY")
        rows = json.loads(p.stdout)["variables"]
        self.assertEqual(rows[0]["editor"]["value"], "https://proxy.corp.example,direct")
        self.assertEqual(rows[0]["editor"]["source_kind"], "go.toolsEnvVars")
        self.assertTrue(rows[0]["differs"])

    def test_several_modules_without_gowork(self):
        self.s.gomod("module example.com/a\n\ngo 1.22\n", rel="ws/a/go.mod")
        self.s.gomod("module example.com/b\n\ngo 1.22\n", rel="ws/b/go.mod")
        _, report = self.s.doctor()
        self.assertIn("go work init", json.dumps(finding(report, "workspace.multi-module.no-gowork")["fixes"]))

    def test_goflags_rejected(self):
        self.s.gomod()
        self.s.env["GOFLAGS"] = "-notaflag=1"
        code, report = self.s.doctor()
        self.assertEqual(code, 1)
        self.assertIn('go: parsing $GOFLAGS: unknown flag -notaflag', finding(report, "goflags.invalid")["message"])

    def test_credentials_never_printed(self):
        self.s.gomod()
        self.s.env["GOPROXY"] = "https://alice:s3cr3t-token@proxy.corp.example,off,https://x"
        for fmt in ("text", "json", "markdown", "sarif"):
            p = self.s.run("doctor", "--offline", "--no-lsp", "-v", "--format", fmt)
            self.assertNotIn("s3cr3t", p.stdout + p.stderr, fmt)
        p = self.s.run("env", "-v")
        self.assertNotIn("s3cr3t", p.stdout)

    def test_usage_errors_and_help(self):
        p = self.s.run("--formt", "json")
        self.assertEqual(p.returncode, 2)
        self.assertIn("unknown flag --formt; did you mean --format?", p.stderr)
        p = self.s.run("evn")
        self.assertEqual(p.returncode, 2)
        self.assertIn('did you mean the command "env"?', p.stderr)
        p = self.s.run("--help")
        self.assertEqual(p.returncode, 0)
        self.assertIn("Exit codes:", p.stdout)
        self.assertIn("3  godiag itself failed", p.stdout)
        p = self.s.run("help", "route")
        self.assertIn("Usage: godiag route", p.stdout)
        p = self.s.run("--version")
        self.assertRegex(p.stdout, r"^godiag \d+\.\d+\.\d+\n$")

    def test_rules_catalogue(self):
        p = self.s.run("rules", "--format", "json")
        rules = json.loads(p.stdout)["rules"]
        rule_ids = [r["id"] for r in rules]
        self.assertEqual(len(rule_ids), len(set(rule_ids)))
        for r in rules:
            for key in ("what", "why", "fix"):
                self.assertTrue(r[key], f"{r['id']} has no {key}")
        p = self.s.run("rules", "proxy.list.invalid-entry")
        self.assertEqual(p.returncode, 0)
        self.assertIn("proxy.list.invalid-entry", p.stdout)
        # The ids the LSP probe issue names are public API.
        for rule_id in ("lsp.framing.stdout-noise", "lsp.framing.lf-only", "lsp.framing.content-length-missing",
                        "lsp.framing.content-length-invalid", "lsp.framing.content-length-mismatch",
                        "lsp.framing.truncated", "lsp.framing.bom", "lsp.framing.charset", "lsp.framing.header-case",
                        "lsp.json.invalid", "lsp.jsonrpc.id-type", "lsp.jsonrpc.unknown-id", "lsp.server.exited",
                        "lsp.server.start-failed", "lsp.initialize.timeout", "lsp.initialize.error",
                        "lsp.shutdown.bad-exit"):
            self.assertIn(rule_id, rule_ids)

    def test_docs_rules_md_is_current(self):
        p = self.s.run("rules", "--format", "markdown")
        root = os.environ.get("GODIAG_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
        with open(os.path.join(root, "docs", "rules.md")) as f:
            self.assertEqual(p.stdout, f.read(), "regenerate: godiag rules --format markdown > docs/rules.md")


if __name__ == "__main__":
    if GO is None:
        print("e2e: the go command is required", file=sys.stderr)
        sys.exit(1)
    unittest.main(verbosity=2)

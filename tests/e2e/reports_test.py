#!/usr/bin/env python3
"""Real user reports, recreated: each test builds the reporter's setup in a temporary HOME,
checks the premise with the real go command first (the setup fails as the report says),
then runs `godiag doctor` and asserts that the finding names the true cause with its
source and the maintainer's fix, and that no unrelated error appears.

The reports come from tests/e2e/reports/CATALOGUE.md (R-numbers); the ones not recreated
here say why there. Peers: the go command and the pinned gopls (scripts/setup.sh --test),
so that the base setup is healthy; with CI=true a missing gopls is a failure.

Usage: reports_test.py GODIAG
"""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_test  # noqa: E402  (Scenario: scrubbed environment, temporary HOME)

Scenario = e2e_test.Scenario
PRIVATE = "example.test/corp/lib@v1.0.0"


class Report(unittest.TestCase):
    def setUp(self):
        self.s = Scenario()
        if not self.s.install_gopls():
            if e2e_test.IN_CI:
                self.fail("GODIAG_GOPLS (the pinned gopls) is missing in CI")
            self.skipTest("pinned gopls not installed (run scripts/setup.sh --test)")
        self.s.gomod()
        self.s.write("ws/main.go", "package main\n\nfunc main() {}\n")
        # An editor started from the desktop gets Go's PATH through the login profile.
        self.s.write("home/.profile", f"export PATH={self.s.env['PATH']}\n")

    def tearDown(self):
        self.s.cleanup()

    # -- helpers ---------------------------------------------------------------------

    def go(self, *args, env=None):
        """The real go command in the scenario's environment (plus `env`): (exit, stderr)."""
        e = dict(self.s.env, GOFLAGS="-mod=mod", **(env or {}))
        p = subprocess.run([e2e_test.GO, *args], cwd=self.s.ws, env=e, capture_output=True, text=True, timeout=60)
        return p.returncode, p.stderr

    def go_env(self, name):
        p = subprocess.run([e2e_test.GO, "env", name], cwd=self.s.ws, env=self.s.env, capture_output=True, text=True,
                           timeout=60)
        return p.stdout.strip()

    def export(self, **env):
        """Set variables in the terminal and in the login profile (so both sides have them)."""
        self.s.env.update(env)
        with open(os.path.join(self.s.home, ".profile"), "a") as f:
            for k, v in env.items():
                f.write(f"export {k}='{v}'\n")

    def doctor(self):
        code, report = self.s.doctor()
        self.report = report
        return code, report

    def cause(self, rule_id, *contains, consequences=()):
        """The finding `rule_id`, whose message contains each string; every other error must
        be one of `consequences` (a false alarm in a recreated report is a failure too)."""
        found = [f for f in self.report["findings"] if f["id"] == rule_id]
        self.assertTrue(found, f"no {rule_id}; findings: {[(f['id'], f['message']) for f in self.report['findings']]}")
        f = found[0]
        text = f["message"] + " " + json.dumps(f.get("fixes", [])) + " " + json.dumps(f.get("evidence", []))
        for c in contains:
            self.assertIn(c, text, json.dumps(f, indent=1))
        others = [(g["id"], g["message"]) for g in self.report["findings"]
                  if g["severity"] == "error" and g["id"] != rule_id and g["id"] not in consequences]
        self.assertEqual(others, [], "unrelated errors")
        return f

    # -- private modules and their patterns -------------------------------------------

    def test_r01_go48513_trailing_slash_in_goprivate_is_fine_today(self):
        """golang/go#48513: GOPRIVATE=github.com/zeals-co-ltd/ matched nothing in 2021. The
        go command has trimmed one trailing slash since (x/mod MatchPrefixPatterns), so today
        the same value works: godiag must not report it."""
        self.export(GOPRIVATE="example.test/corp/", GOPROXY="off")
        code, err = self.go("mod", "download", PRIVATE)
        self.assertNotIn("module lookup disabled by GOPROXY=off", err, "premise: the module is private today")
        self.doctor()
        ids = [f["id"] for f in self.report["findings"]]
        self.assertFalse([i for i in ids if i.startswith("pattern.")], ids)

    def test_r36_istio_test_infra_3278_space_after_comma_in_goprivate(self):
        """istio/test-infra#3278: GOPRIVATE "github.com/envoyproxy/go-control-plane, istio.io/api"."""
        self.export(GOPRIVATE="example.test/other, example.test/corp", GOPROXY="off")
        _, err = self.go("mod", "download", PRIVATE)
        self.assertIn("module lookup disabled by GOPROXY=off", err, "premise: the spaced pattern matches nothing")
        self.doctor()
        f = self.cause("pattern.list.space", '" example.test/corp"', "GOPRIVATE=example.test/other,example.test/corp",
                       consequences={"proxy.list.off"})
        self.assertEqual(f["severity"], "warning")

    def test_class_goprivate_with_a_url_scheme_matches_nothing(self):
        """Not one report but the class the catalogue proposes (pattern.list.not-a-module-path):
        a pattern written as a URL, GOPRIVATE=https://example.test/corp, matches nothing."""
        self.export(GOPRIVATE="https://example.test/corp", GOPROXY="off")
        _, err = self.go("mod", "download", PRIVATE)
        self.assertIn("module lookup disabled by GOPROXY=off", err, "premise: a URL pattern matches nothing")
        self.doctor()
        self.cause("pattern.list.not-a-path", 'a URL scheme ("https://")', "GOPRIVATE=example.test/corp",
                   consequences={"proxy.list.off"})

    def test_r30_athens_2056_gonosum_is_not_a_go_variable(self):
        """gomods/athens#2056: Athens' home page told users to set GONOSUM (it is GONOSUMDB)."""
        self.export(GONOSUM="example.test/corp")
        self.assertEqual(self.go_env("GONOSUMDB"), "", "premise: the go command ignores GONOSUM")
        self.doctor()
        f = self.cause("env.variable.misspelled", "GONOSUM is set", "did you mean GONOSUMDB?", "GONOSUMDB stays unset")
        self.assertEqual(f["severity"], "warning")

    def test_r27_goproxyio_goproxy_59_set_export_goproxy_on_windows(self):
        """goproxyio/goproxy#59: cmd.exe's `set export GOPROXY=https://goproxy.io` defines a
        variable named "export GOPROXY"; GOPROXY itself stays unset."""
        self.s.env["export GOPROXY"] = "http://127.0.0.1:9"
        self.assertEqual(self.go_env("GOPROXY"), "https://proxy.golang.org,direct", "premise: GOPROXY keeps its default")
        self.doctor()
        self.cause("env.variable.misspelled", "export GOPROXY is set", "did you mean GOPROXY?")

    # -- toolchains and GOROOT --------------------------------------------------------

    def test_r21_go66175_gotoolchain_names_a_language_version(self):
        """golang/go#66175: GOTOOLCHAIN=go1.22 -> "download go1.22 for darwin/arm64: toolchain not available"."""
        self.export(GOTOOLCHAIN="go1.22")
        code, err = self.go("version", env={"GOPROXY": "off"})
        self.assertNotEqual(code, 0)
        self.assertIn("go1.22 is a language version but not a toolchain version", err, "premise")
        self.doctor()
        self.cause("toolchain.gotoolchain.language-version", "GOTOOLCHAIN=go1.22", "GOTOOLCHAIN=go1.22.0",
                   consequences={"env.go-env.failed", "editor.gopls.not-started", "tools.gopls.missing"})

    def test_r23_stash_6887_go_line_newer_than_local_go_with_gotoolchain_local(self):
        """stashapp/stash#6887: "go: go.mod requires go >= 1.25.0 (running go 1.24.3; GOTOOLCHAIN=local)"."""
        self.s.gomod("module example.com/m\n\ngo 1.99.0\n")
        code, err = self.go("list", "./...")
        self.assertIn("go.mod requires go >= 1.99.0", err, "premise")
        self.doctor()
        self.cause("toolchain.go-line.too-new", "go.mod:3 needs go1.99.0", "GOTOOLCHAIN=local", "GOTOOLCHAIN=auto",
                   consequences={"env.go-env.failed"})

    def test_r15_fabric_971_goroot_is_the_go_binary(self):
        """danielmiessler/Fabric#971: export GOROOT="/opt/homebrew/bin/go" -> "go: cannot find GOROOT directory"."""
        goroot = os.path.join(os.path.dirname(os.path.realpath(e2e_test.GO)))  # .../bin
        self.export(GOROOT=os.path.join(goroot, "go"))
        code, err = self.go("version")
        self.assertIn("cannot find GOROOT directory", err, "premise")
        self.doctor()
        self.cause("goroot.invalid", "It names the go binary or its bin directory", "Unset GOROOT",
                   consequences={"env.go-env.failed", "tools.gopls.missing", "editor.gopls.not-started"})

    def test_r14_vscode_go_1501_go_goroot_is_the_go_binary(self):
        """golang/vscode-go#1501: "go.goroot": "/usr/local/go/bin/go"."""
        self.s.write("ws/.vscode/settings.json", json.dumps({"go.goroot": os.path.realpath(e2e_test.GO)}))
        self.doctor()
        self.cause("editor.goroot.missing", "It names the go binary", "settings.json:1")

    # -- the editor's settings --------------------------------------------------------

    def test_r37_vscode_go_1525_home_not_expanded_in_alternate_tools(self):
        """golang/vscode-go#1525: "go.alternateTools": {"go": "$HOME/work/go/bin/go"}."""
        sdk = os.path.join(self.s.home, "sdk", "go", "bin")
        os.makedirs(sdk)
        os.symlink(os.path.realpath(e2e_test.GO), os.path.join(sdk, "go"))
        self.s.write("ws/.vscode/settings.json", json.dumps({"go.alternateTools": {"go": "$HOME/sdk/go/bin/go"}}))
        self.doctor()
        self.cause("editor.alternate-tools.missing", "not environment variables such as $HOME",
                   'literally named "$HOME/sdk/go/bin/go"',
                   consequences={"env.go.missing", "editor.gopls.not-started"})

    def test_r38_vscode_go_784_home_not_expanded_in_tools_gopath(self):
        """microsoft/vscode-go#784: "go.toolsGopath": "$HOME/workspace/gotools" -> "go: GOPATH entry is
        relative; must be absolute path"."""
        code, err = self.go("env", "GOPATH", env={"GOPATH": "$HOME/gotools"})
        self.assertIn("GOPATH entry is relative; must be absolute path", err, "premise")
        self.s.write("ws/.vscode/settings.json", json.dumps({"go.toolsGopath": "$HOME/gotools"}))
        self.doctor()
        self.cause("editor.settings.unexpanded-variable", "go.toolsGopath is \"$HOME/gotools\"", "not $HOME",
                   "settings.json:1")

    def test_r31_kanagawa_15_nested_gopls_ui_object(self):
        """barklan/kanagawa.vscode#15: "gopls": {"ui": {"semanticTokens": true}} -> gopls "Invalid
        settings: unexpected gopls setting \\"ui\\""."""
        self.s.write("ws/.vscode/settings.json", json.dumps({"gopls": {"ui": {"semanticTokens": True}}}))
        self.doctor()
        self.cause("editor.settings.unknown-key", "gopls.ui", "settings.json:1")

    # -- the workspace ---------------------------------------------------------------

    def test_r25_cloudamqp_terraform_provider_112_go_get_u_breaks_vendor(self):
        """cloudamqp/terraform-provider-cloudamqp#112: the Dockerfile ran `go get -u` in a module
        with vendor/, so go.mod and vendor/modules.txt disagree: "go: inconsistent vendoring"."""
        self.s.gomod("module example.com/m\n\ngo 1.22\n\nrequire example.test/a v1.1.0\n")
        self.s.write("ws/main.go", 'package main\n\nimport _ "example.test/a"\n\nfunc main() {}\n')
        self.s.write("ws/vendor/modules.txt", "# example.test/a v1.0.0\n## explicit\nexample.test/a\n")
        self.s.write("ws/vendor/example.test/a/a.go", "package a\n")
        p = subprocess.run([e2e_test.GO, "list", "./..."], cwd=self.s.ws, env=self.s.env, capture_output=True,
                           text=True, timeout=60)
        self.assertIn("inconsistent vendoring", p.stderr, "premise")
        self.doctor()
        self.cause("vendor.inconsistent", "inconsistent vendoring", "example.test/a", "go mod vendor")

    def test_r26_goproxy_cn_14_go111module_off_ignores_goproxy(self):
        """goproxy/goproxy.cn#14: GOPROXY set, yet the go command works in GOPATH mode."""
        self.export(GO111MODULE="off")
        code, err = self.go("list", "-m")
        self.assertNotEqual(code, 0, "premise: no module mode")
        self.doctor()
        self.cause("module.go111module.off-in-module", "GO111MODULE=off inside the module", "Unset GO111MODULE")


class Catalogue(unittest.TestCase):
    def test_every_report_a_rule_cites_is_recreated_here(self):
        """docs/rules.md links rules to reports (`reports` in `godiag rules --format json`):
        each of those must be a test of this file, and each rule must exist."""
        p = subprocess.run([os.path.abspath(e2e_test.GODIAG), "rules", "--format", "json"], capture_output=True,
                           text=True, timeout=60)
        rules = json.loads(p.stdout)["rules"]
        cited = {r for rule in rules for r in rule["reports"]}
        self.assertGreaterEqual(len(cited), 10)
        with open(os.path.abspath(__file__)) as f:
            source = f.read()
        for ref in sorted(cited):
            self.assertIn(ref, source, f"{ref} is cited in docs/rules.md but not recreated in reports_test.py")


if __name__ == "__main__":
    unittest.main(verbosity=2)  # e2e_test took GODIAG from argv[1] when imported

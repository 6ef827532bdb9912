// Rules on the environments themselves: terminal vs editor vs login shell, the env files,
// a missing or failing go, GOFLAGS, GO111MODULE and PATH hygiene.
#include <set>

#include "rules/all.h"
#include "rules/evidence.h"
#include "rules/sides.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;
using core::SourceKind;

// Variables whose difference between terminal and editor changes what the go command does.
bool Matters(const std::string& name) {
  static const std::set<std::string> kIgnored = {"GOENV", "GOTELEMETRY"};
  return kIgnored.count(name) == 0;
}

bool IsEditorSetting(SourceKind k) {
  return k == SourceKind::kToolsEnvVars || k == SourceKind::kGoplsBuildEnv || k == SourceKind::kGorootSetting ||
         k == SourceKind::kHttpProxySetting || k == SourceKind::kEditorRewrite || k == SourceKind::kGoEnvFillIn;
}

std::string Shown(const core::EnvValue& v) { return v.set ? "\"" + v.value + "\"" : "unset"; }

void CheckEditorDiffers(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& [name, term] : s.terminal.env) {
    auto it = s.editor_side.env.find(name);
    if (it == s.editor_side.env.end() || !Matters(name)) continue;
    const core::EnvValue& ed = it->second;
    if (term.unknown || ed.unknown) continue;
    if (term.value == ed.value || !IsEditorSetting(ed.source.kind)) continue;
    if (ed.source.kind == SourceKind::kGoEnvFillIn) continue;  // a copy of what go resolves anyway
    Finding f = core::MakeFinding(rule, name,
                                  name + " differs: the terminal's go command uses " + Shown(term) + " (" +
                                      core::DescribeSource(term.source) + "), gopls started by the editor uses " +
                                      Shown(ed) + " (" + core::DescribeSource(ed.source) + ").");
    f.about = {name};  // links what this variable explains (problems.editor.env)
    f.evidence.push_back(VarEvidence(s.terminal, name));
    f.evidence.push_back(VarEvidence(s.editor_side, name));
    f.fixes.push_back({"Make them agree: change or remove " + name + " in " + core::DescribeSource(ed.source) +
                           ", or set the same value for the terminal",
                       std::nullopt});
    out.push_back(std::move(f));
  }
}

// PATH differs, but VS Code's Go extension still finds go, puts it on gopls's PATH, and finds gopls.
bool ExtensionCopesWithPath(const Snapshot& s) {
  const core::EditorModel& m = s.editor_model;
  return !m.stopped && m.go_env_ok && !m.gopls_go.empty() && !s.tools.gopls.path.empty();
}

void CheckLoginShellDiffers(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.login_shell.ran) return;
  for (const auto& name : {"PATH", "GOROOT", "GOPATH", "GOPROXY", "GOFLAGS", "GOPRIVATE", "GONOPROXY", "GONOSUMDB",
                           "GOSUMDB", "GOTOOLCHAIN", "GO111MODULE", "GOINSECURE", "GOBIN", "GOWORK", "GOENV",
                           "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"}) {
    auto p = s.process_env.find(name);
    auto l = s.login_shell.env.find(name);
    std::string pv = p == s.process_env.end() ? "" : p->second;
    std::string lv = l == s.login_shell.env.end() ? "" : l->second;
    if (pv == lv) continue;
    // A Go variable whose difference the go command never sees (the editor resolves the same
    // value from its env files) changes nothing.
    auto te = s.terminal.env.find(name);
    auto ee = s.editor_side.env.find(name);
    if (std::string(name) != "PATH" && te != s.terminal.env.end() && ee != s.editor_side.env.end() &&
        !te->second.unknown && !ee->second.unknown && te->second.value == ee->second.value)
      continue;
    std::string msg = std::string(name) + " differs between this terminal and a login shell (" + s.login_shell.shell +
                      " -l), which is what an editor started from the desktop, Dock or a launcher inherits: terminal " +
                      (pv.empty() ? "unset" : "\"" + pv + "\"") + ", login shell " + (lv.empty() ? "unset" : "\"" + lv + "\"") + ".";
    Finding f = core::MakeFinding(rule, name, msg);
    if (std::string(name) == "PATH" && ExtensionCopesWithPath(s)) {
      f.severity = Severity::kInfo;
      f.message += " VS Code's Go extension still finds go (" + s.editor_model.go.found_by + ")" +
                   (s.editor_model.path_prepended ? " and puts " + *s.editor_model.path_prepended + " first on PATH" : "") +
                   ", and gopls; other tools started from the editor (its terminals, tasks) get the login shell's PATH.";
    }
    f.evidence.push_back({"terminal: process env", name, pv, std::nullopt});
    f.evidence.push_back({"login shell " + s.login_shell.shell, name, lv, std::nullopt});
    f.fixes.push_back({"Export " + std::string(name) + " in the login-shell profile (~/.profile, ~/.bash_profile or "
                       "~/.zprofile) rather than only in ~/.bashrc/~/.zshrc, then restart the editor completely",
                       std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckLoginShellFailed(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (s.login_shell.ran || !s.login_shell.error) return;
  Finding f = core::MakeFinding(rule, "login shell",
                                "Could not read the login-shell environment of " + s.login_shell.shell + ": " +
                                    *s.login_shell.error + ". VS Code runs the same shell at start-up; when it fails or "
                                    "is slow, the editor starts with a minimal environment (PATH=/usr/bin:/bin:…).");
  f.evidence.push_back({"login shell", "SHELL", s.login_shell.shell, std::nullopt});
  f.fixes.push_back({"Make the shell's start-up files finish quickly without reading from the terminal; check with: " +
                         s.login_shell.shell + " -i -l -c env",
                     std::nullopt});
  out.push_back(std::move(f));
}

void CheckEmptyHidesDefault(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const char* name : {"GOPROXY", "GOSUMDB", "GOTOOLCHAIN"}) {
    auto it = s.terminal.env.find(name);
    if (it == s.terminal.env.end()) continue;
    const core::EnvValue& v = it->second;
    if (v.source.kind != SourceKind::kUserEnvFile || !v.value.empty()) continue;
    std::string def;
    for (const auto& e : s.goroot_env_file.entries)
      if (e.key == name) def = e.value;
    Finding f = core::MakeFinding(rule, name,
                                  std::string(name) + "= (empty) in the user env file hides the default " +
                                      (def.empty() ? std::string("of $GOROOT/go.env") : "\"" + def + "\" of $GOROOT/go.env") +
                                      ": the go command reads the file's empty value and never looks at go.env. "
                                      "`go env -w " + name + "=` writes exactly such a line.");
    f.evidence.push_back(VarEvidence(s.terminal, name));
    if (!def.empty()) f.evidence.push_back({"$GOROOT/go.env", name, def, s.goroot_env_file.path});
    f.fixes.push_back({"Remove the line so the default applies again", "go env -u " + std::string(name)});
    if (std::string(name) != "GOTOOLCHAIN") f.severity = Severity::kError;
    out.push_back(std::move(f));
  }
}

void CheckFileOverridden(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& e : s.user_env_file.entries) {
    auto it = s.terminal.env.find(e.key);
    if (it == s.terminal.env.end() || it->second.source.kind != SourceKind::kProcessEnv) continue;
    if (it->second.value == e.value) continue;
    Finding f = core::MakeFinding(rule, e.key,
                                  e.key + "=\"" + e.value + "\" in the user env file (go env -w) has no effect: the "
                                  "environment variable " + e.key + "=\"" + it->second.value + "\" overrides it.");
    f.evidence.push_back(VarEvidence(s.terminal, e.key));
    f.evidence.push_back({"user env file", e.key, e.value, s.user_env_file.path + ":" + std::to_string(e.line)});
    f.fixes.push_back({"Keep one place: unset the environment variable, or remove the file's line",
                       "go env -u " + e.key});
    out.push_back(std::move(f));
  }
}

void CheckGoMissing(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (s.terminal.go_env.go_path.empty()) {
    Finding f = MakeSideFinding(rule, s.terminal, "go", "No go binary found on PATH.");
    f.evidence.push_back(VarEvidence(s.terminal, "PATH"));
    f.fixes.push_back({"Install Go or add its bin directory (e.g. /usr/local/go/bin) to PATH", std::nullopt});
    out.push_back(std::move(f));
  }
  const core::ToolInfo& go = s.editor_model.go;
  if (s.editor_side.label.empty() || !go.path.empty() || go.searched.empty()) return;
  std::string where;
  for (const auto& p : go.searched) where += (where.empty() ? "" : ", ") + p;
  Finding f = MakeSideFinding(rule, s.editor_side, "go",
                              "VS Code's Go extension finds no go: it looked at " + where +
                                  ". It shows \"Failed to find the \"go\" binary in either GOROOT() or PATH\" and "
                                  "stops activating.");
  f.evidence.push_back(VarEvidence(s.editor_side, "PATH"));
  f.fixes.push_back({"Add Go's bin directory to the PATH of your login shell (~/.profile, ~/.zprofile), or set "
                     "\"go.goroot\" in VS Code settings to the output of `go env GOROOT`, then restart VS Code",
                     std::nullopt});
  out.push_back(std::move(f));
}

void CheckGoEnvFailed(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const core::EnvSide* side : {&s.terminal, &s.editor_side}) {
    const auto& run = side->go_env;
    if (side->label.empty() || run.ok || run.go_path.empty() || !run.error) continue;
    if (side == &s.editor_side && !s.terminal.go_env.ok && s.terminal.go_env.error == run.error) continue;
    bool stops = side == &s.editor_side && s.editor_model.stopped.has_value();
    Finding f = MakeSideFinding(rule, *side, "go env",
                                "`" + run.go_path + " env -json` failed" +
                                    (run.timed_out ? "" : " (exit status " + std::to_string(run.exit_code) + ")") +
                                    ": " + *run.error +
                                    (stops ? ". VS Code's Go extension runs it at activation, and stops there."
                                           : ". gopls runs the go command the same way and fails too."));
    f.evidence.push_back({side->label + ": go env -json", "stderr", *run.error, std::nullopt});
    f.fixes.push_back({"Run `go env` in " + s.workspace_dir + " and fix the error it prints", std::nullopt});
    out.push_back(std::move(f));
  }
}

}  // namespace

void AddEnvRulesPart2(std::vector<core::Rule>& out);

void AddEnvRules(std::vector<core::Rule>& out) {
  out.push_back({{"env.editor.differs", Severity::kWarning, "A Go variable differs between terminal and editor",
                  "An editor setting (go.toolsEnvVars, gopls build.env, go.goroot, http.proxy, …) gives gopls a different "
                  "value than the terminal's go command sees.",
                  "gopls runs the go command with the editor's environment: it downloads, resolves and builds "
                  "differently than `go build` in the terminal, which is the classic \"works in the terminal, red in "
                  "the editor\" situation.",
                  "Make the values agree in the setting named, or in the terminal."},
                 CheckEditorDiffers});
  out.push_back({{"env.login-shell.differs", Severity::kWarning,
                  "A GUI-launched editor gets a different PATH or Go variable than this terminal",
                  "The login shell's environment (what VS Code resolves when started from the desktop) differs from the "
                  "terminal's for PATH or a Go variable.",
                  "Variables exported only in interactive start-up files (~/.bashrc, ~/.zshrc) are missing in an editor "
                  "started from the Dock or a launcher, so it finds another go, or none.",
                  "Export them in ~/.profile (bash), ~/.zprofile (zsh) or the equivalent, then restart the editor."},
                 CheckLoginShellDiffers});
  out.push_back({{"env.login-shell.failed", Severity::kInfo, "The login-shell environment could not be read",
                  "Running $SHELL as a login shell to read its environment failed or timed out.",
                  "VS Code does the same at start-up; when it fails, the editor runs with a minimal environment.",
                  "Fix the shell start-up files so that `$SHELL -i -l -c env` finishes quickly."},
                 CheckLoginShellFailed});
  out.push_back({{"env.file.empty-hides-default", Severity::kError,
                  "An empty value in the go env file hides the $GOROOT/go.env default",
                  "The user env file (written by `go env -w`) holds GOPROXY=, GOSUMDB= or GOTOOLCHAIN= with an empty "
                  "value.",
                  "Since Go 1.21 the defaults live in $GOROOT/go.env, which the go command reads only for keys the user "
                  "file does not mention: an empty line there leaves the variable empty (downloads fail with \"GOPROXY "
                  "list is not the empty string, but contains no entries\" or \"missing GOSUMDB\").",
                  "`go env -u NAME` removes the line."},
                 CheckEmptyHidesDefault});
  out.push_back({{"env.file.overridden", Severity::kWarning, "A go env -w setting is overridden by the environment",
                  "The user env file sets a variable that the process environment also sets, to another value.",
                  "The environment wins, so the `go env -w` value has no effect in this shell (but may in an editor "
                  "that lacks the variable), which makes behaviour depend on how a program was started.",
                  "Keep the setting in one place."},
                 CheckFileOverridden});
  out.push_back({{"env.go.missing", Severity::kError, "No go binary found",
                  "No `go` executable is on the PATH of the terminal or of the editor.",
                  "gopls and every Go tool run the go command; without it nothing loads.",
                  "Install Go or fix PATH (for the editor: the login-shell PATH, or go.goroot)."},
                 CheckGoMissing});
  out.push_back({{"env.go-env.failed", Severity::kError, "`go env` fails in the workspace",
                  "`go env -json` exits with an error in the workspace folder.",
                  "The go command fails before doing anything (a toolchain it cannot download, a broken GOROOT or "
                  "GOFLAGS, …); gopls fails the same way and shows errors for every file.",
                  "Run `go env` in the folder and fix what it prints."},
                 CheckGoEnvFailed});
  AddEnvRulesPart2(out);
}

}  // namespace godiag::rules

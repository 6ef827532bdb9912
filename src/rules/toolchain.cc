// Rules on toolchains: GOTOOLCHAIN, go/toolchain lines newer than the local Go, GOROOT,
// several go binaries, and gopls/dlv presence and the Go they were built with.
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

void CheckGoToolchainInvalid(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ReportSettingError(s, rule, out,
                     {"GOTOOLCHAIN", [](const core::ParsedSettings& p) { return p.gotoolchain.error; },
                      [](const core::EnvSide&, const std::string& err) {
                        return "The go command rejects GOTOOLCHAIN: go: " + err + ".";
                      },
                      "auto", "Use auto, local, path, a toolchain name like go1.22.3, or go1.22.3+auto / +path"});
}

// "go1.22" names the Go 1.22 language, not a toolchain: since Go 1.21 the first release of a
// language version is go1.N.0, so no go1.N toolchain exists to download (golang/go#66175).
std::optional<std::string> ReleaseForLanguageName(const std::string& name) {
  if (name.rfind("go1.", 0) != 0 || name.size() < 5) return std::nullopt;
  std::string minor = name.substr(4);
  if (minor.find_first_not_of("0123456789") != std::string::npos || minor.size() > 3) return std::nullopt;
  if (std::stoi(minor) < 21) return std::nullopt;
  return name + ".0";
}

void CheckGoToolchainLanguageName(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GOTOOLCHAIN", [&](const core::EnvSide& side) {
    const auto& t = side.settings.gotoolchain;
    if (t.error) return;
    std::string value = t.value, suffix;
    if (size_t plus = value.find('+'); plus != std::string::npos) suffix = value.substr(plus), value.erase(plus);
    auto release = ReleaseForLanguageName(value);
    if (!release) return;
    Finding f = MakeSideFinding(rule, side, "GOTOOLCHAIN",
                                "GOTOOLCHAIN=" + t.value + " names the Go " + value.substr(2) + " language, not a "
                                "toolchain: releases since Go 1.21 are named " + *release + ", " + value + ".1, …, so "
                                "no proxy has golang.org/toolchain@v0.0.1-" + value + ".<os>-<arch> and the go command "
                                "fails at start-up (\"toolchain not available\", a proxy's 403/404, or, without a proxy, "
                                "\"invalid toolchain: " + value + " is a language version but not a toolchain version (" +
                                value + ".x)\").");
    f.evidence.push_back(VarEvidence(side, "GOTOOLCHAIN"));
    f.fixes.push_back(SetVarFix(side, "GOTOOLCHAIN", *release + suffix, "Did you mean " + *release + suffix + "?"));
    out.push_back(std::move(f));
  });
}

void CheckGoToolchainEmpty(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachSide(s, "GOTOOLCHAIN", [&](const core::EnvSide& side) {
    if (side.settings.gotoolchain.mode != core::ToolchainMode::kEmpty || side.go_env.go_path.empty()) return;
    Finding f = MakeSideFinding(rule, side, "GOTOOLCHAIN",
                                "GOTOOLCHAIN is empty: the go command never switches toolchains, so a go.mod that "
                                "needs a newer Go fails instead of downloading it.");
    f.evidence.push_back(VarEvidence(side, "GOTOOLCHAIN"));
    f.fixes.push_back(SetVarFix(side, "GOTOOLCHAIN", "auto", "Set GOTOOLCHAIN=auto (the go.env default)"));
    out.push_back(std::move(f));
  });
}

void CheckGoLineTooNew(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  const auto& t = s.derived.toolchain;
  if (!t.needs_newer || !t.error) return;
  Finding f = core::MakeFinding(rule, t.required_by,
                                t.required_by + " needs " + t.required + " but the local Go is " + t.local +
                                    " and the go command cannot switch: " + *t.error);
  f.evidence.push_back({"workspace", "go line", t.required, t.required_by});
  f.evidence.push_back({"terminal", "GOVERSION", t.local, std::nullopt});
  f.evidence.push_back(VarEvidence(s.terminal, "GOTOOLCHAIN"));
  f.fixes.push_back({"Install " + t.required + " (or newer), or allow switching", "go env -w GOTOOLCHAIN=auto"});
  out.push_back(std::move(f));
}

void CheckGoroot(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  const auto& g = s.tools.goroot;
  if (!g.problem) return;
  std::string msg = *g.problem + ".";
  const std::string& p = g.path;
  if (p.ends_with("/bin/go") || p.ends_with("\\bin\\go.exe") || p.ends_with("/bin") || p.ends_with("\\bin"))
    msg += " It names the go binary or its bin directory; GOROOT is the installation above them (the directory "
           "holding bin/ and src/), which the go command finds by itself when GOROOT is unset.";
  Finding f = core::MakeFinding(rule, "GOROOT", msg);
  f.evidence.push_back(VarEvidence(s.terminal, "GOROOT"));
  f.fixes.push_back({"Unset GOROOT (the go command finds its own root) or point it at a Go installation",
                     "unset GOROOT; go env -u GOROOT"});
  out.push_back(std::move(f));
}

void CheckGorootMismatch(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  auto set = s.process_env.find("GOROOT");
  if (set == s.process_env.end() || set->second.empty() || s.tools.go_on_path.empty()) return;
  const auto& go = s.tools.go_on_path.front();
  std::string root = set->second;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (go.real_path.rfind(root + "/", 0) == 0) return;
  Finding f = core::MakeFinding(rule, "GOROOT",
                                "GOROOT=" + set->second + " is set, but the go on PATH is " + go.path + " (" +
                                    go.real_path + "): that binary then uses the standard library and tools of "
                                    "another installation, which mixes versions.");
  f.evidence.push_back(VarEvidence(s.terminal, "GOROOT"));
  f.evidence.push_back({"PATH lookup", "go", go.path, std::nullopt});
  f.fixes.push_back({"Unset GOROOT; the go command knows its own root", "unset GOROOT"});
  out.push_back(std::move(f));
}

void CheckMultipleGo(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  std::set<std::string> versions;
  for (const auto& g : s.tools.go_on_path)
    if (!g.version.empty()) versions.insert(g.version);
  if (versions.size() < 2) return;
  std::string list;
  for (const auto& g : s.tools.go_on_path) list += (list.empty() ? "" : ", ") + g.path + " (" + g.version + ")";
  Finding f = core::MakeFinding(rule, "go",
                                "Several different go binaries are on PATH: " + list +
                                    ". The first one wins here; a tool or editor with another PATH order gets another Go.");
  for (const auto& g : s.tools.go_on_path) f.evidence.push_back({"PATH lookup", "go", g.path + " " + g.version, std::nullopt});
  f.fixes.push_back({"Keep one Go on PATH (remove the others or reorder PATH)", std::nullopt});
  out.push_back(std::move(f));
}

void CheckToolMissing(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out, const core::ToolInfo& t,
                      bool needed) {
  if (t.name.empty() || !t.path.empty() || !needed || t.unknown) return;
  std::string searched;
  for (const auto& p : t.searched) searched += (searched.empty() ? "" : ", ") + p;
  Finding f = core::MakeFinding(rule, t.name,
                                t.name + " was not found where VS Code's Go extension looks for it (" +
                                    (searched.empty() ? "go.alternateTools, GOBIN, GOPATH/bin, PATH" : searched) + ").");
  f.evidence.push_back(VarEvidence(s.editor_side, "GOBIN"));
  f.evidence.push_back(VarEvidence(s.editor_side, "GOPATH"));
  f.fixes.push_back({"Install it", t.name == "gopls" ? "go install golang.org/x/tools/gopls@latest"
                                                     : "go install github.com/go-delve/delve/cmd/dlv@latest"});
  out.push_back(std::move(f));
}

void CheckToolOld(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out, const core::ToolInfo& t,
                  bool older) {
  if (!older || t.path.empty()) return;
  Finding f = core::MakeFinding(rule, t.name,
                                t.name + " " + t.version + " at " + t.path + " was built with " + t.built_with +
                                    ", older than the workspace's go line (" + s.derived.workspace_go_line + " at " +
                                    s.derived.workspace_go_line_at + "): it cannot type-check code that uses newer "
                                    "language features or standard library APIs.");
  f.evidence.push_back({"go version -m", t.name, t.built_with, t.path});
  f.evidence.push_back({"workspace", "go line", s.derived.workspace_go_line, s.derived.workspace_go_line_at});
  f.fixes.push_back({"Rebuild it with the current Go",
                     t.name == "gopls" ? "go install golang.org/x/tools/gopls@latest"
                                       : "go install github.com/go-delve/delve/cmd/dlv@latest"});
  out.push_back(std::move(f));
}

}  // namespace

void AddToolchainRules(std::vector<core::Rule>& out) {
  out.push_back({{"toolchain.gotoolchain.invalid", Severity::kError, "GOTOOLCHAIN is malformed",
                  "GOTOOLCHAIN is not auto, path, local, a toolchain name (go1.22.3), or name+auto / name+path.",
                  "The go command stops at start-up with \"go: invalid GOTOOLCHAIN …\"; the early-design form "
                  "auto+go1.22 is not valid in releases.",
                  "Use e.g. GOTOOLCHAIN=auto or GOTOOLCHAIN=go1.22.3+auto."},
                 CheckGoToolchainInvalid});
  out.push_back({{"toolchain.gotoolchain.language-version", Severity::kError,
                  "GOTOOLCHAIN names a language version, not a toolchain",
                  "GOTOOLCHAIN is go1.N (N >= 21), possibly with +auto or +path.",
                  "Since Go 1.21 the toolchains are go1.N.0, go1.N.1, …; there is no go1.N to download, so the go "
                  "command fails at start-up, e.g. \"download go1.22 for darwin/arm64: toolchain not available\" "
                  "(golang/go#66175).",
                  "Use the release name: GOTOOLCHAIN=go1.22.0 (or go1.22.0+auto)."},
                 CheckGoToolchainLanguageName});
  out.push_back({{"toolchain.gotoolchain.empty", Severity::kWarning, "GOTOOLCHAIN is empty",
                  "GOTOOLCHAIN resolves to the empty string (its line in $GOROOT/go.env is missing or hidden).",
                  "Toolchain switching is then silently disabled.",
                  "Set GOTOOLCHAIN=auto."},
                 CheckGoToolchainEmpty});
  out.push_back({{"toolchain.go-line.too-new", Severity::kError,
                  "go.mod or go.work needs a newer Go than the go command can run",
                  "The go or toolchain line asks for a newer Go than the local one, and GOTOOLCHAIN (local, a fixed "
                  "version, path without that binary) or the network settings (GOPROXY=off, GOSUMDB=off) keep the go "
                  "command from switching.",
                  "Every go command in the module fails (\"go.mod requires go >= … (running go …)\" or \"toolchain not "
                  "available\"), and gopls with it.",
                  "Install the required Go, or allow switching with GOTOOLCHAIN=auto."},
                 CheckGoLineTooNew});
  out.push_back({{"goroot.invalid", Severity::kError, "GOROOT is not a Go installation",
                  "GOROOT does not exist, is not a directory, or lacks bin/go.",
                  "The go command fails with \"cannot find GOROOT directory\", and gopls with it.",
                  "Unset GOROOT or point it at a Go installation."},
                 CheckGoroot});
  out.push_back({{"goroot.mismatch", Severity::kWarning, "GOROOT points at another Go than the go on PATH",
                  "GOROOT is set in the environment to a directory that does not contain the go binary found on PATH.",
                  "That go binary then uses another installation's standard library and tools.",
                  "Unset GOROOT."},
                 CheckGorootMismatch});
  out.push_back({{"tools.go.multiple", Severity::kWarning, "Several different go binaries are on PATH",
                  "PATH holds go binaries of different versions.",
                  "Which one runs depends on PATH order, which differs between terminals, editors and launchers.",
                  "Keep one Go on PATH."},
                 CheckMultipleGo});
  out.push_back({{"tools.gopls.missing", Severity::kError, "gopls is not installed where the editor looks",
                  "gopls is not found via go.alternateTools, GOBIN, GOPATH/bin or PATH while the language server is on.",
                  "VS Code's Go extension cannot start the language server: no completion, no diagnostics.",
                  "go install golang.org/x/tools/gopls@latest"},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckToolMissing(s, r, o, s.tools.gopls, s.editor.use_language_server);
                 }});
  out.push_back({{"tools.dlv.missing", Severity::kInfo, "dlv (Delve) is not installed where the editor looks",
                  "dlv is not found via go.alternateTools, GOBIN, GOPATH/bin or PATH.",
                  "Debugging from the editor does not start.",
                  "go install github.com/go-delve/delve/cmd/dlv@latest"},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckToolMissing(s, r, o, s.tools.dlv, true);
                 }});
  out.push_back({{"tools.gopls.old-go", Severity::kWarning, "gopls was built with a Go older than the workspace needs",
                  "The Go version gopls was built with is older than the go line of go.mod/go.work.",
                  "gopls type-checks with its own copy of go/types and the standard library's go/* packages: a gopls "
                  "built with an older Go reports errors for newer language features.",
                  "Rebuild gopls: go install golang.org/x/tools/gopls@latest"},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckToolOld(s, r, o, s.tools.gopls, s.derived.gopls_older_than_go_line);
                 }});
  out.push_back({{"tools.dlv.old-go", Severity::kWarning, "dlv was built with a Go older than the workspace needs",
                  "The Go version dlv was built with is older than the go line of go.mod/go.work.",
                  "Delve refuses or misreads binaries built by a newer Go.",
                  "Rebuild dlv: go install github.com/go-delve/delve/cmd/dlv@latest"},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) {
                   CheckToolOld(s, r, o, s.tools.dlv, s.derived.dlv_older_than_go_line);
                 }});
}

}  // namespace godiag::rules

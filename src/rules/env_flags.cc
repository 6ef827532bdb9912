// Rules on GOFLAGS, GO111MODULE, $GOROOT/go.env and PATH hygiene.
#include "rules/all.h"
#include "rules/evidence.h"
#include "rules/sides.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

void CheckGoFlags(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ReportSettingError(s, rule, out,
                     {"GOFLAGS", [](const core::ParsedSettings& p) { return p.goflags.error; },
                      [](const core::EnvSide& side, const std::string& err) {
                        return "GOFLAGS=\"" + side.settings.goflags.value + "\" is rejected by the go command: " + err +
                               ". Every go command (and so gopls) fails at start-up; only `go env` still works.";
                      },
                      "", "GOFLAGS is a space-separated list of -flag=value settings known to go subcommands"});
}

void CheckGo111ModuleInvalid(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ReportSettingError(s, rule, out,
                     {"GO111MODULE", [](const core::ParsedSettings& p) { return p.go111module.error; },
                      [](const core::EnvSide&, const std::string& err) {
                        return "The go command rejects GO111MODULE: " + err + ".";
                      },
                      "", "Unset it (module mode is the default), or use on/off/auto"});
}

void CheckGo111ModuleOff(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.workspace.gomod) return;
  ForEachSide(s, "GO111MODULE", [&](const core::EnvSide& side) {
    if (side.settings.go111module.mode != core::ModuleMode::kOff) return;
    Finding f = MakeSideFinding(rule, side, "GO111MODULE",
                                "GO111MODULE=off inside the module " + s.workspace.gomod->path +
                                    ": the go command ignores go.mod and resolves imports from GOPATH, so imports of "
                                    "required modules fail (\"cannot find package\") and gopls reports errors.");
    f.evidence.push_back(VarEvidence(side, "GO111MODULE"));
    f.evidence.push_back({"workspace", "go.mod", s.workspace.gomod->module, s.workspace.gomod->path});
    f.fixes.push_back(SetVarFix(side, "GO111MODULE", "", "Unset GO111MODULE (module mode is the default since Go 1.16)"));
    out.push_back(std::move(f));
  });
}

int MinorOf(const std::string& go_version) {
  // "go1.26.8" -> 26; 0 when unknown.
  if (go_version.rfind("go1.", 0) != 0) return 0;
  int minor = 0;
  for (size_t i = 4; i < go_version.size() && isdigit(static_cast<unsigned char>(go_version[i])); ++i)
    minor = minor * 10 + (go_version[i] - '0');
  return minor;
}

void CheckGorootEnvMissing(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (MinorOf(s.local_go_version) < 21 || s.goroot_env_file.path.empty()) return;
  std::vector<std::string> missing;
  for (const char* name : {"GOPROXY", "GOSUMDB", "GOTOOLCHAIN"}) {
    bool in_file = false;
    for (const auto& e : s.goroot_env_file.entries) in_file = in_file || e.key == name;
    auto it = s.terminal.env.find(name);
    bool decided_elsewhere = it != s.terminal.env.end() && it->second.set &&
                             it->second.source.kind != core::SourceKind::kGoDefault;
    if (!in_file && !decided_elsewhere) missing.push_back(name);
  }
  if (missing.empty()) return;
  std::string names;
  for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
  std::string what = s.goroot_env_file.exists ? "lacks the default for " : "is missing, so there are no defaults for ";
  Finding f = core::MakeFinding(rule, "go.env",
                                s.goroot_env_file.path + " " + what + names +
                                    ": these variables end up empty (GOPROXY empty fails every download, GOSUMDB empty "
                                    "fails verification, GOTOOLCHAIN empty silently disables toolchain switching). A "
                                    "packaged Go that did not ship go.env behaves like this.");
  f.evidence.push_back({"$GOROOT/go.env", "path", s.goroot_env_file.path, std::nullopt});
  f.fixes.push_back({"Reinstall Go from go.dev/dl, or set the values yourself",
                     "go env -w GOPROXY=https://proxy.golang.org,direct GOSUMDB=sum.golang.org GOTOOLCHAIN=auto"});
  out.push_back(std::move(f));
}

void ReportPathProblems(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out,
                        const std::vector<core::PathEntryProblem>& problems, const core::EnvSide& side) {
  for (const auto& p : problems) {
    bool serious = p.problem == "empty" || p.problem == "relative";
    Finding f = MakeSideFinding(rule, side, "PATH[" + std::to_string(p.index) + "]",
                                "PATH entry " + std::to_string(p.index) + " (\"" + p.entry + "\") is " + p.problem +
                                    (serious ? ": it makes the current directory part of the search path, so which go "
                                               "or gopls runs depends on where a tool is started."
                                             : "."));
    f.severity = serious ? Severity::kWarning : Severity::kInfo;
    f.evidence.push_back(VarEvidence(side, "PATH"));
    f.fixes.push_back({"Remove or fix that entry where PATH is set", std::nullopt});
    out.push_back(std::move(f));
  }
  (void)s;
}

void CheckPath(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ReportPathProblems(s, rule, out, s.tools.path_problems, s.terminal);
  if (Value(s.editor_side, "PATH") != Value(s.terminal, "PATH"))
    ReportPathProblems(s, rule, out, s.tools.editor_path_problems, s.editor_side);
}

void CheckMisspelledVariable(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& m : s.derived.misspelled_go_vars) {
    const core::EnvSide& side = m.side == "editor" ? s.editor_side : s.terminal;
    std::string consequence = IsSet(side, m.suggestion)
                                  ? m.suggestion + " keeps the value \"" + Value(side, m.suggestion) + "\" set elsewhere."
                                  : m.suggestion + " stays unset.";
    Finding f = core::MakeFinding(rule, m.name,
                                  m.name + " is set (" + m.where + "), but the go command has no variable of that name "
                                  "and ignores it: did you mean " + m.suggestion + "? " + consequence);
    f.evidence.push_back({m.where, "variable", m.name, std::nullopt});
    f.evidence.push_back(VarEvidence(side, m.suggestion));
    f.fixes.push_back({"Rename " + m.name + " to " + m.suggestion + " where it is set (" + m.where + ")", std::nullopt});
    out.push_back(std::move(f));
  }
}

}  // namespace

void AddEnvRulesPart2(std::vector<core::Rule>& out) {
  out.push_back({{"env.variable.misspelled", Severity::kWarning, "A variable looks like a Go variable but is not one",
                  "A variable set in the environment, the go env file, go.toolsEnvVars or gopls build.env is one or two "
                  "edits from a Go variable that matters (GOPRIVTE, GO_PRIVATE, GONOSUMCHECK, goproxy) and is not "
                  "itself one the go command reads.",
                  "The go command reads only its own variable names (case-sensitive) and says nothing about others, "
                  "so the setting the user meant never takes effect: private modules still go to the public proxy, a "
                  "flag is never applied.",
                  "Rename it to the variable meant, e.g. `go env -w GOPRIVATE=…` (go env -w rejects unknown names)."},
                 CheckMisspelledVariable});
  out.push_back({{"goflags.invalid", Severity::kError, "GOFLAGS is rejected by the go command",
                  "GOFLAGS holds a field that is not a flag, a flag no go subcommand knows, or an unterminated quote.",
                  "Every go command except `go env` fails at start-up with \"go: parsing $GOFLAGS: …\", and gopls with it.",
                  "Fix or unset GOFLAGS; the go command's own error is shown as evidence."},
                 CheckGoFlags});
  out.push_back({{"module.go111module.invalid", Severity::kError, "GO111MODULE has an unknown value",
                  "GO111MODULE is not empty, on, off or auto.",
                  "The go command stops with \"go: unknown environment setting GO111MODULE=…\".",
                  "Unset GO111MODULE."},
                 CheckGo111ModuleInvalid});
  out.push_back({{"module.go111module.off-in-module", Severity::kError, "GO111MODULE=off inside a module",
                  "GO111MODULE is off while the workspace has a go.mod.",
                  "The go command works in GOPATH mode and ignores go.mod: imports of required modules are not found.",
                  "Unset GO111MODULE (module mode has been the default since Go 1.16)."},
                 CheckGo111ModuleOff});
  out.push_back({{"env.goroot-env.missing", Severity::kWarning, "$GOROOT/go.env is missing defaults",
                  "Go 1.21+ reads the defaults of GOPROXY, GOSUMDB and GOTOOLCHAIN from $GOROOT/go.env; the file is "
                  "missing or lacks a line, and nothing else sets the variable.",
                  "The variable is then empty: downloads fail (\"GOPROXY list is not the empty string, but contains no "
                  "entries\", \"missing GOSUMDB\") or toolchain switching is silently off.",
                  "Reinstall Go from the official archive, or set the values with `go env -w`."},
                 CheckGorootEnvMissing});
  out.push_back({{"env.path.entry", Severity::kWarning, "A PATH entry is empty, relative, missing or duplicated",
                  "An entry of PATH (terminal or editor) is empty (\"::\"), relative, does not exist, is not a "
                  "directory, or repeats an earlier one.",
                  "Empty and relative entries make the current directory part of the search path (which go or gopls "
                  "runs then depends on the folder); missing and duplicate entries are clutter that hides real "
                  "differences.",
                  "Clean up PATH where it is set."},
                 CheckPath});
}

}  // namespace godiag::rules

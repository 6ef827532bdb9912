// Rules on `godiag problems`: each editor-only (or terminal-only) problem grouped by the
// cause an experiment found, as one finding per cause with the problems under it. A build
// error the editor shows for a reason the terminal does not share is an error; an
// analyzer's diagnostic is at most a warning (the code compiles).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "rules/all.h"

namespace godiag::rules {

namespace {

using core::CauseKind;
using core::Finding;
using core::Problem;
using core::RuleInfo;
using core::SeenBy;
using core::Severity;
using core::Snapshot;

constexpr size_t kShown = 8;

std::string NormalizeFirstLine(const std::string& m) { return m.substr(0, m.find('\n')); }

std::string Where(const Snapshot& s, const Problem& p) {
  if (p.file.empty()) return "(workspace)";
  std::string f = p.file;
  if (f.rfind(s.workspace_dir + "/", 0) == 0) f = f.substr(s.workspace_dir.size() + 1);
  return fmt::format("{}:{}:{}", f, p.line, p.column);
}

std::string Shown(const Problem& p) {
  std::string m = p.message.substr(0, p.message.find('\n'));
  std::string tag = p.source.empty() ? "" : p.source + (p.code.empty() ? "" : " " + p.code);
  return tag.empty() ? m : m + " (" + tag + ")";
}

// Problems of one side grouped by cause (kind + name), in file order.
std::map<std::pair<CauseKind, std::string>, std::vector<const Problem*>> ByCause(const Snapshot& s, SeenBy side) {
  std::map<std::pair<CauseKind, std::string>, std::vector<const Problem*>> out;
  if (!s.problems) return out;
  for (const auto& p : s.problems->problems)
    if (p.seen_by == side || (side == SeenBy::kEditor && p.seen_by == SeenBy::kBoth && p.cause.kind != CauseKind::kNone))
      out[{p.cause.kind, p.cause.name}].push_back(&p);
  return out;
}

void AddProblemsEvidence(const Snapshot& s, const std::vector<const Problem*>& list, Finding& f, const char* label) {
  for (size_t i = 0; i < list.size() && i < kShown; ++i)
    f.evidence.push_back({label, Where(s, *list[i]), Shown(*list[i]), std::nullopt});
  if (list.size() > kShown)
    f.evidence.push_back({label, "…", fmt::format("and {} more (--format json lists them all)", list.size() - kShown), std::nullopt});
}

const char* Comes(size_t n) { return n == 1 ? "comes" : "come"; }

std::string Count(size_t n, const char* what) { return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s"); }

bool AnyError(const std::vector<const Problem*>& list) {
  return std::any_of(list.begin(), list.end(), [](const Problem* p) { return p->severity == core::ProblemSeverity::kError; });
}

// One finding per cause of `kinds` among the editor-only problems.
template <class Describe>
void ForEditorCause(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out, std::initializer_list<CauseKind> kinds,
                    Describe describe) {
  for (const auto& [key, list] : ByCause(s, SeenBy::kEditor)) {
    if (std::find(kinds.begin(), kinds.end(), key.first) == kinds.end()) continue;
    const core::ProblemCause& c = list.front()->cause;
    Finding f = core::MakeFinding(rule, c.name.empty() ? Where(s, *list.front()) : c.name, "");
    f.side = "editor";
    describe(*list.front(), list, f);
    AddProblemsEvidence(s, list, f, "the editor shows");
    if (!c.command.empty())
      f.evidence.push_back({c.confirmed ? "reproduced in the terminal by" : "to reproduce", "command", c.command, std::nullopt});
    if (!c.detail.empty()) f.evidence.push_back({"experiment", "result", c.detail, std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckEnv(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEditorCause(s, rule, out, {CauseKind::kEnv}, [&](const Problem& p, const auto& list, Finding& f) {
    const auto& c = p.cause;
    bool single = c.name != "the editor's environment";
    f.message = single ? fmt::format("{} the editor shows {} from {}={} ({}); the terminal has {}. `{}` prints {} too.",
                                     Count(list.size(), "problem"), Comes(list.size()), c.name, c.editor_value, c.source,
                                     c.terminal_value.empty() ? "it unset" : c.name + "=" + c.terminal_value, c.command,
                                     list.size() == 1 ? "it" : "them")
                       : fmt::format("{} the editor shows {} from the editor's environment as a whole: no single "
                                     "variable reproduces {}, all of them together do.",
                                     Count(list.size(), "problem"), Comes(list.size()), list.size() == 1 ? "it" : "them");
    if (single) f.about = {c.name};  // explained by env.editor.differs for this variable
    if (!AnyError(list)) f.severity = Severity::kWarning;
    f.fixes.push_back({single ? "Remove or change " + c.name + " in " + c.source + ", or build for it in the terminal too"
                              : "Compare `godiag env` for the two sides and make them agree",
                       std::nullopt});
  });
}

void CheckGoBinary(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEditorCause(s, rule, out, {CauseKind::kGoBinary}, [&](const Problem& p, const auto& list, Finding& f) {
    f.message = fmt::format("{} the editor shows {} from the go binary gopls runs, {} ({}); the terminal runs {}.",
                            Count(list.size(), "problem"), Comes(list.size()), p.cause.editor_value, p.cause.source, p.cause.terminal_value);
    f.fixes.push_back({"Point the editor at the terminal's go: set \"go.goroot\" or \"go.alternateTools\": {\"go\": \"" +
                           p.cause.terminal_value + "\"}, or fix PATH in the login shell; then restart the language server",
                       std::nullopt});
  });
}

void CheckBuildFlags(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEditorCause(s, rule, out, {CauseKind::kBuildFlag}, [&](const Problem& p, const auto& list, Finding& f) {
    f.message = fmt::format("{} the editor shows {} from the build flag {} ({}): gopls loads the workspace with it, "
                            "`go build` here does not. `{}` prints the same.",
                            Count(list.size(), "problem"), Comes(list.size()), p.cause.name, p.cause.source, p.cause.command);
    if (!AnyError(list)) f.severity = Severity::kWarning;
    f.fixes.push_back({"Fix the code for that build, or remove " + p.cause.name + " from " + p.cause.source, std::nullopt});
  });
}

void CheckImport(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEditorCause(s, rule, out, {CauseKind::kOfflineReload, CauseKind::kImportReason}, [&](const Problem& p, const auto& list, Finding& f) {
    bool offline = p.cause.kind == CauseKind::kOfflineReload;
    f.message = offline
                    ? fmt::format("{}: \"{}\". gopls makes that text up; the real reason, from go list under gopls's "
                                  "conditions, is \"{}\": gopls reloads with GOPROXY=off (its own rule, not your "
                                  "setting), and the module is not in its module cache.",
                                  Count(list.size(), "unresolved import"), NormalizeFirstLine(p.message), p.cause.detail)
                    : fmt::format("{}: \"{}\"; the go command says why: \"{}\".", Count(list.size(), "unresolved import"),
                                  NormalizeFirstLine(p.message), p.cause.detail);
    f.fixes.push_back({offline ? "Download the module into the cache gopls uses, then reload (or edit and save go.mod)"
                               : "Fix what go list reports",
                       offline ? std::optional<std::string>("go mod download") : std::nullopt});
  });
}

void CheckOldGopls(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEditorCause(s, rule, out, {CauseKind::kOldGopls}, [&](const Problem& p, const auto& list, Finding& f) {
    f.message = fmt::format("{} the editor shows are likely the old type checker's: {}.", Count(list.size(), "problem"), p.cause.detail);
    f.subject = "gopls";
    f.fixes.push_back({"Rebuild gopls with the Go you use", "go install golang.org/x/tools/gopls@latest"});
  });
}

void CheckOtherPort(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEditorCause(s, rule, out, {CauseKind::kOtherPort}, [&](const Problem& p, const auto& list, Finding& f) {
    f.message = fmt::format("{} the editor shows belong to another port ({}): {}. They are real for that build.",
                            Count(list.size(), "problem"), p.cause.name, p.cause.detail);
    f.fixes.push_back({"Fix the code for that port, or leave it: `" + p.cause.command + "` shows the same", std::nullopt});
  });
}

void CheckTestFile(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEditorCause(s, rule, out, {CauseKind::kTestFile}, [&](const Problem&, const auto& list, Finding& f) {
    f.message = fmt::format("{} in test files: go build does not compile tests; gopls, go vet and go test do.",
                            Count(list.size(), "problem"));
    f.subject = "_test.go";
    f.fixes.push_back({"Run the tests' build", "go vet ./..."});
  });
}

void CheckIgnoredFile(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEditorCause(s, rule, out, {CauseKind::kIgnoredFile}, [&](const Problem&, const auto& list, Finding& f) {
    f.message = fmt::format("{} in //go:build ignore files (generators, scripts): gopls type-checks each alone; "
                            "go build ./... skips them.",
                            Count(list.size(), "problem"));
    f.fixes.push_back({"Fix the file, or run it as its users do (go run FILE)", std::nullopt});
  });
}

void CheckExcludedFile(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEditorCause(s, rule, out, {CauseKind::kExcludedFile}, [&](const Problem& p, const auto& list, Finding& f) {
    f.message = fmt::format("gopls builds no package for {}: {}.", Count(list.size(), "open file"), p.cause.detail);
    f.fixes.push_back({p.cause.name.empty() ? "Nothing to do if the file is meant for another build"
                                            : "Add the tag for gopls: \"gopls\": {\"build.buildFlags\": [\"" + p.cause.name + "\"]}",
                       std::nullopt});
  });
}

void CheckAnalysis(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  std::map<std::string, std::vector<const Problem*>> by_analyzer;
  if (!s.problems) return;
  for (const auto& p : s.problems->problems)
    if (p.seen_by == SeenBy::kEditor && p.cause.kind == CauseKind::kAnalysis) by_analyzer[p.source].push_back(&p);
  if (by_analyzer.empty()) return;
  std::vector<const Problem*> all;
  std::string names;
  bool warn = false;
  for (const auto& [name, list] : by_analyzer) {
    names += (names.empty() ? "" : ", ") + fmt::format("{} ({})", name, list.size());
    all.insert(all.end(), list.begin(), list.end());
    for (const auto* p : list) warn = warn || p->severity <= core::ProblemSeverity::kWarning;
  }
  Finding f = core::MakeFinding(rule, "analyzers",
                                fmt::format("{} from gopls's analyzers: {}. They are analysis, not build errors: "
                                            "go build accepts the code, and go vet runs only the vet suite.",
                                            Count(all.size(), "diagnostic"), names));
  f.side = "editor";
  f.severity = warn ? Severity::kWarning : Severity::kInfo;
  AddProblemsEvidence(s, all, f, "the editor shows");
  f.fixes.push_back({"Fix them or turn an analyzer off: \"gopls\": {\"ui.diagnostic.analyses\": {\"NAME\": false}}", std::nullopt});
  out.push_back(std::move(f));
}

void CheckUnexplained(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  auto groups = ByCause(s, SeenBy::kEditor);
  auto it = groups.find({CauseKind::kNone, ""});
  if (it == groups.end()) return;
  std::vector<const Problem*> list;
  for (const auto* p : it->second)
    if (p->severity == core::ProblemSeverity::kError) list.push_back(p);
  if (list.empty()) return;
  Finding f = core::MakeFinding(rule, Where(s, *list.front()),
                                fmt::format("{} the editor shows and the terminal does not, with no single difference "
                                            "between the two that reproduces {}.",
                                            Count(list.size(), "error"), list.size() == 1 ? "it" : "them"));
  f.side = "editor";
  AddProblemsEvidence(s, list, f, "the editor shows");
  f.fixes.push_back({"Restart the language server; if it stays, compare `godiag env` of the two sides", std::nullopt});
  out.push_back(std::move(f));
}

void CheckTerminalOnly(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& [key, list] : ByCause(s, SeenBy::kTerminal)) {
    const auto& c = list.front()->cause;
    Finding f = core::MakeFinding(rule, key.first == CauseKind::kNone ? Where(s, *list.front()) : core::CauseKindName(key.first),
                                  fmt::format("{} the terminal's go command prints that the editor does not show{}",
                                              Count(list.size(), "error"), c.detail.empty() ? "." : ": " + c.detail + "."));
    f.side = "terminal";
    if (key.first == CauseKind::kErrorLimit) f.severity = Severity::kInfo;
    AddProblemsEvidence(s, list, f, "the terminal prints");
    f.fixes.push_back({"Fix them: `go build ./...` fails here", std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckBoth(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.problems) return;
  std::vector<const Problem*> list;
  for (const auto& p : s.problems->problems)
    if (p.seen_by == SeenBy::kBoth && p.cause.kind == CauseKind::kNone) list.push_back(&p);
  if (list.empty()) return;
  Finding f = core::MakeFinding(rule, "both",
                                fmt::format("{} both the editor and the terminal report: errors in the code, not in the setup.",
                                            Count(list.size(), "problem")));
  AddProblemsEvidence(s, list, f, "both show");
  out.push_back(std::move(f));
}

void CheckStale(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.problems) return;
  for (const auto& seen : s.problems->seen_not_reproduced) {
    Finding f = core::MakeFinding(rule, seen,
                                  fmt::format("\"{}\" is not published by a fresh gopls started as the editor starts it: the "
                                              "editor's gopls holds stale state (files changed on disk that it was not told "
                                              "about: a branch switch, go generate, go mod tidy in a terminal).",
                                              seen));
    f.side = "editor";
    f.fixes.push_back({"Restart the language server (VS Code: \"Go: Restart Language Server\"), or let gopls watch files "
                       "itself: \"gopls\": {\"fileWatcher\": \"fsnotify\"}",
                       std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckIncomplete(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (!s.problems || !s.problems->ran) return;
  const auto& p = *s.problems;
  std::string why = p.skipped ? *p.skipped : p.editor_error ? *p.editor_error : !p.editor_done && p.files_opened > 0
                                                                                  ? "gopls was still working at the deadline"
                                                                                  : "";
  bool truncated = p.files_found > p.file_limit;
  if (why.empty() && !truncated) return;
  Finding f = core::MakeFinding(rule, "editor view",
                                why.empty() ? fmt::format("Only {} of the workspace's Go files were opened (--max-files {}): "
                                                          "analyzer diagnostics of the others are not compared.",
                                                          p.files_opened, p.file_limit)
                                            : "The editor's view is incomplete: " + why + ".");
  f.side = "editor";
  if (!why.empty() && p.skipped) f.severity = Severity::kInfo;  // the editor rules say why gopls is missing
  out.push_back(std::move(f));
}

}  // namespace

void AddProblemsRules(std::vector<core::Rule>& out) {
  using S = Severity;
  // When the editor's go or gopls is broken, every problem of its view follows from that.
  const std::vector<std::string> kEditorRoots = {"editor.gopls.no-go", "editor.gopls.not-started", "env.go.missing",
                                                 "env.go-env.failed"};
  out.push_back({{"problems.editor.env", S::kError, "An editor-only problem comes from an environment variable",
                  "The editor shows a build error that the terminal's `go build` does not, and re-running the terminal's "
                  "build with one editor variable applied (GOOS, GOFLAGS, CGO_ENABLED, GOWORK, …) prints it.",
                  "gopls loads the workspace with the editor's environment; the variable makes it build something else "
                  "than the terminal does.",
                  "Change the variable where the editor gets it (the source named), or build with it in the terminal.",
                  {"env.editor.differs", "editor.gopls.no-go", "editor.gopls.not-started", "env.go.missing",
                   "env.go-env.failed"}},
                 CheckEnv});
  out.push_back({{"problems.editor.go-binary", S::kError, "An editor-only problem comes from the go binary gopls runs",
                  "Re-running the terminal's build with the go binary gopls finds on its PATH prints the editor's error.",
                  "gopls asks its go command for package metadata; an older or other go resolves and type-checks differently.",
                  "Make the editor find the same go as the terminal.",
                  kEditorRoots},
                 CheckGoBinary});
  out.push_back({{"problems.editor.build-flags", S::kError, "An editor-only problem comes from a build flag of the editor",
                  "Re-running the terminal's build with one flag of gopls's build.buildFlags (or go.buildFlags/go.buildTags) "
                  "prints the editor's error.",
                  "gopls passes those flags to every go list it runs; the terminal does not use them.",
                  "Fix the code for that build, or drop the flag.",
                  kEditorRoots},
                 CheckBuildFlags});
  out.push_back({{"problems.editor.import", S::kError, "\"could not import\" has a real reason that gopls does not show",
                  "gopls says `could not import P (no required module provides package \"P\")` whatever the go command's "
                  "reason; go list under gopls's conditions (GOPROXY=off on reloads, the editor's module cache) names it.",
                  "The made-up text sends users to go.mod when the module is missing from the cache, go.sum lacks an "
                  "entry, or GOROOT is wrong.",
                  "Fix what go list reports (go mod download, go mod tidy, GOROOT).",
                  kEditorRoots},
                 CheckImport});
  out.push_back({{"problems.editor.old-gopls", S::kError, "gopls was built with a Go older than the module needs",
                  "Editor-only type errors, with gopls's build Go older than the module's go line.",
                  "gopls type-checks with the go/types it was compiled with: newer language features (generic aliases, "
                  "range over functions, min/max) look like errors.",
                  "Rebuild gopls with a current Go: go install golang.org/x/tools/gopls@latest.",
                  kEditorRoots},
                 CheckOldGopls});
  out.push_back({{"problems.editor.other-port", S::kWarning, "Problems in files for another GOOS/GOARCH",
                  "gopls shows errors with a \" [goos]\" suffix from the extra build it makes for a file of another port.",
                  "They are real errors for that port; `go build` on this machine never compiles the file.",
                  "Fix them for that port, or ignore them here.",
                  kEditorRoots},
                 CheckOtherPort});
  out.push_back({{"problems.editor.test-file", S::kWarning, "Problems only in test files",
                  "Editor-only errors in _test.go files.",
                  "go build does not compile tests, so it passes; go vet and go test fail.",
                  "Run go vet ./... or go test ./... and fix them.",
                  kEditorRoots},
                 CheckTestFile});
  out.push_back({{"problems.editor.ignored-file", S::kWarning, "Problems in //go:build ignore files",
                  "Editor-only errors in standalone files (package main with //go:build ignore).",
                  "gopls type-checks such a file alone; go build ./... skips it, go run FILE fails.",
                  "Fix the file or its build instructions.",
                  kEditorRoots},
                 CheckIgnoredFile});
  out.push_back({{"problems.editor.excluded-file", S::kWarning, "An open file is in no package gopls builds",
                  "gopls's \"No packages found for open file\": build tags, GOOS/GOARCH or cgo exclude the file.",
                  "No type checking, navigation or completion in that file.",
                  "Give gopls the tags the file needs (build.buildFlags), or accept that it is for another build.",
                  kEditorRoots},
                 CheckExcludedFile});
  out.push_back({{"problems.editor.analysis", S::kInfo, "Analyzer diagnostics (the code compiles)",
                  "Diagnostics of gopls's analyzers (vet suite, staticcheck, simplifiers) that go build never reports.",
                  "They look like errors in the editor but are advice; they are not why a build fails.",
                  "Fix them, or configure ui.diagnostic.analyses."},
                 CheckAnalysis});
  out.push_back({{"problems.editor.unexplained", S::kWarning, "An editor-only error no experiment explains",
                  "An error the editor shows that the terminal does not, reproduced by no single editor/terminal difference.",
                  "Stale gopls state, unsaved buffers, or a difference godiag does not model.",
                  "Restart the language server; compare the environments.",
                  kEditorRoots},
                 CheckUnexplained});
  out.push_back({{"problems.editor.stale", S::kWarning, "The editor shows a problem a fresh gopls does not",
                  "A text given with --seen that a fresh gopls, started as the editor starts it, does not publish.",
                  "gopls rereads closed files only when the editor tells it they changed; old errors persist.",
                  "Restart the language server, or set \"fileWatcher\": \"fsnotify\"."},
                 CheckStale});
  out.push_back({{"problems.editor.incomplete", S::kWarning, "The editor's view could not be had completely",
                  "gopls could not be started, ended early, was busy at the deadline, or the file limit was reached.",
                  "Problems may be missing from the comparison.",
                  "See the gopls findings; raise --max-files or the deadline.",
                  kEditorRoots},
                 CheckIncomplete});
  out.push_back({{"problems.terminal-only", S::kWarning, "Errors the terminal prints that the editor does not show",
                  "go build / go vet errors with no matching diagnostic in the editor.",
                  "gopls does not run the compiler or the linker: body-less functions, cgo and link errors, and the "
                  "build of files it excludes are never shown in the editor.",
                  "Fix them; the terminal's build is the truth for them."},
                 CheckTerminalOnly});
  out.push_back({{"problems.both", S::kInfo, "Problems both the editor and the terminal report",
                  "Errors the editor and the terminal agree on.", "They are in the code, not in the setup.",
                  "Fix the code."},
                 CheckBoth});
}

}  // namespace godiag::rules

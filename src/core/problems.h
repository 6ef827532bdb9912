// Evidence of `godiag problems`: the diagnostics the editor's gopls publishes for the
// workspace, the terminal's go list / go build / go vet errors, which side sees each, and
// the cause of each editor-only (or terminal-only) problem as an experiment confirmed it.
// Plain data filled by collect/problems; read by rules/problems and the writers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace godiag::core {

enum class ProblemSeverity { kError = 1, kWarning = 2, kInfo = 3, kHint = 4 };
const char* ProblemSeverityName(ProblemSeverity s);

enum class SeenBy { kEditor, kTerminal, kBoth };
const char* SeenByName(SeenBy s);

/// Why a problem is seen by one side only.
enum class CauseKind {
  kNone,             ///< not explained
  kEnv,              ///< one environment variable differs (name, both values, its source)
  kGoBinary,         ///< the editor's gopls runs another go binary
  kBuildFlag,        ///< a flag of build.buildFlags / go.buildFlags / go.buildTags
  kOtherPort,        ///< gopls's extra view for another GOOS/GOARCH (" [windows]")
  kTestFile,         ///< only in a _test.go file: go build does not compile tests, go vet does
  kIgnoredFile,      ///< a `//go:build ignore` file gopls loads alone
  kExcludedFile,     ///< gopls found no package for the file (build tags, GOOS, cgo)
  kAnalysis,         ///< an analyzer's diagnostic: the code compiles
  kOfflineReload,    ///< gopls's reloads run with GOPROXY=off and the module is not in its cache
  kImportReason,     ///< "could not import": the real reason is in go list's DepsErrors
  kOldGopls,         ///< gopls was built with a Go older than the module's go line
  kGoplsOnlyCheck,   ///< terminal-only: a check gopls does not do (compiler, linker, cgo)
  kErrorLimit,       ///< terminal-only: past go build's tenth error / go vet's first
  kStale,            ///< the editor shows it, a fresh gopls does not
  kWorkspaceRoot,    ///< the folder opened is not the module root gopls needs
  kModuleHygiene,    ///< go mod tidy / go.sum diagnostics: not a build error
};
const char* CauseKindName(CauseKind k);

struct ProblemCause {
  CauseKind kind = CauseKind::kNone;
  std::string name;        ///< the variable or flag ("GOOS", "-tags=integration"), "" when none
  std::string editor_value;
  std::string terminal_value;
  std::string source;      ///< where the editor's value comes from ("go.toolsEnvVars, /h/settings.json:2")
  std::string command;     ///< the reproducing terminal command ("GOOS=windows go build ./...")
  bool confirmed = false;  ///< the command was run and reproduced the problem
  std::string detail;      ///< what the experiment showed, or the real reason ("module lookup disabled by GOPROXY=off")
};

struct RelatedInfo {
  std::string file;
  int line = 0;
  std::string message;
};

/// One problem, positioned as the terminal prints it (1-based line, 1-based byte column).
struct Problem {
  std::string file;          ///< absolute path ("" = no file: a workspace load error)
  int line = 0;
  int column = 0;
  ProblemSeverity severity = ProblemSeverity::kError;
  std::string source;        ///< gopls's source ("compiler", "go list", "printf", …) or the go command ("go build")
  std::string code;          ///< gopls's code ("UndeclaredName"), "" when none
  std::string message;       ///< as the editor (or, terminal-only, the terminal) shows it
  std::string terminal_message;  ///< the terminal's text when both see it
  std::string terminal_source;   ///< the terminal command that printed it ("go build", "go vet")
  SeenBy seen_by = SeenBy::kEditor;
  std::string package_dir;   ///< the package's directory
  std::vector<RelatedInfo> related;
  ProblemCause cause;
};

/// One terminal command of the terminal's view.
struct TerminalCheck {
  std::string command;       ///< "go build ./..."
  std::string dir;
  int exit_code = -1;
  bool timed_out = false;
  double took_ms = 0;
  std::optional<std::string> error;  ///< godiag could not run it
  int problems = 0;          ///< problems it reported
};

/// One experiment: a terminal command with one editor difference applied.
struct Experiment {
  std::string difference;    ///< "GOOS=windows", "-tags=integration", "the editor's go (/opt/go1.22/bin/go)"
  std::string command;
  bool reproduced = false;   ///< it printed the editor-only problem(s) it was run for
  int exit_code = -1;
  double took_ms = 0;
};

struct ProblemsScan {
  bool ran = false;
  std::optional<std::string> skipped;    ///< why the editor's view could not be had ("no gopls found")
  std::vector<std::string> folders;      ///< workspace folders opened
  std::string gopls_path;
  std::string gopls_version;             ///< "v0.23.0"
  std::string gopls_go_version;          ///< the Go gopls was built with ("go1.26.8")
  std::string module_go_version;         ///< the highest go line of the workspace's modules
  int files_found = 0;                   ///< Go files under the folders (after directoryFilters)
  int files_opened = 0;
  int file_limit = 0;
  bool editor_done = false;              ///< gopls finished (progress ended and quiet) before the deadline
  double editor_ms = 0;
  std::optional<std::string> editor_error;  ///< gopls could not be started or ended early
  std::vector<std::string> load_errors;  ///< "Error loading workspace" progress, error showMessage / logMessage
  std::vector<std::string> views;        ///< gopls.views: "GoMod /dir [GOOS=windows]"
  std::vector<TerminalCheck> terminal;
  std::vector<Experiment> experiments;
  std::vector<Problem> problems;         ///< sorted by file, line, column
  std::vector<std::string> seen_not_reproduced;  ///< --seen texts a fresh gopls does not publish
  double total_ms = 0;
};

}  // namespace godiag::core

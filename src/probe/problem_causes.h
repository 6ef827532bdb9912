// The cause of each one-sided problem: classified from its text, source and file (gopls's
// view suffix, _test.go, a standalone file, an analyzer, an unresolved import), then
// confirmed by experiment — the terminal's check of the problem's package re-run with one
// editor difference applied at a time; the first that reproduces it is the cause.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/problems.h"
#include "platform/process_runner.h"
#include "probe/go_output.h"

namespace godiag::probe {

/// One way the editor's build differs from the terminal's.
struct Difference {
  core::CauseKind kind = core::CauseKind::kEnv;  ///< kEnv, kGoBinary or kBuildFlag
  std::string name;             ///< "GOOS", "go", "-tags=integration"
  std::string editor_value;     ///< "" with editor_set false: the editor leaves it unset
  bool editor_set = true;
  std::string terminal_value;
  std::string source;           ///< where the editor's value comes from
  std::vector<std::string> flag_args;  ///< kBuildFlag: the arguments ("-tags", "integration")
};

/// What the experiments need to know about the two sides.
struct CauseContext {
  std::string terminal_go = "go";
  std::map<std::string, std::string> terminal_env;
  std::map<std::string, std::string> editor_env;  ///< the gopls process's, with build.env
  std::vector<Difference> differences;
  std::vector<std::string> views;                 ///< gopls.views texts
  std::vector<std::string> standalone_files;
  std::map<std::string, std::vector<std::string>> ignored_files;  ///< package dir -> IgnoredGoFiles (terminal go list)
  std::map<std::string, std::vector<std::string>> too_many_errors; ///< package dirs where go build stopped at 10
  std::map<std::string, bool> vet_failed;         ///< package dir -> terminal go vet printed a type error
  std::map<std::string, std::string> file_texts;  ///< path -> text (for build tags)
  std::string gopls_go_version;                   ///< "go1.22.12"
  std::string module_go_version;                  ///< "1.24"
  std::chrono::milliseconds timeout{120000};
};

/// Runs one go command: argv after "go", in `dir`, with `env`; `go` is the binary.
using GoRunner = std::function<platform::ProcessResult(const std::string& go, const std::vector<std::string>& args,
                                                       const std::string& dir, const std::map<std::string, std::string>& env)>;

/// Classifies and, where a terminal command can show it, confirms the cause of every problem
/// seen by one side only. `roots` maps a package dir to its module root (where commands run).
void ExplainProblems(std::vector<core::Problem>& problems, const CauseContext& ctx,
                     const std::function<std::string(const std::string&)>& module_root, const GoRunner& run,
                     std::vector<core::Experiment>& experiments);

/// The directory of a path ("." without one, "/" for the root's files), as filepath.Dir.
std::string Dir(const std::string& path);

/// "GOOS=windows go build ./cmd" — the command as a user types it in the module root.
std::string CommandText(const Difference* d, const std::string& go, const std::vector<std::string>& args);

}  // namespace godiag::probe

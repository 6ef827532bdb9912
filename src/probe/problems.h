// `godiag problems`: the editor's view (its gopls on the workspace, every Go file opened)
// against the terminal's (go list / go build / go vet per module, concurrently), merged, and
// each one-sided problem explained by experiment: the terminal's check re-run with one
// editor difference at a time (a variable, the go binary, a build flag, the other port).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/problems.h"
#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::probe {

struct ProblemsOptions {
  std::string dir;                          ///< the folder (absolute)
  size_t file_limit = 1000;                 ///< Go files opened in the editor at most
  std::vector<std::string> seen;            ///< texts the user sees in the editor (--seen)
  std::chrono::milliseconds editor_timeout{180000};
  std::chrono::milliseconds check_timeout{300000};  ///< each terminal command
  std::chrono::milliseconds quiet{1500};
  int64_t client_pid = 0;
  std::string godiag_version;
  /// A status line while gopls loads (nullptr = quiet).
  std::function<void(const std::string&)> status;
};

core::ProblemsScan RunProblems(const platform::Platform& p, const core::Snapshot& snap, const ProblemsOptions& options);

/// The Go files an editor opening `folder` would open, sorted: not in a folder that starts
/// with '.' or '_', testdata, vendor, node_modules, or one a gopls directoryFilters entry
/// ("-path", "-**/name") removes. Pure: `list` lists a folder's entries (name, is_dir).
struct DirEntry {
  std::string name;
  bool dir = false;
};
std::vector<std::string> WorkspaceGoFiles(
    const std::string& folder, const std::vector<std::string>& directory_filters,
    const std::function<std::vector<DirEntry>(const std::string&)>& list, size_t cap);

/// True when `text` is a standalone file for gopls: `package main` with exactly
/// `//go:build <tag>` for a tag of standaloneTags (default "ignore").
bool IsStandaloneFile(std::string_view text, const std::vector<std::string>& standalone_tags);

/// The build tags of a file's `//go:build` line that are not a GOOS, GOARCH, goX.Y, cgo or a
/// compiler ("integration" of `//go:build integration && !race`).
std::vector<std::string> CustomBuildTags(std::string_view text);

}  // namespace godiag::probe

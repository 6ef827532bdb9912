// Which go, gopls, dlv and git the terminal and the editor would run, their versions and the
// Go they were built with, found the way vscode-go finds them; and PATH hygiene.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "collect/editor_model.h"
#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

struct BuildInfo {
  std::string go_version;   ///< "go1.24.1"
  std::string path;         ///< main package path
  std::string mod_version;  ///< main module version, e.g. "v0.20.0"
};

/// `go version -m BINARY` output: "<file>: go1.x.y", then tab-indented path/mod/dep/build lines.
BuildInfo ParseGoVersionM(std::string_view out);

/// "go version go1.26.8 linux/amd64" -> "go1.26.8" ("" when not that shape).
std::string ParseGoVersionOutput(std::string_view out);

/// Empty, relative, missing, not-a-directory and duplicate PATH entries.
std::vector<core::PathEntryProblem> CheckPathEntries(std::string_view path_value, const platform::FileSystem& fs);

/// What the terminal runs: every go on PATH with its version, git, PATH hygiene (PATH is
/// never read from go's env files, so the process environment decides). Child processes
/// run concurrently, each with a 10 s deadline.
core::Tools CollectTerminalTools(const platform::Platform& p, const std::map<std::string, std::string>& terminal_env);

/// GOROOT exists, is a directory, has bin/go; its VERSION file.
core::GorootCheck CheckGoroot(const platform::FileSystem& fs, const std::string& goroot);

/// gopls and dlv found the way vscode-go finds them once activated (FindEditorTool), with the
/// Go they were built with; the PATH hygiene of the environment it starts them with.
void CollectEditorTools(const platform::Platform& p, const Activation& activation,
                        const core::EditorSettings& editor, core::Tools& tools);

}  // namespace godiag::collect

// The debug launch configuration vscode-go would use (facts/dap.md §2.5–2.6): read from
// .vscode/launch.json (JSONC) or the `launch` section of the workspace settings, picked by
// name, else the first `type: go` launch configuration, else `mode: debug` on the
// workspace's main package; variables substituted; every field checked against what
// vscode-go and Delve accept, with file:line and a nearest-key hint. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dap.h"
#include "platform/file_system.h"

namespace godiag::collect {

struct LaunchInputs {
  std::string workspace_dir;                 ///< absolute
  std::string launch_json_path;              ///< "" = none
  std::optional<std::string> launch_json;    ///< its text, when it exists
  std::string settings_path;                 ///< where `launch` was found in settings ("" = none)
  int settings_line = 0;
  std::optional<std::string> settings_launch;  ///< the `launch` setting's JSON value
  std::optional<std::string> delve_config;   ///< the go.delveConfig setting's JSON (defaults for dlvFlags, showLog, logOutput, debugAdapter)
  std::string name;                          ///< --config NAME ("" = pick)
  std::string main_dir;                      ///< a main package directory ("" = none found)
  std::string active_file;                   ///< stands in for ${file} ("" = a .go file of main_dir)
  std::map<std::string, std::string> env;    ///< the editor's environment, for ${env:…}
  std::string os = "linux";
};

/// The launch attributes vscode-go (package.json) and Delve (service/dap/types.go) know.
const std::vector<std::string>& KnownLaunchKeys();

/// VS Code's ${…} variables as vscode-go sees them; unknown ones are left as they are and
/// named in `unresolved`.
std::string SubstituteLaunchVariables(std::string_view value, const LaunchInputs& in, const std::string& file,
                                      std::vector<std::string>* unresolved);

/// An envFile's lines (KEY=VALUE, `#` comments, optional quotes, `export ` ignored).
std::map<std::string, std::string> ParseEnvFile(std::string_view text);

/// Resolves the configuration. `fs` checks `program` and reads `envFile`.
core::DapLaunchConfig ResolveLaunchConfig(const LaunchInputs& in, const platform::FileSystem& fs);

/// The first directory (DIR, then its subdirectories a level down, sorted) with a
/// `package main` .go file; "" when none.
std::string FindMainPackageDir(const platform::FileSystem& fs, const std::string& dir);

}  // namespace godiag::collect

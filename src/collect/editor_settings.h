// Reads VS Code's settings files the way VS Code merges them and the way VS Code's Go
// extension (vscode-go) then reads its Go settings: go.toolsEnvVars, go.goroot, gopls, ...
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/jsonc.h"
#include "core/editor_settings.h"
#include "platform/platform.h"

namespace godiag::collect {

/// The settings files VS Code may read, lowest precedence first: user settings of Code,
/// Code - Insiders and VSCodium, the remote-server machine settings of each, then
/// <dir>/.vscode/settings.json. All have exists=false. *.code-workspace files need a
/// directory listing, so CollectEditorSettings adds them (before the folder settings).
std::vector<core::SettingsFile> SettingsFileCandidates(const std::string& os,
                                                       const std::map<std::string, std::string>& env,
                                                       const std::string& workspace_dir);

/// One settings file as read. `settings` is empty when the file is missing or broken.
struct ParsedSettingsFile {
  core::SettingsFile file;
  std::optional<JsoncDocument> settings;  ///< the settings object, key lines as in the file
  std::vector<std::string> folders;       ///< *.code-workspace "folders", made absolute
};

/// Parses a settings.json (or, for scope kWorkspaceFile, a *.code-workspace whose
/// "settings" object is taken). A parse error lands in file.parse_error as
/// "path:line:col: message". Pure.
ParsedSettingsFile ParseSettingsFile(core::SettingsFile file, std::string_view text);

/// What vscode-go's substitutions read: its process environment and the workspace folder.
struct SubstitutionContext {
  std::string os;                           ///< "linux", "darwin", "windows"
  std::map<std::string, std::string> env;   ///< for ${env:VAR} and the home directory
  std::string workspace_folder;             ///< "" when no folder is open
};

/// vscode-go's resolvePath(substituteEnv(value)): ${env:VAR} (unset -> ""), then
/// ${workspaceFolder}/${workspaceRoot}/${workspaceFolderBasename} when a folder is open,
/// then a leading "~" joined onto the home directory with Node's path.join.
std::string SubstituteLikeVscodeGo(std::string_view value, const SubstitutionContext& ctx);

/// VS Code's precedence (user < remote < workspace file < folder; objects deep-merged at
/// every level, arrays and scalars replaced), then vscode-go's reading of the result.
/// Only one product's user and remote files take part: the first of Code, Code - Insiders,
/// VSCodium that has either; the others are listed in `files` but not merged. Only the
/// first *.code-workspace that parses takes part. Unknown keys are reported for every
/// file that parses. Pure.
core::EditorSettings MergeEditorSettings(const std::vector<ParsedSettingsFile>& files,
                                         const SubstitutionContext& ctx);

/// Reads every candidate file through `p.fs` and merges them. `env` is the environment
/// the editor (and so vscode-go) would have.
core::EditorSettings CollectEditorSettings(const platform::Platform& p, const std::string& workspace_dir,
                                           const std::map<std::string, std::string>& env);

}  // namespace godiag::collect

// Plain data for the editor's (VS Code) settings as VS Code reads them, with file:line of
// every value. Filled by collect/editor_settings; read by rules and the env model.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace godiag::core {

/// Scopes in VS Code's precedence order (later wins; objects are deep-merged).
enum class SettingsScope { kUser, kRemote, kWorkspaceFile, kWorkspaceFolder };

const char* SettingsScopeName(SettingsScope s);

struct SettingsFile {
  std::string path;
  SettingsScope scope = SettingsScope::kUser;
  std::string product;                     ///< "Code", "Code - Insiders", "VSCodium", "" for workspace files
  bool exists = false;
  std::optional<std::string> parse_error;  ///< "path:line:col: message"
};

struct SettingLocation {
  std::string file;
  int line = 0;
  SettingsScope scope = SettingsScope::kUser;
};

/// One top-level setting after precedence (for object values: after the deep merge).
struct EditorSetting {
  std::string key;
  nlohmann::json value;
  SettingLocation where;  ///< where the winning (or, for merged objects, last) value was written
};

/// One environment assignment from go.toolsEnvVars or gopls build.env.
struct EnvAssignment {
  std::string name;
  std::string raw;                 ///< as written
  std::string value;               ///< after ${env:…}, ${workspaceFolder}, ~ substitution
  SettingLocation where;
  std::optional<std::string> problem;  ///< e.g. "value is not a string"
};

struct UnknownSetting {
  std::string key;
  SettingLocation where;
  std::optional<std::string> suggestion;  ///< nearest real key
};

struct EditorSettings {
  std::vector<SettingsFile> files;              ///< every file considered, in precedence order
  std::map<std::string, EditorSetting> merged;  ///< effective top-level keys
  std::vector<UnknownSetting> unknown_keys;     ///< go.* keys vscode-go does not define, and unknown gopls keys
  std::vector<EnvAssignment> tools_env_vars;    ///< go.toolsEnvVars, substituted
  std::vector<EnvAssignment> gopls_build_env;   ///< gopls["build.env"], substituted
  std::optional<EditorSetting> goroot;          ///< go.goroot (substituted)
  std::optional<EditorSetting> gopath;          ///< go.gopath
  std::optional<EditorSetting> tools_gopath;    ///< go.toolsGopath (substituted)
  bool activate_environment = true;             ///< go.terminal.activateEnvironment (JavaScript truthiness)
  std::optional<EditorSetting> http_proxy;      ///< http.proxy
  std::map<std::string, EditorSetting> alternate_tools;  ///< go.alternateTools entries
  std::vector<std::string> language_server_flags;        ///< go.languageServerFlags
  bool use_language_server = true;                       ///< go.useLanguageServer
  std::vector<std::string> gopls_build_flags;            ///< gopls["build.buildFlags"]
  std::vector<std::string> workspace_folders;  ///< folders of the *.code-workspace in the folder (absolute), if any
};

}  // namespace godiag::core

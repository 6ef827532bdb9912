// The two effective environments: the terminal's go command, and gopls as the editor
// starts it (vscode-go's rules), each variable with the source that decided it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/snapshot.h"

namespace godiag::collect {

/// Variables shown by `godiag env` and compared between terminal and editor.
const std::vector<std::string>& TrackedVariables();

/// True for variables the go command also reads from its env files.
bool ReadFromEnvFiles(const std::string& name);

/// Process-level values with their sources (what a process is started with).
using ProcessEnv = std::map<std::string, core::EnvValue>;

/// Wraps a plain environment, every value tagged with `kind`.
ProcessEnv TagEnvironment(const std::map<std::string, std::string>& env, core::SourceKind kind);

/// Plain KEY=VALUE view of a ProcessEnv.
std::map<std::string, std::string> Plain(const ProcessEnv& env);

/// The extension host's environment at activation: what VS Code inherited, then go.goroot
/// applied as GOROOT when it names an existing directory (`goroot_is_dir`; vscode-go's
/// setGOROOTEnvVar ignores it otherwise).
ProcessEnv ExtensionHostEnv(const std::map<std::string, std::string>& inherited, core::SourceKind inherited_kind,
                            const core::EditorSettings& settings, bool goroot_is_dir);

/// vscode-go's toolExecutionEnvironment(): the host's environment + go.toolsEnvVars +
/// http.proxy (as http_proxy, HTTP_PROXY, https_proxy, HTTPS_PROXY), then GOPATH set to
/// go.gopath or else the host's GOPATH (over toolsEnvVars' GOPATH), then `-json` removed from
/// GOFLAGS. gopls, dlv and the extension's own go commands are started with it.
ProcessEnv ToolExecutionEnv(const ProcessEnv& host, const core::EditorSettings& settings);

/// gopls applies its build.env setting to every go command it runs.
ProcessEnv WithGoplsBuildEnv(ProcessEnv env, const core::EditorSettings& settings);

/// vscode-go's updateGoVarsFromConfig copies GOPATH, GOPROXY, GOBIN and GOMODCACHE from its
/// `go env -json` into the host's environment where they are unset there (values trimmed).
/// GOROOT becomes only the extension's own current GOROOT, not an environment variable.
void ApplyGoEnvFillIns(ProcessEnv& env, const std::map<std::string, std::string>& go_env_json);

/// What the go command resolves for every tracked variable: process value if non-empty,
/// else user env file, else $GOROOT/go.env, else the go command's computed default. With
/// `unknown` set (no go could run), what would come after the user env file is unknown
/// for that reason, never empty.
core::EffectiveEnv ResolveEnvironment(const ProcessEnv& process, const core::EnvFile& user_file,
                                      const core::EnvFile& goroot_file,
                                      const std::map<std::string, std::string>& go_env_json,
                                      const std::optional<std::string>& unknown = std::nullopt);

/// Plain effective values of a resolved environment.
std::map<std::string, std::string> Values(const core::EffectiveEnv& env);

}  // namespace godiag::collect

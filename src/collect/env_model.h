// The two effective environments: the terminal's go command, and gopls as the editor
// starts it (vscode-go's rules), each variable with the source that decided it.
#pragma once

#include <map>
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

/// The environment vscode-go hands to gopls, before its fill-ins: inherited env, go.goroot,
/// go.toolsEnvVars, http.proxy, go.gopath, `-json` removed from GOFLAGS, then gopls build.env
/// (which gopls applies to the go commands it runs).
ProcessEnv BuildEditorProcessEnv(const std::map<std::string, std::string>& inherited,
                                 core::SourceKind inherited_kind, const core::EditorSettings& settings);

/// vscode-go copies GOPATH, GOROOT, GOPROXY, GOBIN, GOMODCACHE from `go env -json` into the
/// environment when they are unset there.
void ApplyGoEnvFillIns(ProcessEnv& env, const std::map<std::string, std::string>& go_env_json);

/// What the go command resolves for every tracked variable: process value if non-empty,
/// else user env file, else $GOROOT/go.env, else the go command's computed default.
core::EffectiveEnv ResolveEnvironment(const ProcessEnv& process, const core::EnvFile& user_file,
                                      const core::EnvFile& goroot_file,
                                      const std::map<std::string, std::string>& go_env_json);

/// Plain effective values of a resolved environment.
std::map<std::string, std::string> Values(const core::EffectiveEnv& env);

}  // namespace godiag::collect

// VS Code's Go extension at activation, step by step (goMain.ts activate,
// goInstallTools.ts updateGoVarsFromConfig): the go it finds, its `go env`, the variables it
// fills in and the PATH change it makes, then the gopls and dlv it finds and the environment
// it starts them with.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "collect/env_model.h"
#include "collect/vscode_go_lookup.h"
#include "core/snapshot.h"
#include "platform/file_system.h"

namespace godiag::collect {

/// Runs `go env -json` with the given go binary and environment (the caller may reuse a run).
using GoEnvFn =
    std::function<core::GoEnvRun(const std::string& go, const std::map<std::string, std::string>& env)>;

struct ActivationInputs {
  std::map<std::string, std::string> inherited;  ///< what the extension host starts with
  core::SourceKind inherited_kind = core::SourceKind::kLoginShell;
  const core::EditorSettings* settings = nullptr;
  HostOs os = HostOs::kLinux;
};

struct Activation {
  core::EditorModel model;
  ProcessEnv host;                     ///< the extension host's environment once activated
  ProcessEnv tools;                    ///< what gopls, dlv and go are started with
  core::GoEnvRun go_env;               ///< `go env` as gopls's go command resolves it
  std::optional<std::string> unknown;  ///< why the go command's values are unknown for the editor
};

/// addGoRuntimeBaseToPATH: `dir` first, its other copies removed.
std::string PrependToPathList(HostOs os, const std::string& path_list, const std::string& dir);

/// The extension's activation. When it finds no go, or its `go env` fails, it stops before
/// starting gopls (`model.stopped`), and the go command's values are unknown.
Activation ModelActivation(const platform::FileSystem& fs, const ActivationInputs& in, const GoEnvFn& go_env);

/// gopls or dlv found as the extension finds them after activation (go.alternateTools,
/// GOBIN, go.toolsGopath and GOPATH bins, GOROOT/bin, PATH). When activation stopped, the
/// lookup is not made: `unknown` says why.
core::ToolInfo FindEditorTool(const platform::FileSystem& fs, const std::string& tool, const Activation& a,
                              const core::EditorSettings& settings, HostOs os);

}  // namespace godiag::collect

// The environment a GUI-launched editor inherits: VS Code resolves it by running the
// user's shell as an interactive login shell and reading its environment.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/expected.h"
#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

/// The marker written before and after `env -0` output (shell start-up noise is ignored).
inline constexpr std::string_view kShellEnvMarker = "\x1fGODIAG-SHELL-ENV\x1f";

/// Extracts the NUL-separated KEY=VALUE list between the two markers.
core::Expected<std::map<std::string, std::string>> ParseMarkedEnv(std::string_view out);

/// Shell arguments VS Code uses to resolve the environment (`-ic` for csh/tcsh, else `-i -l -c`).
std::vector<std::string> ShellEnvArgv(const std::string& shell);

/// Runs $SHELL (from `process_env`) with a deadline; failures are recorded, not returned.
core::LoginShellEnv CollectLoginShellEnv(const platform::Platform& p,
                                         const std::map<std::string, std::string>& process_env,
                                         std::chrono::milliseconds timeout);

}  // namespace godiag::collect

// The environment VS Code itself starts with when launched from the desktop: the desktop
// session's (on systemd desktops the user manager's), from which it resolves the login
// shell's. Started with `code .` from a terminal, it inherits that terminal's instead.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

/// `systemctl --user show-environment` output: KEY=VALUE lines, values possibly quoted as
/// $'…' (C escapes) or "…" (systemd's shell quoting). Lines without '=' are skipped.
std::map<std::string, std::string> ParseSystemdEnvironment(std::string_view out);

/// PATH a desktop session starts with when nothing else sets it (systemd's user manager on
/// Linux, launchd on macOS).
std::string DefaultDesktopPath(const std::string& os);

/// A desktop-like environment built from the terminal's: HOME, USER, LOGNAME, SHELL, LANG,
/// LANGUAGE and LC_*, and the default PATH. Everything else a terminal exports is left out.
std::map<std::string, std::string> MinimalDesktopEnv(const std::map<std::string, std::string>& terminal_env,
                                                     const std::string& os);

enum class LaunchedFrom { kDesktop, kTerminal };

/// What VS Code starts with: from a terminal, that terminal's environment; from the desktop,
/// the systemd user manager's environment where it can be read (Linux), else MinimalDesktopEnv.
core::EditorLaunch CollectEditorLaunch(const platform::Platform& p, const std::map<std::string, std::string>& terminal_env,
                                       LaunchedFrom from, std::chrono::milliseconds timeout);

}  // namespace godiag::collect

// The lsp tap, shared by `godiag lsp tap` and godiag invoked under a server's name.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "platform/platform.h"

namespace godiag::cli {

struct TapOptions {
  std::vector<std::string> argv;  ///< the server command
  std::string trace;              ///< "" = the default location; "none" = do not record
  bool check = false;
};

/// Relays and records; returns the server's exit code (128+signal when killed).
int RunTap(const platform::Platform& p, const TapOptions& o, std::ostream& err);

/// $XDG_CACHE_HOME (or ~/.cache)/godiag/traces/<server>-<UTC time>-<pid>.trace
std::string DefaultTracePath(const std::map<std::string, std::string>& env, const std::string& server, long pid);

/// When godiag runs under another name (a link or copy named `gopls`, or a name listed in
/// $XDG_CONFIG_HOME/godiag/tap-names): the real server further along PATH, never godiag itself.
/// "" when godiag runs as itself; an error when no real server is found.
core::Expected<std::string> TapTargetForInvocation(const platform::Platform& p, const std::string& argv0);

}  // namespace godiag::cli

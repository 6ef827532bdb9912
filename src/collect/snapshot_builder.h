// Collects every piece of evidence into one Snapshot, running independent collectors
// concurrently (the doctor's wall time is the slowest collector, not the sum).
#pragma once

#include <chrono>
#include <string>

#include "collect/desktop_env.h"
#include "core/snapshot.h"
#include "platform/platform.h"

namespace godiag::collect {

struct CollectOptions {
  std::string dir;                 ///< workspace folder, absolute
  bool offline = false;
  bool no_lsp = false;
  bool lsp_open = true;            ///< the handshake probe opens one Go file (false: `problems` opens them all)
  bool with_tools = true;          ///< false for `env` / `route`, which do not need tool versions
  bool editor_side = true;         ///< false: the editor's environment is not read (login shell, settings); it equals the terminal's
  LaunchedFrom launched_from = LaunchedFrom::kDesktop;  ///< how VS Code was started (--from-terminal)
  bool nested_modules = true;      ///< false: go.mod files below the folder are not looked for
  bool warm_network = false;       ///< the command will use the network: HttpClient::Warm() once `go env` runs
  std::chrono::milliseconds lsp_timeout{20000};  ///< deadline of the gopls handshake probe
  std::string godiag_version;      ///< sent as clientInfo.version
  std::chrono::milliseconds child_timeout{10000};  ///< deadline of every child process
  std::chrono::milliseconds net_timeout{15000};    ///< one deadline for all network probes
};

core::Snapshot CollectSnapshot(const platform::Platform& p, const CollectOptions& options);

/// First executable `name` on a PATH value, "" when none (empty entries mean ".").
std::string LookPath(const platform::FileSystem& fs, const std::string& name, const std::string& path_value);

}  // namespace godiag::collect

// What `dap probe` starts: the dlv vscode-go would run (from the Snapshot's tool search),
// its command line (`dlv dap [dlvFlags] [--log …] --listen=127.0.0.1:0`), the editor's
// environment plus the configuration's env, the program's folder, and the launch request
// vscode-go would send (facts/dap.md §2.2, §2.5); or a server named on the command line.
#pragma once

#include <string>
#include <vector>

#include "core/snapshot.h"
#include "platform/file_system.h"
#include "platform/process_runner.h"
#include "probe/dap_probe.h"

namespace godiag::probe {

/// The editor's dlv with `config`. When no dlv was found the result's seed has
/// not_found set and the searched places (nothing to run).
DapProbeOptions EditorDelveTarget(const core::Snapshot& snap, const core::DapLaunchConfig& config,
                                  const platform::FileSystem& fs, const platform::ProcessRunner& runner);

/// A server given as `-- CMD ARGS` (stdio, or `dlv dap` with its listening line) or
/// `--connect ADDR`, launched with `config`.
DapProbeOptions ExplicitDapTarget(const std::vector<std::string>& argv, const std::string& connect,
                                  const std::string& dir, const core::DapLaunchConfig& config,
                                  const std::map<std::string, std::string>& env);

/// The launch request's arguments vscode-go sends for `config` (program rewritten to "."
/// or "./file.go" relative to the build dir, golang/vscode-go#1713).
std::string LaunchArguments(const core::DapLaunchConfig& config);

/// `dlv version` of `dlv` ("" when it cannot run or says something else).
std::string ReadDlvVersion(const platform::ProcessRunner& runner, const std::string& dlv,
                           const std::map<std::string, std::string>& env);

/// "Delve Debugger\nVersion: 1.27.2\n…" -> "1.27.2".
std::string ParseDlvVersion(std::string_view out);

}  // namespace godiag::probe

// The debugger probe: starts Delve the way vscode-go starts it (`dlv dap --listen=…` in the
// program's folder, then TCP), or any DAP server over stdio or a socket, and runs
// initialize → launch (stopOnEntry, output into a private temp dir) → setFunctionBreakpoints
// → configurationDone → stopped → disconnect {terminateDebuggee}. Every wait has a deadline;
// the server, the debuggee and the built binary are always gone at the end, also when
// godiag is interrupted. Records phases, output events, stderr and error texts as evidence.
#pragma once

#include <chrono>
#include <string>

#include "core/dap.h"
#include "platform/clock.h"
#include "platform/file_system.h"
#include "platform/probe_support.h"
#include "platform/server_channel.h"

namespace godiag::probe {

enum class DapTransport {
  kDelveListen,  ///< spawn; read "DAP server listening at: ADDR" from stdout; connect over TCP
  kStdio,        ///< spawn; DAP over the child's stdin/stdout
  kConnect,      ///< connect to `connect` ("tcp:HOST:PORT" / "unix:PATH")
};

struct DapProbeOptions {
  std::string label;
  DapTransport transport = DapTransport::kDelveListen;
  platform::ProcessSpec spec;       ///< the server command (not for kConnect)
  std::string connect;
  std::string launch_arguments = "{}";  ///< JSON object; the probe adds stopOnEntry and output
  std::chrono::milliseconds timeout{120000};      ///< the whole probe
  std::chrono::milliseconds listen_timeout{30000};  ///< vscode-go waits 30 s for the banner
  std::chrono::milliseconds request_timeout{10000};  ///< initialize, breakpoints, configurationDone, disconnect
  std::chrono::milliseconds exit_wait{2000};      ///< after disconnect, before SIGTERM / SIGKILL
  core::DapProbeResult seed;        ///< label, server info and config carried into the result
};

core::DapProbeResult RunDapProbe(const platform::ServerLauncher& launcher, const platform::Clock& clock,
                                 const platform::ProbeSupport& support, const platform::FileSystem& fs,
                                 const DapProbeOptions& options);

/// "DAP server listening at: 127.0.0.1:45565" -> "127.0.0.1:45565" ("" when not the banner);
/// a wildcard host ("[::]", "0.0.0.0") becomes 127.0.0.1.
std::string ParseListeningLine(std::string_view line, std::string* kind);

/// The Delve releases whose `initialize` capabilities match (facts/dap.md §5.2).
std::string FingerprintDelve(const std::vector<std::string>& capabilities, bool seq_zero);

/// The initialize arguments VS Code sends (facts/dap.md §1.3).
std::string VscodeInitializeArguments();

}  // namespace godiag::probe

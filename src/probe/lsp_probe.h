// The LSP handshake probe: starts (or connects to) a language server, performs
// initialize → initialized → didOpen → shutdown → exit with a deadline on every wait,
// checks every byte the server sends, answers its requests like an editor, and records
// timings, defects, stderr, crashes and hangs as evidence.
#pragma once

#include <chrono>
#include <string>

#include "core/lsp_probe.h"
#include "lsp/client_messages.h"
#include "platform/clock.h"
#include "platform/server_channel.h"

namespace godiag::probe {

struct LspProbeOptions {
  std::string label;
  platform::ProcessSpec spec;      ///< the server command (argv, env, cwd) when connect is ""
  std::string connect;             ///< "tcp:HOST:PORT" or "unix:PATH"
  lsp::ClientIdentity client;
  std::string open_path;           ///< absolute path sent with didOpen ("" = skip the phase)
  std::string open_text;
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds exit_wait{5000};  ///< after `exit`, within the overall timeout
  std::chrono::milliseconds dump_wait{2000};  ///< after SIGQUIT, before SIGKILL
  bool go_server = false;          ///< a Go program: SIGQUIT it on a hang for a goroutine dump
  bool editor = false;             ///< the gopls the editor starts (its findings are about the editor side)
};

core::LspProbeResult RunLspProbe(const platform::ServerLauncher& launcher, const platform::Clock& clock,
                                 const LspProbeOptions& options);

}  // namespace godiag::probe

// A byte channel to a language server: a child process's stdin/stdout (stderr kept apart)
// or a TCP / Unix socket. Non-blocking underneath; every wait has a deadline.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.h"
#include "platform/process_runner.h"

namespace godiag::platform {

using Deadline = std::chrono::steady_clock::time_point;

struct ExitStatus {
  int code = -1;   ///< -1 when killed by a signal
  int signal = 0;
};

/// What one Pump call brought in.
struct ChannelEvents {
  std::string out;                 ///< bytes from the server (stdout or socket)
  std::string err;                 ///< bytes from its stderr
  bool out_closed = false;         ///< stdout / socket reached EOF (now or before)
  std::optional<ExitStatus> exit;  ///< set once the process has ended (now or before)
  bool input_broken = false;       ///< writing failed: the server no longer reads
};

class ServerChannel {
 public:
  virtual ~ServerChannel() = default;
  /// Queues bytes for the server; they are written during Pump.
  virtual void Send(std::string_view bytes) = 0;
  /// Writes queued bytes and waits until the server sends something, exits, or the
  /// deadline passes (then returns empty events).
  virtual ChannelEvents Pump(Deadline deadline) = 0;
  /// Closes the server's input once the queue is written.
  virtual void CloseInput() = 0;
  /// Sends a signal to the server process (not its group). False for sockets.
  virtual bool Signal(int signal) = 0;
  /// Kills the server's whole process group and reaps it.
  virtual void Kill() = 0;
  virtual int pid() const = 0;  ///< 0 for sockets
};

/// Sees the relayed bytes, after they were handed on.
class RelayObserver {
 public:
  virtual ~RelayObserver() = default;
  /// `to_server`: bytes the editor sent; else bytes the server sent. `t_ns` since the start.
  virtual void OnBytes(bool to_server, std::string_view bytes, uint64_t t_ns) = 0;
};

struct RelayResult {
  ExitStatus exit;
  uint64_t to_server = 0;  ///< bytes forwarded editor -> server
  uint64_t to_editor = 0;  ///< bytes forwarded server -> editor
};

class ServerLauncher {
 public:
  virtual ~ServerLauncher() = default;
  /// Starts a server with pipes. kNotFound when the executable does not exist.
  virtual core::Expected<std::unique_ptr<ServerChannel>> Spawn(const ProcessSpec& spec) const = 0;
  /// Connects to "tcp:HOST:PORT" or "unix:PATH".
  virtual core::Expected<std::unique_ptr<ServerChannel>> Connect(const std::string& address,
                                                                 Deadline deadline) const = 0;
  /// Starts the server and relays godiag's stdin to it and its stdout to godiag's stdout,
  /// each chunk forwarded as soon as it is read; the server's stderr is godiag's. Returns
  /// when the server has exited and its output is delivered. SIGTERM, SIGINT and SIGHUP
  /// are passed on to the server.
  virtual core::Expected<RelayResult> Relay(const ProcessSpec& spec, RelayObserver& observer) const = 0;
};

class RealServerLauncher final : public ServerLauncher {
 public:
  core::Expected<std::unique_ptr<ServerChannel>> Spawn(const ProcessSpec& spec) const override;
  core::Expected<std::unique_ptr<ServerChannel>> Connect(const std::string& address,
                                                         Deadline deadline) const override;
  core::Expected<RelayResult> Relay(const ProcessSpec& spec, RelayObserver& observer) const override;
};

}  // namespace godiag::platform

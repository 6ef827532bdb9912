// Runs child processes with a deadline; stdout and stderr are always drained.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/expected.h"

namespace godiag::platform {

struct ProcessSpec {
  std::vector<std::string> argv;  ///< argv[0] is a path or a name looked up in `env`'s PATH
  std::optional<std::map<std::string, std::string>> env;  ///< nullopt = inherit
  std::string cwd;                ///< "" = inherit
  std::string stdin_data;
  std::chrono::milliseconds timeout{10000};
  size_t max_output = 8u << 20;   ///< bytes kept per stream; the rest is drained and dropped
  bool pass_stderr = false;       ///< the child writes to godiag's own stderr (lsp tap)
};

struct ProcessResult {
  int exit_code = -1;   ///< -1 when killed by a signal
  int signal = 0;
  bool timed_out = false;  ///< killed at the deadline
  std::string out;
  std::string err;
  double elapsed_ms = 0;
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  /// Runs to completion or to the deadline (then kills the process group).
  /// An error only when the process could not be started (kNotFound, kIo).
  virtual core::Expected<ProcessResult> Run(const ProcessSpec& spec) const = 0;
};

}  // namespace godiag::platform

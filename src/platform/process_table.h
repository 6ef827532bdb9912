// The running processes: one seam, so `ps` logic is tested on fakes (Linux reads /proc;
// other systems report that they are not supported yet, which is unknown, not empty).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/expected.h"

namespace godiag::platform {

/// What every user may read of a process (Linux: stat, status, cmdline).
struct ProcessEntry {
  int pid = 0;
  int ppid = 0;
  int uid = -1;
  std::string comm;                   ///< kernel name, cut at 15 characters
  std::vector<std::string> argv;      ///< empty for kernel threads and zombies
  std::optional<int64_t> start_time;  ///< seconds since the epoch
};

/// What only the owner (or root) may read; each part unknown when refused.
struct ProcessDetails {
  std::optional<std::string> exe;     ///< "/usr/bin/gopls", or "/usr/bin/gopls (deleted)"
  std::optional<std::string> cwd;
  std::optional<std::map<std::string, std::string>> env;  ///< the environment it started with
  std::vector<std::string> errors;    ///< "environ: Permission denied", …
};

class ProcessTable {
 public:
  virtual ~ProcessTable() = default;
  /// Every visible process; an error when the table cannot be read or the OS is not supported
  /// (kInvalidArgument: "not supported on this OS").
  virtual core::Expected<std::vector<ProcessEntry>> List() const = 0;
  virtual ProcessDetails Details(int pid) const = 0;
  /// A path through which a process's executable can be read even after it was replaced
  /// (Linux: /proc/PID/exe), "" when there is none.
  virtual std::string ExecutableForReading(int pid) const = 0;
  virtual int CurrentUid() const = 0;
};

}  // namespace godiag::platform

// What a probe that starts a debugger needs besides channels: a private scratch directory,
// ending a process group it did not spawn itself (the debuggee), and knowing that godiag
// was asked to stop (SIGINT, SIGTERM, SIGHUP) so it can clean up before it exits.
#pragma once

#include <string>

#include "core/expected.h"

namespace godiag::platform {

class ProbeSupport {
 public:
  virtual ~ProbeSupport() = default;
  /// Creates a new private directory (mode 0700) under the temp dir.
  virtual core::Expected<std::string> MakeScratchDir(const std::string& prefix) const = 0;
  /// Removes a directory made by MakeScratchDir with everything in it.
  virtual void RemoveTree(const std::string& path) const = 0;
  /// True while the process exists (and is not a zombie of ours).
  virtual bool Alive(long pid) const = 0;
  /// SIGKILL to the process and to its process group.
  virtual void KillTree(long pid) const = 0;
  /// From now on SIGINT/SIGTERM/SIGHUP set a flag instead of ending godiag.
  virtual void CatchInterrupts() const = 0;
  virtual bool Interrupted() const = 0;
  /// /proc/sys/kernel/yama/ptrace_scope ("" when absent).
  virtual std::string PtraceScope() const = 0;
};

class RealProbeSupport final : public ProbeSupport {
 public:
  core::Expected<std::string> MakeScratchDir(const std::string& prefix) const override;
  void RemoveTree(const std::string& path) const override;
  bool Alive(long pid) const override;
  void KillTree(long pid) const override;
  void CatchInterrupts() const override;
  bool Interrupted() const override;
  std::string PtraceScope() const override;
};

}  // namespace godiag::platform

// Injected time, so deadlines are deterministic in tests.
#pragma once

#include <chrono>

namespace godiag::platform {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point Now() const = 0;
  /// Wall time, for ages of files and processes (never for deadlines).
  virtual std::chrono::system_clock::time_point WallNow() const = 0;
};

}  // namespace godiag::platform

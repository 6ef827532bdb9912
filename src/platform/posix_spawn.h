// Internal to the platform layer: spawn a child with pipes for stdin, stdout and stderr.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <string>

#include "platform/process_runner.h"

namespace godiag::platform {

// Owns one file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Close(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

struct SpawnedChild {
  pid_t pid = -1;
  std::string exe;  ///< resolved executable path
  int in = -1;      ///< write end of the child's stdin
  int out = -1;     ///< read end of its stdout
  int err = -1;     ///< read end of its stderr
};

/// Starts spec.argv (looked up in spec.env's PATH) in a new process group, SIGPIPE reset
/// to default in the child. kNotFound when there is no such executable, kIo otherwise.
core::Expected<SpawnedChild> SpawnWithPipes(const ProcessSpec& spec);

}  // namespace godiag::platform

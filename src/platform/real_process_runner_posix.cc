// POSIX process runner: posix_spawn into a new process group, poll() both pipes until
// EOF or the deadline, then SIGKILL the group. Safe to call from several threads.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "platform/posix_spawn.h"
#include "platform/real_platform.h"

namespace godiag::platform {

using core::ErrorCode;
using core::MakeError;

core::Expected<ProcessResult> RealProcessRunner::Run(const ProcessSpec& spec) const {
  auto start = std::chrono::steady_clock::now();
  TRY_ASSIGN(SpawnedChild child, SpawnWithPipes(spec));
  pid_t pid = child.pid;
  Fd in(child.in), out(child.out), err(child.err);
  // Feed stdin inside the poll loop, so a child that writes a lot before reading all of
  // its input never deadlocks against us.
  size_t written = 0;
  if (spec.stdin_data.empty()) {
    in.Close();
  } else {
    ::fcntl(in.get(), F_SETFL, ::fcntl(in.get(), F_GETFL) | O_NONBLOCK);
  }

  ProcessResult result;
  auto deadline = start + spec.timeout;
  pollfd fds[3] = {{out.get(), POLLIN, 0}, {err.get(), POLLIN, 0},
                   {in.get(), POLLOUT, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_streams = 2;
  char buf[65536];
  while (open_streams > 0) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      result.timed_out = true;
      break;
    }
    int wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
    fds[2].fd = in.get();
    int n = ::poll(fds, 3, wait_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    if (fds[2].fd >= 0 && fds[2].revents != 0) {
      ssize_t w = ::write(in.get(), spec.stdin_data.data() + written, spec.stdin_data.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || written >= spec.stdin_data.size()) in.Close();
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        size_t room = spec.max_output > sinks[i]->size() ? spec.max_output - sinks[i]->size() : 0;
        sinks[i]->append(buf, std::min(room, static_cast<size_t>(got)));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        fds[i].fd = -1;
        --open_streams;
      }
    }
  }
  in.Close();
  int status = 0;
  if (result.timed_out) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  } else {
    // Streams closed; the process may still run (daemonised grandchildren keep nothing open).
    while (true) {
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) break;
      if (w < 0 && errno != EINTR) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        result.timed_out = true;
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        break;
      }
      ::usleep(1000);
    }
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    result.exit_code = -1;
    result.signal = WTERMSIG(status);
  }
  result.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace godiag::platform

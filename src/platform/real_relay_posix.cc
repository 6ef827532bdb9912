// The lsp tap's relay: godiag's stdin -> server stdin, server stdout -> godiag's stdout,
// forwarded chunk by chunk as soon as read (written before anyone records it), with
// bounded queues for a slow side, EOF passed on in both directions, and termination
// signals passed to the server.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "platform/posix_spawn.h"
#include "platform/server_channel.h"

namespace godiag::platform {

namespace {

constexpr size_t kChunk = 256 << 10;
constexpr size_t kMaxQueued = 64u << 20;  // stop reading a side while this much waits for the other

int g_signal_pipe[2] = {-1, -1};

void OnSignal(int sig) {
  int saved = errno;
  char c = static_cast<char>(sig);
  if (::write(g_signal_pipe[1], &c, 1) < 0) {
    // Nothing to do in a signal handler; the signal is lost.
  }
  errno = saved;
}

// One direction: bytes read from `from`, queued when `to` cannot take them yet.
struct Lane {
  int from = -1;
  int to = -1;
  bool to_server = false;
  std::string queue;
  size_t queued_off = 0;
  bool eof = false;         // `from` reached EOF
  bool sink_broken = false; // `to` refused bytes (the reader went away)
  uint64_t total = 0;

  size_t pending() const { return queue.size() - queued_off; }
  bool WantRead() const { return from >= 0 && !eof && pending() < kMaxQueued; }

  // Writes what is queued; drops it when the reader is gone.
  void Flush() {
    while (pending() > 0 && to >= 0 && !sink_broken) {
      ssize_t w = ::write(to, queue.data() + queued_off, pending());
      if (w > 0) {
        queued_off += static_cast<size_t>(w);
      } else if (w < 0 && errno == EINTR) {
        continue;
      } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return;
      } else {
        sink_broken = true;
      }
    }
    if (pending() == 0 || sink_broken) {
      queue.clear();
      queued_off = 0;
    }
  }
};

uint64_t NsSince(std::chrono::steady_clock::time_point t0) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
}

// Reads one chunk from lane.from and hands it on; false at EOF.
void Pump(Lane& lane, std::vector<char>& buf, RelayObserver& observer, std::chrono::steady_clock::time_point t0) {
  ssize_t got = ::read(lane.from, buf.data(), buf.size());
  if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (got <= 0) {
    lane.eof = true;
    return;
  }
  std::string_view data(buf.data(), static_cast<size_t>(got));
  lane.total += data.size();
  if (lane.pending() == 0 && !lane.sink_broken && lane.to >= 0) {
    // Fast path: straight through, queue only what the pipe did not take.
    size_t off = 0;
    while (off < data.size()) {
      ssize_t w = ::write(lane.to, data.data() + off, data.size() - off);
      if (w > 0) off += static_cast<size_t>(w);
      else if (w < 0 && errno == EINTR) continue;
      else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      else { lane.sink_broken = true; break; }
    }
    if (!lane.sink_broken && off < data.size()) lane.queue.append(data.substr(off));
  } else if (!lane.sink_broken) {
    lane.queue.append(data);
  }
  observer.OnBytes(lane.to_server, data, NsSince(t0));
}

class FlagGuard {  // restores a descriptor's flags (stdin/stdout are shared with the editor)
 public:
  explicit FlagGuard(int fd) : fd_(fd), flags_(::fcntl(fd, F_GETFL)) {
    if (flags_ >= 0) ::fcntl(fd, F_SETFL, flags_ | O_NONBLOCK);
  }
  ~FlagGuard() {
    if (flags_ >= 0) ::fcntl(fd_, F_SETFL, flags_);
  }
  FlagGuard(const FlagGuard&) = delete;
  FlagGuard& operator=(const FlagGuard&) = delete;

 private:
  int fd_;
  int flags_;
};

}  // namespace

core::Expected<RelayResult> RealServerLauncher::Relay(const ProcessSpec& spec, RelayObserver& observer) const {
  ::signal(SIGPIPE, SIG_IGN);
  ProcessSpec s = spec;
  s.pass_stderr = true;
  TRY_ASSIGN(SpawnedChild child, SpawnWithPipes(s));
  auto t0 = std::chrono::steady_clock::now();
  Fd child_in(child.in), child_out(child.out), child_err(child.err);
  child_err.Close();
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, child.pid, 0)));
  if (g_signal_pipe[0] < 0 && ::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_signal_pipe[0] = -1;
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) ::sigaction(sig, &sa, nullptr);

  FlagGuard in_flags(0), out_flags(1);
  ::fcntl(child_in.get(), F_SETFL, ::fcntl(child_in.get(), F_GETFL) | O_NONBLOCK);
  for (int fd : {child_in.get(), child_out.get()}) ::fcntl(fd, F_SETPIPE_SZ, 1 << 20);  // fewer, larger reads
  ::fcntl(child_out.get(), F_SETFL, ::fcntl(child_out.get(), F_GETFL) | O_NONBLOCK);
  Lane up, down;
  up.from = 0;
  up.to = child_in.get();
  up.to_server = true;
  down.from = child_out.get();
  down.to = 1;
  std::vector<char> buf(kChunk);
  std::optional<ExitStatus> exit;
  bool child_in_open = true;
  std::optional<std::chrono::steady_clock::time_point> exited_at;
  while (true) {
    // EOF from the editor reaches the server once its queue is written; and vice versa.
    if (child_in_open && up.eof && (up.pending() == 0 || up.sink_broken)) {
      child_in.Close();
      up.to = -1;
      child_in_open = false;
    }
    bool down_done = down.eof && (down.pending() == 0 || down.sink_broken);
    if (down_done && exit) break;
    // A grandchild may keep the server's stdout open after the server died: give it 500 ms.
    if (exit && !exited_at) exited_at = std::chrono::steady_clock::now();
    if (exit && std::chrono::steady_clock::now() - *exited_at > std::chrono::milliseconds(500)) break;
    std::vector<pollfd> fds;
    auto add = [&](int fd, short events) {
      fds.push_back({fd, events, 0});
      return fds.size() - 1;
    };
    size_t i_up_r = up.WantRead() ? add(0, POLLIN) : SIZE_MAX;
    size_t i_up_w = up.pending() && up.to >= 0 ? add(up.to, POLLOUT) : SIZE_MAX;
    size_t i_down_r = down.WantRead() ? add(down.from, POLLIN) : SIZE_MAX;
    size_t i_down_w = down.pending() && !down.sink_broken ? add(1, POLLOUT) : SIZE_MAX;
    size_t i_pid = !exit && pidfd.get() >= 0 ? add(pidfd.get(), POLLIN) : SIZE_MAX;
    size_t i_sig = g_signal_pipe[0] >= 0 ? add(g_signal_pipe[0], POLLIN) : SIZE_MAX;
    int timeout = (!exit && pidfd.get() < 0) || (down.eof && !exit) || exit ? 10 : -1;
    int n = ::poll(fds.data(), fds.size(), timeout);
    if (n < 0 && errno != EINTR) break;
    auto ready = [&](size_t i) { return i != SIZE_MAX && fds[i].revents != 0; };
    if (ready(i_sig)) {
      char sig = 0;
      while (::read(g_signal_pipe[0], &sig, 1) == 1) ::kill(child.pid, sig);
    }
    if (ready(i_up_w)) up.Flush();
    if (ready(i_down_w)) down.Flush();
    if (ready(i_up_r)) Pump(up, buf, observer, t0);
    if (ready(i_down_r)) Pump(down, buf, observer, t0);
    if (down.eof && down.pending() == 0 && down.to >= 0) {
      ::close(1);  // the editor sees EOF
      down.to = -1;
    }
    if (!exit && (ready(i_pid) || pidfd.get() < 0 || down.eof)) {
      int status = 0;
      if (::waitpid(child.pid, &status, WNOHANG) == child.pid) {
        ExitStatus e;
        if (WIFEXITED(status)) e.code = WEXITSTATUS(status);
        if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
        exit = e;
      }
    }
  }
  if (!exit) {
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    ExitStatus e;
    if (WIFEXITED(status)) e.code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
    exit = e;
  }
  RelayResult result;
  result.exit = *exit;
  result.to_server = up.total;
  result.to_editor = down.total;
  return result;
}

}  // namespace godiag::platform

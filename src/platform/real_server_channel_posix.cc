// POSIX server channels: a spawned child's pipes (exit seen through a pidfd when the kernel
// has one, else by polling waitpid) and TCP / Unix sockets.
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include "platform/posix_spawn.h"
#include "platform/server_channel.h"

namespace godiag::platform {

using core::ErrorCode;
using core::MakeError;

namespace {

constexpr size_t kReadChunk = 1 << 16;
constexpr size_t kMaxPerPump = 4 << 20;

void IgnoreSigpipeOnce() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

void SetNonBlocking(int fd) {
  if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

int MillisUntil(Deadline deadline) {
  auto left = deadline - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

ExitStatus DecodeStatus(int status) {
  ExitStatus s;
  if (WIFEXITED(status)) s.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) s.signal = WTERMSIG(status);
  return s;
}

// Reads what is available (bounded); false once the stream is at EOF or failed.
bool DrainInto(int fd, std::string& sink) {
  char buf[kReadChunk];
  size_t total = 0;
  while (total < kMaxPerPump) {
    ssize_t got = ::read(fd, buf, sizeof buf);
    if (got > 0) {
      sink.append(buf, static_cast<size_t>(got));
      total += static_cast<size_t>(got);
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;
  }
  return true;
}

// The byte queue towards the server, written without blocking.
class OutQueue {
 public:
  void Push(std::string_view bytes) { data_.append(bytes); }
  bool empty() const { return off_ >= data_.size(); }
  // Returns false when the peer stopped reading (EPIPE and friends).
  bool WriteSome(int fd, bool socket) {
    while (!empty()) {
      ssize_t w = socket ? ::send(fd, data_.data() + off_, data_.size() - off_, MSG_NOSIGNAL)
                         : ::write(fd, data_.data() + off_, data_.size() - off_);
      if (w > 0) {
        off_ += static_cast<size_t>(w);
        continue;
      }
      if (w < 0 && errno == EINTR) continue;
      if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      data_.clear();
      off_ = 0;
      return false;
    }
    if (empty()) {
      data_.clear();
      off_ = 0;
    }
    return true;
  }

 private:
  std::string data_;
  size_t off_ = 0;
};

class PipeChannel final : public ServerChannel {
 public:
  explicit PipeChannel(const SpawnedChild& c)
      : pid_(c.pid), in_(c.in), out_(c.out), err_(c.err),
        pidfd_(static_cast<int>(::syscall(SYS_pidfd_open, c.pid, 0))) {
    SetNonBlocking(in_.get());
    SetNonBlocking(out_.get());
    SetNonBlocking(err_.get());
  }
  ~PipeChannel() override {
    if (!exit_) Kill();
  }
  void Send(std::string_view bytes) override {
    if (in_.get() >= 0) queue_.Push(bytes);
  }
  void CloseInput() override {
    close_after_flush_ = true;
    if (queue_.empty()) in_.Close();
  }
  bool Signal(int signal) override { return !exit_ && ::kill(pid_, signal) == 0; }
  void Kill() override {
    ::kill(-pid_, SIGKILL);
    if (!exit_) {
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      exit_ = DecodeStatus(status);
    }
  }
  int pid() const override { return pid_; }
  ChannelEvents Pump(Deadline deadline) override;

 private:
  void CheckExit() {
    if (exit_) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) exit_ = DecodeStatus(status);
  }
  ChannelEvents Snapshot(ChannelEvents ev) const {
    ev.out_closed = out_.get() < 0;
    ev.exit = exit_;
    ev.input_broken = input_broken_;
    return ev;
  }

  pid_t pid_;
  Fd in_, out_, err_, pidfd_;
  OutQueue queue_;
  bool close_after_flush_ = false;
  bool input_broken_ = false;
  std::optional<ExitStatus> exit_;
};

ChannelEvents PipeChannel::Pump(Deadline deadline) {
  ChannelEvents ev;
  while (true) {
    std::vector<pollfd> fds;
    int i_out = -1, i_err = -1, i_in = -1, i_pid = -1;
    if (out_.get() >= 0) { i_out = static_cast<int>(fds.size()); fds.push_back({out_.get(), POLLIN, 0}); }
    if (err_.get() >= 0) { i_err = static_cast<int>(fds.size()); fds.push_back({err_.get(), POLLIN, 0}); }
    if (in_.get() >= 0 && !queue_.empty()) { i_in = static_cast<int>(fds.size()); fds.push_back({in_.get(), POLLOUT, 0}); }
    if (!exit_ && pidfd_.get() >= 0) { i_pid = static_cast<int>(fds.size()); fds.push_back({pidfd_.get(), POLLIN, 0}); }
    if (fds.empty() && exit_) return Snapshot(std::move(ev));
    int wait_ms = MillisUntil(deadline);
    if (!exit_ && pidfd_.get() < 0) wait_ms = std::min(wait_ms, 10);
    int n = ::poll(fds.data(), fds.size(), wait_ms);
    if (n < 0 && errno != EINTR) return Snapshot(std::move(ev));
    bool news = false;
    if (i_in >= 0 && fds[static_cast<size_t>(i_in)].revents) {
      if (!queue_.WriteSome(in_.get(), false)) {
        input_broken_ = true;
        in_.Close();
        news = true;
      } else if (queue_.empty() && close_after_flush_) {
        in_.Close();
      }
    }
    if (i_out >= 0 && fds[static_cast<size_t>(i_out)].revents) {
      size_t before = ev.out.size();
      if (!DrainInto(out_.get(), ev.out)) out_.Close(), news = true;
      news = news || ev.out.size() > before;
    }
    if (i_err >= 0 && fds[static_cast<size_t>(i_err)].revents) {
      size_t before = ev.err.size();
      if (!DrainInto(err_.get(), ev.err)) err_.Close();
      news = news || ev.err.size() > before;
    }
    if (!exit_ && (i_pid < 0 || fds[static_cast<size_t>(i_pid)].revents)) {
      CheckExit();
      news = news || exit_.has_value();
    }
    if (news || MillisUntil(deadline) == 0) return Snapshot(std::move(ev));
  }
}

class SocketChannel final : public ServerChannel {
 public:
  explicit SocketChannel(int fd) : fd_(fd) { SetNonBlocking(fd); }
  void Send(std::string_view bytes) override { queue_.Push(bytes); }
  void CloseInput() override {
    close_after_flush_ = true;
    if (queue_.empty() && fd_.get() >= 0) ::shutdown(fd_.get(), SHUT_WR);
  }
  bool Signal(int) override { return false; }
  void Kill() override { fd_.Close(); }
  int pid() const override { return 0; }
  ChannelEvents Pump(Deadline deadline) override {
    ChannelEvents ev;
    while (fd_.get() >= 0) {
      pollfd p{fd_.get(), static_cast<short>(POLLIN | (queue_.empty() ? 0 : POLLOUT)), 0};
      int n = ::poll(&p, 1, MillisUntil(deadline));
      if (n < 0 && errno != EINTR) break;
      bool news = false;
      if ((p.revents & POLLOUT) && !queue_.WriteSome(fd_.get(), true)) input_broken_ = news = true;
      if (queue_.empty() && close_after_flush_) ::shutdown(fd_.get(), SHUT_WR);
      if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
        size_t before = ev.out.size();
        if (!DrainInto(fd_.get(), ev.out)) fd_.Close(), news = true;
        news = news || ev.out.size() > before;
      }
      if (news || MillisUntil(deadline) == 0) break;
    }
    ev.out_closed = fd_.get() < 0;
    ev.input_broken = input_broken_;
    return ev;
  }

 private:
  Fd fd_;
  OutQueue queue_;
  bool close_after_flush_ = false;
  bool input_broken_ = false;
};

core::Expected<int> ConnectUnix(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return MakeError(ErrorCode::kInvalidArgument, "socket path too long: " + path);
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return MakeError(ErrorCode::kIo, std::string("socket: ") + std::strerror(errno));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::string e = std::strerror(errno);
    ::close(fd);
    return MakeError(ErrorCode::kIo, "connect unix:" + path + ": " + e);
  }
  return fd;
}

core::Expected<int> ConnectTcp(const std::string& host_port, Deadline deadline) {
  size_t colon = host_port.rfind(':');
  if (colon == std::string::npos) return MakeError(ErrorCode::kInvalidArgument, "want tcp:HOST:PORT, got tcp:" + host_port);
  std::string host = host_port.substr(0, colon), port = host_port.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res);
  if (rc != 0) return MakeError(ErrorCode::kIo, "resolve " + host + ": " + ::gai_strerror(rc));
  std::string last = "no address";
  for (addrinfo* a = res; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0 || errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof err;
      if (::poll(&p, 1, MillisUntil(deadline)) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        ::freeaddrinfo(res);
        return fd;
      }
      last = err ? std::strerror(err) : "timed out";
    } else {
      last = std::strerror(errno);
    }
    ::close(fd);
  }
  ::freeaddrinfo(res);
  return MakeError(ErrorCode::kIo, "connect tcp:" + host_port + ": " + last);
}

}  // namespace

core::Expected<std::unique_ptr<ServerChannel>> RealServerLauncher::Spawn(const ProcessSpec& spec) const {
  IgnoreSigpipeOnce();
  TRY_ASSIGN(SpawnedChild child, SpawnWithPipes(spec));
  return std::unique_ptr<ServerChannel>(std::make_unique<PipeChannel>(child));
}

core::Expected<std::unique_ptr<ServerChannel>> RealServerLauncher::Connect(const std::string& address,
                                                                           Deadline deadline) const {
  IgnoreSigpipeOnce();
  // gopls spells these "unix;PATH" and "tcp;HOST:PORT"; accept both separators.
  auto sep = address.find_first_of(":;");
  std::string scheme = sep == std::string::npos ? "" : address.substr(0, sep);
  std::string rest = sep == std::string::npos ? address : address.substr(sep + 1);
  int fd = -1;
  if (scheme == "unix") {
    TRY_ASSIGN(fd, ConnectUnix(rest));
  } else if (scheme == "tcp") {
    TRY_ASSIGN(fd, ConnectTcp(rest, deadline));
  } else {
    return MakeError(ErrorCode::kInvalidArgument, "--connect wants tcp:HOST:PORT or unix:PATH, got \"" + address + "\"");
  }
  return std::unique_ptr<ServerChannel>(std::make_unique<SocketChannel>(fd));
}

}  // namespace godiag::platform

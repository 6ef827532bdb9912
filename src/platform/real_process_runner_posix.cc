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

#include "platform/real_platform.h"

extern char** environ;

namespace godiag::platform {

using core::ErrorCode;
using core::MakeError;

namespace {

bool IsExecutableFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Looks `name` up in `path_value` as execvp would, but in the child's PATH.
std::string LookPath(const std::string& name, const std::string& path_value) {
  if (name.find('/') != std::string::npos) return IsExecutableFile(name) ? name : "";
  size_t start = 0;
  while (start <= path_value.size()) {
    size_t end = path_value.find(':', start);
    if (end == std::string::npos) end = path_value.size();
    std::string dir = path_value.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    if (IsExecutableFile(candidate)) return candidate;
    start = end + 1;
  }
  return "";
}

class Pipe {
 public:
  Pipe() {
    if (::pipe2(fds_, O_CLOEXEC) != 0) fds_[0] = fds_[1] = -1;
  }
  ~Pipe() { CloseBoth(); }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  bool ok() const { return fds_[0] >= 0; }
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void CloseRead() { Close(fds_[0]); }
  void CloseWrite() { Close(fds_[1]); }
  void CloseBoth() { CloseRead(); CloseWrite(); }

 private:
  static void Close(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int fds_[2] = {-1, -1};
};

std::vector<std::string> EnvStrings(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

}  // namespace

core::Expected<ProcessResult> RealProcessRunner::Run(const ProcessSpec& spec) const {
  if (spec.argv.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty command");
  std::string path_value;
  if (spec.env) {
    auto it = spec.env->find("PATH");
    if (it != spec.env->end()) path_value = it->second;
  } else if (const char* p = ::getenv("PATH")) {
    path_value = p;
  }
  std::string exe = LookPath(spec.argv[0], path_value);
  if (exe.empty()) return MakeError(ErrorCode::kNotFound, spec.argv[0] + ": executable file not found");

  Pipe in, out, err;
  if (!in.ok() || !out.ok() || !err.ok()) return MakeError(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read_end(), 0);
  posix_spawn_file_actions_adddup2(&actions, out.write_end(), 1);
  posix_spawn_file_actions_adddup2(&actions, err.write_end(), 2);
  if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  std::vector<char*> envp;
  if (spec.env) {
    env_strings = EnvStrings(*spec.env);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
  }

  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, exe.c_str(), &actions, &attr, argv.data(),
                         spec.env ? envp.data() : environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return MakeError(ErrorCode::kIo, exe + ": " + std::strerror(rc));

  in.CloseRead();
  out.CloseWrite();
  err.CloseWrite();
  // Feed stdin inside the poll loop, so a child that writes a lot before reading all of
  // its input never deadlocks against us.
  size_t written = 0;
  if (spec.stdin_data.empty()) {
    in.CloseWrite();
  } else {
    ::fcntl(in.write_end(), F_SETFL, ::fcntl(in.write_end(), F_GETFL) | O_NONBLOCK);
  }

  ProcessResult result;
  auto deadline = start + spec.timeout;
  pollfd fds[3] = {{out.read_end(), POLLIN, 0}, {err.read_end(), POLLIN, 0},
                   {in.write_end(), POLLOUT, 0}};
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
    fds[2].fd = in.write_end();
    int n = ::poll(fds, 3, wait_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    if (fds[2].fd >= 0 && fds[2].revents != 0) {
      ssize_t w = ::write(in.write_end(), spec.stdin_data.data() + written, spec.stdin_data.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || written >= spec.stdin_data.size()) in.CloseWrite();
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
  in.CloseWrite();
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

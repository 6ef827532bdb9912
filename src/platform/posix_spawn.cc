// posix_spawn with three pipes in a new process group; shared by the runner and the LSP
// server channel.
#include "platform/posix_spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
  /// Gives up ownership of one end (0 = read, 1 = write).
  int Release(int end) {
    int fd = fds_[end];
    fds_[end] = -1;
    return fd;
  }

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

core::Expected<SpawnedChild> SpawnWithPipes(const ProcessSpec& spec) {
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
  if (!spec.pass_stderr) posix_spawn_file_actions_adddup2(&actions, err.write_end(), 2);
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

  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, exe.c_str(), &actions, &attr, argv.data(),
                         spec.env ? envp.data() : environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return MakeError(ErrorCode::kIo, exe + ": " + std::strerror(rc));

  in.CloseRead();
  out.CloseWrite();
  err.CloseWrite();
  SpawnedChild child;
  child.pid = pid;
  child.exe = exe;
  child.in = in.Release(1);
  child.out = out.Release(0);
  child.err = err.Release(0);
  return child;
}

}  // namespace godiag::platform

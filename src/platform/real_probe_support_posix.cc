#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include "platform/probe_support.h"

namespace godiag::platform {

namespace {

std::atomic<int> g_interrupt{0};

void OnSignal(int sig) { g_interrupt.store(sig); }

void RemoveRecursively(const std::string& path, int depth) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode) && depth < 64) {
    if (DIR* d = ::opendir(path.c_str())) {
      std::vector<std::string> names;
      while (dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
      }
      ::closedir(d);
      for (const auto& n : names) RemoveRecursively(path + "/" + n, depth + 1);
    }
    ::rmdir(path.c_str());
    return;
  }
  ::unlink(path.c_str());
}

}  // namespace

core::Expected<std::string> RealProbeSupport::MakeScratchDir(const std::string& prefix) const {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + "XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    return core::MakeError(core::ErrorCode::kIo, "mkdtemp " + templ + ": " + std::strerror(errno));
  }
  return std::string(buf.data());
}

void RealProbeSupport::RemoveTree(const std::string& path) const {
  if (path.size() > 1) RemoveRecursively(path, 0);
}

bool RealProbeSupport::Alive(long pid) const {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0) return errno == EPERM;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  size_t paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

void RealProbeSupport::KillTree(long pid) const {
  if (pid <= 0) return;
  ::kill(-static_cast<pid_t>(pid), SIGKILL);
  ::kill(static_cast<pid_t>(pid), SIGKILL);
}

void RealProbeSupport::CatchInterrupts() const {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking poll returns EINTR
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

bool RealProbeSupport::Interrupted() const { return g_interrupt.load() != 0; }

std::string RealProbeSupport::PtraceScope() const {
  std::ifstream f("/proc/sys/kernel/yama/ptrace_scope");
  std::string v;
  if (!(f >> v)) return "";
  return v;
}

}  // namespace godiag::platform

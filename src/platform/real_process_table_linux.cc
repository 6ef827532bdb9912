// The process table from Linux's /proc (facts/logs-ps.md §4.1): stat after the last ')',
// status for the uid, cmdline NUL-separated; exe, cwd and environ only where the kernel's
// ptrace read check lets us (own processes, or root). ENOENT under hidepid means "not
// visible", never "gone".
#ifdef __linux__

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "platform/real_process_table.h"

namespace godiag::platform {

namespace {

using core::ErrorCode;
using core::MakeError;

// Whole small /proc file; nullopt with errno kept in *err.
std::optional<std::string> Slurp(const std::string& path, int* err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = errno;
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    *err = errno;
    return std::nullopt;
  }
  return ss.str();
}

std::vector<std::string> SplitNul(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\0', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int64_t BootTime() {
  int err = 0;
  auto stat = Slurp("/proc/stat", &err);
  if (!stat) return 0;
  size_t at = stat->find("\nbtime ");
  return at == std::string::npos ? 0 : std::strtoll(stat->c_str() + at + 7, nullptr, 10);
}

std::optional<std::string> Link(const std::string& path, std::string* error) {
  char buf[4096];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
  if (n < 0) {
    *error = std::strerror(errno);
    return std::nullopt;
  }
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace

core::Expected<std::vector<ProcessEntry>> RealProcessTable::List() const {
  DIR* dir = ::opendir("/proc");
  if (!dir) return MakeError(ErrorCode::kIo, std::string("/proc: ") + std::strerror(errno));
  const int64_t btime = BootTime();
  const long ticks = ::sysconf(_SC_CLK_TCK);
  std::vector<ProcessEntry> out;
  while (dirent* ent = ::readdir(dir)) {
    const char* name = ent->d_name;
    if (*name < '1' || *name > '9' || std::strspn(name, "0123456789") != std::strlen(name)) continue;
    const std::string base = std::string("/proc/") + name;
    int err = 0;
    auto stat = Slurp(base + "/stat", &err);
    if (!stat) continue;  // exited meanwhile, or hidden (hidepid)
    size_t close = stat->rfind(')');
    size_t open = stat->find('(');
    if (close == std::string::npos || open == std::string::npos) continue;
    ProcessEntry e;
    e.pid = std::atoi(name);
    e.comm = stat->substr(open + 1, close - open - 1);
    std::istringstream fields(stat->substr(close + 2));
    std::vector<std::string> f;
    for (std::string w; fields >> w && f.size() < 20;) f.push_back(w);
    if (f.size() < 20) continue;
    e.ppid = std::atoi(f[1].c_str());  // field 4
    if (btime > 0 && ticks > 0) e.start_time = btime + std::strtoll(f[19].c_str(), nullptr, 10) / ticks;  // field 22
    if (auto status = Slurp(base + "/status", &err)) {
      size_t at = status->find("\nUid:");
      if (at != std::string::npos) e.uid = std::atoi(status->c_str() + at + 5);
    }
    if (auto cmdline = Slurp(base + "/cmdline", &err)) e.argv = SplitNul(*cmdline);
    out.push_back(std::move(e));
  }
  ::closedir(dir);
  return out;
}

ProcessDetails RealProcessTable::Details(int pid) const {
  ProcessDetails d;
  const std::string base = "/proc/" + std::to_string(pid);
  std::string error;
  d.exe = Link(base + "/exe", &error);
  if (!d.exe) d.errors.push_back("exe: " + error);
  d.cwd = Link(base + "/cwd", &error);
  if (!d.cwd) d.errors.push_back("cwd: " + error);
  int err = 0;
  if (auto environ = Slurp(base + "/environ", &err)) {
    std::map<std::string, std::string> env;
    for (const auto& kv : SplitNul(*environ)) {
      size_t eq = kv.find('=');
      if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    d.env = std::move(env);
  } else {
    d.errors.push_back(std::string("environ: ") + std::strerror(err));
  }
  return d;
}

std::string RealProcessTable::ExecutableForReading(int pid) const { return "/proc/" + std::to_string(pid) + "/exe"; }

int RealProcessTable::CurrentUid() const { return static_cast<int>(::getuid()); }

}  // namespace godiag::platform

#endif  // __linux__

#include <sys/utsname.h>
#include <unistd.h>

#include <cstring>

#include "platform/real_platform.h"

extern char** environ;

namespace godiag::platform {

std::map<std::string, std::string> RealEnvironment::Variables() const {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq == nullptr) continue;
    vars.emplace(std::string(static_cast<const char*>(*e), eq), std::string(eq + 1));  // first wins, like getenv
  }
  return vars;
}

std::string RealEnvironment::Os() const {
#if defined(__APPLE__)
  return "darwin";
#elif defined(_WIN32)
  return "windows";
#else
  return "linux";
#endif
}

std::string RealEnvironment::Arch() const {
#if defined(__x86_64__)
  return "amd64";
#elif defined(__aarch64__)
  return "arm64";
#elif defined(__i386__)
  return "386";
#else
  struct utsname u {};
  return ::uname(&u) == 0 ? u.machine : "unknown";
#endif
}

bool RealEnvironment::StdoutIsTerminal() const { return ::isatty(1) == 1; }
bool RealEnvironment::StderrIsTerminal() const { return ::isatty(2) == 1; }
long RealEnvironment::ProcessId() const { return static_cast<long>(::getpid()); }

}  // namespace godiag::platform

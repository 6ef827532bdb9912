// The process environment and host facts godiag was started with.
#pragma once

#include <map>
#include <string>

namespace godiag::platform {

class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::map<std::string, std::string> Variables() const = 0;
  virtual std::string Os() const = 0;    ///< GOOS spelling: "linux", "darwin", "windows"
  virtual std::string Arch() const = 0;  ///< GOARCH spelling: "amd64", "arm64"
  virtual bool StdoutIsTerminal() const = 0;
  virtual bool StderrIsTerminal() const = 0;
  virtual long ProcessId() const = 0;    ///< godiag's own pid (initialize.processId)
};

}  // namespace godiag::platform

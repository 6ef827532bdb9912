// The real OS implementations of the platform seams (POSIX).
#pragma once

#include <memory>

#include "platform/platform.h"
#include "platform/real_http_client.h"
#include "platform/real_process_table.h"

namespace godiag::platform {

class RealFileSystem final : public FileSystem {
 public:
  core::Expected<std::string> ReadFile(const std::string& path, size_t max_bytes) const override;
  FileStat Stat(const std::string& path) const override;
  core::Expected<std::vector<std::string>> ListDir(const std::string& path) const override;
  std::string RealPath(const std::string& path) const override;
  core::Expected<std::unique_ptr<InputStream>> OpenRead(const std::string& path) const override;
  core::Expected<std::unique_ptr<OutputStream>> Create(const std::string& path, bool make_parents) const override;
  core::Expected<std::unique_ptr<OutputStream>> Append(const std::string& path, bool make_parents) const override;
};

class RealEnvironment final : public Environment {
 public:
  std::map<std::string, std::string> Variables() const override;
  std::string Os() const override;
  std::string Arch() const override;
  bool StdoutIsTerminal() const override;
  bool StderrIsTerminal() const override;
  long ProcessId() const override;
};

class RealProcessRunner final : public ProcessRunner {
 public:
  core::Expected<ProcessResult> Run(const ProcessSpec& spec) const override;
};

class RealClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() const override {
    return std::chrono::steady_clock::now();
  }
  std::chrono::system_clock::time_point WallNow() const override { return std::chrono::system_clock::now(); }
};

/// Owns one of each real seam.
struct RealPlatform {
  RealFileSystem fs;
  RealEnvironment env;
  RealProcessRunner runner;
  RealClock clock;
  RealServerLauncher launcher;
  RealHttpClient http;
  RealProcessTable processes;
  Platform View() const { return Platform{fs, env, runner, clock, launcher, http, &processes}; }
};

}  // namespace godiag::platform

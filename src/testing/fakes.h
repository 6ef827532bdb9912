// In-memory fakes of the platform seams for unit tests (ninja's VirtualFileSystem).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "platform/platform.h"

namespace godiag::testing {

class FakeFileSystem final : public platform::FileSystem {
 public:
  /// Create(path, make_parents) writes into the fake when `writable` (else it fails like a read-only disk).
  bool writable = false;
  /// Adds a file (and its parent directories).
  void AddFile(const std::string& path, std::string content, bool executable = false);
  void AddDir(const std::string& path);
  void AddSymlink(const std::string& link, const std::string& target);
  /// Modification time (seconds since the epoch) Stat reports for a file or directory.
  void SetMtime(const std::string& path, int64_t mtime) { mtimes_[path] = mtime; }

  core::Expected<std::string> ReadFile(const std::string& path, size_t max_bytes) const override;
  platform::FileStat Stat(const std::string& path) const override;
  core::Expected<std::vector<std::string>> ListDir(const std::string& path) const override;
  std::string RealPath(const std::string& path) const override;
  core::Expected<std::unique_ptr<platform::InputStream>> OpenRead(const std::string& path) const override;
  core::Expected<std::unique_ptr<platform::OutputStream>> Create(const std::string& path, bool make_parents) const override;
  core::Expected<std::unique_ptr<platform::OutputStream>> Append(const std::string& path, bool make_parents) const override;

  /// Every path read, in order.
  std::vector<std::string> reads() const;

 private:
  std::string Resolve(const std::string& path) const;
  struct Entry {
    std::string content;
    bool executable = false;
  };
  mutable std::map<std::string, Entry> files_;  ///< mutable: Create() writes here
  mutable std::set<std::string> dirs_;
  std::map<std::string, std::string> links_;
  std::map<std::string, int64_t> mtimes_;
  mutable std::mutex mu_;
  mutable std::vector<std::string> reads_;
};

class FakeEnvironment final : public platform::Environment {
 public:
  std::map<std::string, std::string> vars;
  std::string os = "linux";
  std::string arch = "amd64";
  bool tty = false;
  std::map<std::string, std::string> Variables() const override { return vars; }
  std::string Os() const override { return os; }
  std::string Arch() const override { return arch; }
  bool StdoutIsTerminal() const override { return tty; }
  bool StderrIsTerminal() const override { return tty; }
  long ProcessId() const override { return 4242; }
};

/// Answers processes by a handler; records every spec it was asked to run.
class FakeProcessRunner final : public platform::ProcessRunner {
 public:
  using Handler = std::function<core::Expected<platform::ProcessResult>(const platform::ProcessSpec&)>;
  /// Handler for commands whose argv[0] (path or base name) equals `program`.
  void On(const std::string& program, Handler h);
  core::Expected<platform::ProcessResult> Run(const platform::ProcessSpec& spec) const override;
  std::vector<platform::ProcessSpec> calls() const;

  static platform::ProcessResult Ok(std::string out, std::string err = "", int code = 0);

 private:
  std::map<std::string, Handler> handlers_;
  mutable std::mutex mu_;
  mutable std::vector<platform::ProcessSpec> calls_;
};

class FakeClock final : public platform::Clock {
 public:
  std::chrono::steady_clock::time_point now{};
  std::chrono::system_clock::time_point wall{std::chrono::seconds(1796158672)};  ///< 2026-12-01 (an arbitrary fixed day)
  std::chrono::steady_clock::time_point Now() const override { return now; }
  std::chrono::system_clock::time_point WallNow() const override { return wall; }
  void Advance(std::chrono::milliseconds d) { now += d; }
};

/// Starts nothing: every spawn or connect fails with kNotFound (probes are tested with real
/// servers and the fault server).
class FakeServerLauncher final : public platform::ServerLauncher {
 public:
  core::Expected<std::unique_ptr<platform::ServerChannel>> Spawn(const platform::ProcessSpec& spec) const override {
    return core::MakeError(core::ErrorCode::kNotFound, (spec.argv.empty() ? std::string("server") : spec.argv[0]) +
                                                           ": no language servers in the fake platform");
  }
  core::Expected<std::unique_ptr<platform::ServerChannel>> Connect(const std::string& address,
                                                                   platform::Deadline) const override {
    return core::MakeError(core::ErrorCode::kNotFound, address + ": no sockets in the fake platform");
  }
  core::Expected<platform::RelayResult> Relay(const platform::ProcessSpec& spec, platform::RelayObserver&) const override {
    return core::MakeError(core::ErrorCode::kNotFound, (spec.argv.empty() ? std::string("server") : spec.argv[0]) +
                                                           ": no processes in the fake platform");
  }
};

/// Answers by URL from a table; unknown URLs get 404 (file-proxy semantics). Records requests.
class FakeHttpClient final : public platform::HttpClient {
 public:
  std::map<std::string, platform::HttpResponse> answers;
  mutable std::vector<platform::HttpRequest> seen;
  mutable std::vector<platform::HttpTransport> transports;
  std::vector<platform::HttpResponse> Fetch(const std::vector<platform::HttpRequest>& requests,
                                            const platform::HttpTransport& transport, std::chrono::milliseconds,
                                            const platform::HttpProgress& progress = {}) const override {
    std::vector<platform::HttpResponse> out;
    for (const auto& r : requests) {
      seen.push_back(r);
      transports.push_back(transport);
      auto it = answers.find(r.url);
      if (it != answers.end()) {
        out.push_back(it->second);
      } else {
        platform::HttpResponse nf;
        nf.status = 404;
        nf.reason = "Not Found";
        out.push_back(nf);
      }
      out.back().final_url = r.url;
      if (progress) progress(out.size(), requests.size());
    }
    return out;
  }
};

/// Processes from a table; Details by pid (missing pid: every part refused).
class FakeProcessTable final : public platform::ProcessTable {
 public:
  std::vector<platform::ProcessEntry> entries;
  std::map<int, platform::ProcessDetails> details;
  std::optional<std::string> list_error;  ///< List() fails with this (kInvalidArgument)
  int uid = 1000;
  core::Expected<std::vector<platform::ProcessEntry>> List() const override {
    if (list_error) return core::MakeError(core::ErrorCode::kInvalidArgument, *list_error);
    return entries;
  }
  platform::ProcessDetails Details(int pid) const override {
    auto it = details.find(pid);
    if (it != details.end()) return it->second;
    platform::ProcessDetails d;
    d.errors = {"exe: Permission denied", "cwd: Permission denied", "environ: Permission denied"};
    return d;
  }
  std::string ExecutableForReading(int pid) const override { return "/proc/" + std::to_string(pid) + "/exe"; }
  int CurrentUid() const override { return uid; }
};

/// Owns one of each fake and hands out a Platform view.
struct FakePlatform {
  FakeFileSystem fs;
  FakeEnvironment env;
  FakeProcessRunner runner;
  FakeClock clock;
  FakeServerLauncher launcher;
  FakeHttpClient http;
  FakeProcessTable processes;
  platform::Platform View() const { return platform::Platform{fs, env, runner, clock, launcher, http, &processes}; }
};

}  // namespace godiag::testing

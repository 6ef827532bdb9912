// `godiag lsp tap`: a transparent recorder between an editor and the language server it
// starts. Forwarding never waits for recording or checking, and never stops because of them.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/lsp_tap.h"
#include "lsp/checker.h"
#include "lsp/trace_format.h"

namespace godiag::cli {

namespace {

// Records on its own thread: the relay only appends to a buffer, so a slow disk never
// slows forwarding. If the disk falls far behind, recording stops (forwarding goes on).
class TapRecorder final : public platform::RelayObserver {
 public:
  TapRecorder(std::unique_ptr<platform::OutputStream> out, bool check)
      : out_(std::move(out)), check_(check), writer_([this] { WriteLoop(); }) {}
  ~TapRecorder() override { Stop(); }

  void Start(const std::string& header_json) { Append(std::string(lsp::kTraceMagic) + header_json + "\n"); }

  void OnBytes(bool to_server, std::string_view bytes, uint64_t t_ns) override {
    auto kind = to_server ? lsp::RecordKind::kToServer : lsp::RecordKind::kToClient;
    Record(kind, t_ns, bytes);
    if (check_) {
      uint64_t before = checker_.defects_seen();
      checker_.Bytes(to_server ? lsp::Direction::kToServer : lsp::Direction::kToClient, bytes, static_cast<double>(t_ns) / 1e6);
      if (checker_.defects_seen() != before) NoteNewDefects(t_ns);
    }
  }

  void End(const platform::ExitStatus& exit, uint64_t t_ns) {
    nlohmann::json end = exit.signal ? nlohmann::json{{"signal", exit.signal}} : nlohmann::json{{"exit_code", exit.code}};
    Record(lsp::RecordKind::kEnd, t_ns, end.dump());
    Stop();
    if (check_) checker_.Finish();
  }

  std::string failure() {
    std::lock_guard<std::mutex> lock(mu_);
    return failure_;
  }
  lsp::TrafficChecker& checker() { return checker_; }

 private:
  void Record(lsp::RecordKind kind, uint64_t t_ns, std::string_view payload) {
    std::string header = lsp::RecordHeader(kind, t_ns, payload.size());
    std::lock_guard<std::mutex> lock(mu_);
    if (!out_ || !failure_.empty()) return;
    if (pending_.size() > kMaxBehind) {
      failure_ = "the disk fell more than " + std::to_string(kMaxBehind >> 20) + " MiB behind the traffic";
      return;
    }
    pending_ += header;
    pending_.append(payload);
    pending_ += '\n';
    cv_.notify_one();
  }

  void Append(const std::string& text) {
    std::lock_guard<std::mutex> lock(mu_);
    if (out_) pending_ += text;
    cv_.notify_one();
  }

  void NoteNewDefects(uint64_t t_ns) {
    for (; noted_ < checker_.report().defects.size(); ++noted_) {
      const auto& d = checker_.report().defects[noted_];
      Record(lsp::RecordKind::kNote, t_ns,
             nlohmann::json{{"id", d.id}, {"where", d.where}, {"detail", d.detail}}.dump(
                 -1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }

  void WriteLoop() {
    std::string batch;
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty() && stopping_) return;
      batch.swap(pending_);
      lock.unlock();
      auto written = out_ ? out_->Write(batch) : core::Expected<void>{};
      batch.clear();
      lock.lock();
      if (!written && failure_.empty()) failure_ = written.error().message;
      if (!failure_.empty()) pending_.clear();
    }
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      cv_.notify_one();
    }
    if (writer_.joinable()) writer_.join();
  }

  static constexpr size_t kMaxBehind = 512u << 20;
  std::unique_ptr<platform::OutputStream> out_;
  bool check_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string pending_;
  std::string failure_;
  bool stopping_ = false;
  lsp::TrafficChecker checker_;
  size_t noted_ = 0;
  std::thread writer_;  // last: starts after everything it uses exists
};

std::string Basename(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

// The first 64 KiB of a file ("" when unreadable): enough to tell another copy of godiag.
std::string Head(const platform::FileSystem& fs, const std::string& path) {
  auto in = fs.OpenRead(path);
  if (!in) return "";
  std::string buf(64 << 10, '\0');
  size_t have = 0;
  while (have < buf.size()) {
    auto got = (*in)->Read(buf.data() + have, buf.size() - have);
    if (!got || *got == 0) break;
    have += *got;
  }
  buf.resize(have);
  return buf;
}

void PrintSummary(lsp::TrafficChecker& checker, std::ostream& err) {
  const auto& r = checker.report();
  err << "godiag lsp tap: " << r.messages << " messages, " << r.defects.size() << " kinds of defects";
  for (const auto& d : r.defects) err << "\n  " << d.id << " (" << d.count << "x, first at " << d.where << "): " << d.detail;
  err << "\n";
}

}  // namespace

std::string DefaultTracePath(const std::map<std::string, std::string>& env, const std::string& server, long pid) {
  auto get = [&](const char* k) {
    auto it = env.find(k);
    return it == env.end() ? std::string() : it->second;
  };
  std::string dir = get("XDG_CACHE_HOME");
  if (dir.empty()) dir = get("HOME").empty() ? "/tmp" : get("HOME") + "/.cache";
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&now));
  return dir + "/godiag/traces/" + Basename(server) + "-" + stamp + "-" + std::to_string(pid) + ".trace";
}

int RunTap(const platform::Platform& p, const TapOptions& o, std::ostream& err) {
  std::string path = o.trace.empty() ? DefaultTracePath(p.env.Variables(), o.argv[0], p.env.ProcessId()) : o.trace;
  std::unique_ptr<platform::OutputStream> out;
  if (path != "none") {
    auto created = p.fs.Create(path, o.trace.empty());  // parents only for the default location
    if (created) out = std::move(*created);
    else err << "godiag lsp tap: not recording: " << created.error().message << "\n";
  }
  TapRecorder recorder(std::move(out), o.check);
  auto started = std::chrono::system_clock::now().time_since_epoch();
  nlohmann::json header{{"started_unix_ns", std::chrono::duration_cast<std::chrono::nanoseconds>(started).count()},
                        {"argv", o.argv},
                        {"cwd", p.fs.RealPath(".")},
                        {"pid", p.env.ProcessId()},
                        {"godiag", GODIAG_VERSION}};
  recorder.Start(header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  platform::ProcessSpec spec;
  spec.argv = o.argv;
  auto t0 = std::chrono::steady_clock::now();
  auto result = p.launcher.Relay(spec, recorder);
  if (!result) {
    err << "godiag lsp tap: " << result.error().message << "\n";
    return result.error().code == core::ErrorCode::kNotFound ? 127 : 126;
  }
  auto t_ns = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
  recorder.End(result->exit, t_ns);
  if (!recorder.failure().empty()) err << "godiag lsp tap: recording stopped: " << recorder.failure() << "\n";
  if (o.check) {
    PrintSummary(recorder.checker(), err);
    if (!path.empty() && path != "none") err << "godiag lsp tap: trace in " << path << "\n";
  }
  return result->exit.signal ? 128 + result->exit.signal : result->exit.code;
}

core::Expected<std::string> TapTargetForInvocation(const platform::Platform& p, const std::string& argv0) {
  std::string name = Basename(argv0);
  if (name.empty() || name.rfind("godiag", 0) == 0) return std::string();
  auto env = p.env.Variables();
  std::vector<std::string> names = {"gopls"};
  std::string config = env.count("XDG_CONFIG_HOME") ? env["XDG_CONFIG_HOME"] : env["HOME"] + "/.config";
  if (auto listed = p.fs.ReadFile(config + "/godiag/tap-names", 1 << 16)) {
    size_t start = 0;
    while (start < listed->size()) {
      size_t nl = listed->find('\n', start);
      if (nl == std::string::npos) nl = listed->size();
      std::string line = listed->substr(start, nl - start);
      if (!line.empty() && line[0] != '#') names.push_back(line);
      start = nl + 1;
    }
  }
  if (std::find(names.begin(), names.end(), name) == names.end()) return std::string();
  std::string self = p.fs.RealPath("/proc/self/exe");
  std::string self_head = Head(p.fs, self);
  const std::string& path = env["PATH"];
  size_t start = 0;
  while (start <= path.size()) {
    size_t colon = path.find(':', start);
    if (colon == std::string::npos) colon = path.size();
    std::string dir = path.substr(start, colon - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    auto st = p.fs.Stat(candidate);
    // Never itself, through a link or as another copy (two copies would tap each other forever).
    if (st.type == platform::FileType::kFile && st.executable && p.fs.RealPath(candidate) != self &&
        (self_head.empty() || Head(p.fs, candidate) != self_head))
      return candidate;
    start = colon + 1;
  }
  return core::MakeError(core::ErrorCode::kNotFound,
                         "godiag runs as \"" + name + "\" to tap it, but no other " + name + " is on PATH");
}

}  // namespace godiag::cli

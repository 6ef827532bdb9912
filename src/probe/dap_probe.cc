#include "probe/dap_probe.h"

#include <signal.h>

#include <algorithm>
#include <functional>

#include <nlohmann/json.hpp>

#include "dap/message.h"
#include "dap/session.h"
#include "lsp/framing.h"

namespace godiag::probe {

using core::LspPhase;
using core::PhaseStatus;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr size_t kMaxOutputEvents = 400;
constexpr size_t kMaxLines = 400;
constexpr auto kSlice = std::chrono::milliseconds(20);
constexpr auto kConnectWindow = std::chrono::milliseconds(2000);

void AppendLines(std::string& partial, std::string_view data, std::vector<std::string>& lines) {
  partial.append(data);
  size_t nl;
  while ((nl = partial.find('\n')) != std::string::npos) {
    std::string line = partial.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lines.size() < kMaxLines) lines.push_back(std::move(line));
    partial.erase(0, nl + 1);
  }
}

class DapRun final : public lsp::FrameSink {
 public:
  DapRun(const platform::ServerLauncher& launcher, const platform::Clock& clock, const platform::ProbeSupport& support,
         const platform::FileSystem& fs, const DapProbeOptions& o)
      : launcher_(launcher), clock_(clock), support_(support), fs_(fs), o_(o), t0_(clock.Now()),
        deadline_(t0_ + o.timeout) {
    r_ = o.seed;
  }
  core::DapProbeResult Run();

  void OnFrame(const lsp::Frame& frame) override;
  void OnIssue(const lsp::FramingIssue& issue) override {
    AddDefect("dap.protocol.framing", issue.offset, issue.detail);
  }

 private:
  double Ms() const { return std::chrono::duration<double, std::milli>(clock_.Now() - t0_).count(); }
  platform::Deadline Within(std::chrono::milliseconds d) const { return std::min(deadline_, clock_.Now() + d); }
  void Phase(const std::string& name, PhaseStatus status, double started_ms, std::string detail = "") {
    double now = Ms();
    r_.phases.push_back(LspPhase{name, status, now, std::max(0.0, now - started_ms), std::move(detail)});
  }
  void AddDefect(const std::string& id, uint64_t offset, const std::string& detail);
  bool Start();
  bool WaitListening();
  bool ConnectSocket(const std::string& address);
  bool Initialize();
  bool Launch();
  void Configure();
  void Disconnect();
  void Cleanup();
  bool WaitFor(const std::function<bool()>& done, platform::Deadline deadline);
  void PumpOnce(platform::Deadline deadline);
  void ConsumeWire(platform::ChannelEvents ev);
  void ConsumeProcess(platform::ChannelEvents ev);
  int64_t Request(const std::string& command, const std::string& arguments);
  bool Answered(int64_t seq) const { return answers_.count(seq) > 0; }
  bool Gone() const { return wire_closed_ || (wire_ == proc_.get() && exit_); }
  void OnEvent(const dap::Message& m);
  bool RequestPhase(const std::string& phase, const std::string& command, const std::string& arguments);
  void Hang(const std::string& phase);

  const platform::ServerLauncher& launcher_;
  const platform::Clock& clock_;
  const platform::ProbeSupport& support_;
  const platform::FileSystem& fs_;
  const DapProbeOptions& o_;
  const SteadyClock::time_point t0_;
  const platform::Deadline deadline_;
  core::DapProbeResult r_;
  std::unique_ptr<platform::ServerChannel> proc_;
  std::unique_ptr<platform::ServerChannel> socket_;
  platform::ServerChannel* wire_ = nullptr;  // the channel DAP flows on
  lsp::FrameDecoder decoder_;
  dap::Session session_;
  int64_t next_seq_ = 1;
  std::map<int64_t, dap::Message> answers_;
  std::string stdout_partial_, stderr_partial_;
  std::string banner_;
  std::optional<platform::ExitStatus> exit_;
  bool wire_closed_ = false;
  bool initialized_ = false;
  bool stopped_ = false;
  bool terminated_ = false;
  std::string scratch_;
};

void DapRun::AddDefect(const std::string& id, uint64_t offset, const std::string& detail) {
  for (auto& d : r_.defects) {
    if (d.id == id && d.detail == detail) {
      ++d.count;
      return;
    }
  }
  if (r_.defects.size() < 50) r_.defects.push_back(core::LspDefect{id, offset, detail, {}, 1, false, ""});
}

int64_t DapRun::Request(const std::string& command, const std::string& arguments) {
  int64_t seq = next_seq_++;
  std::string body = dap::RequestJson(seq, command, arguments);
  session_.OnMessage(dap::Side::kClient, dap::ParseMessage(body), Ms(), 0);
  wire_->Send(dap::Frame(body));
  return seq;
}

void DapRun::OnFrame(const lsp::Frame& frame) {
  dap::Message m = dap::ParseMessage(frame.body);
  auto answered = session_.OnMessage(dap::Side::kServer, m, Ms(), frame.body_offset);
  for (const auto& issue : session_.TakeIssues()) {
    AddDefect("dap.protocol.message", issue.offset, issue.detail);
  }
  if (m.kind == dap::Kind::kEvent) OnEvent(m);
  if (m.kind == dap::Kind::kRequest) {  // a reverse request (Delve sends none): decline it like vscode-go
    std::string body = "{\"seq\":" + std::to_string(next_seq_++) +
                       ",\"type\":\"response\",\"request_seq\":" + std::to_string(m.seq) +
                       ",\"success\":false,\"command\":" + json(m.command).dump() + ",\"message\":\"not supported\"}";
    wire_->Send(dap::Frame(body));
  }
  if (m.kind != dap::Kind::kResponse || !answered) return;
  if (!m.success) {
    auto e = dap::ParseErrorDetail(m.body);
    r_.error_responses.push_back({m.command, e.id, m.message, e.format, e.show_user});
  }
  answers_[answered->seq] = std::move(m);
}

void DapRun::OnEvent(const dap::Message& m) {
  json body = json::parse(m.body.empty() ? "{}" : m.body, nullptr, false);
  if (!body.is_object()) body = json::object();
  if (m.event == "output" && r_.output.size() < kMaxOutputEvents) {
    r_.output.push_back({body.value("category", "console"), body.value("output", ""), Ms()});
  } else if (m.event == "process") {
    r_.debuggee_pid = body.value("systemProcessId", 0L);
  } else if (m.event == "initialized") {
    initialized_ = true;
  } else if (m.event == "stopped") {
    stopped_ = true;
    r_.stopped_reason = body.value("reason", "");
  } else if (m.event == "terminated" || m.event == "exited") {
    terminated_ = true;
  }
}

void DapRun::ConsumeWire(platform::ChannelEvents ev) {
  if (!ev.out.empty()) decoder_.Feed(ev.out, *this);
  if (ev.out_closed && !wire_closed_) {
    wire_closed_ = true;
    decoder_.Finish(*this);
  }
  if (wire_ == proc_.get()) {
    platform::ChannelEvents rest;
    rest.err = std::move(ev.err);
    rest.exit = ev.exit;
    ConsumeProcess(std::move(rest));
  }
}

void DapRun::ConsumeProcess(platform::ChannelEvents ev) {
  if (!ev.out.empty()) AppendLines(stdout_partial_, ev.out, r_.stdout_lines);
  if (!ev.err.empty()) AppendLines(stderr_partial_, ev.err, r_.stderr_lines);
  if (ev.exit && !exit_) exit_ = ev.exit;
}

void DapRun::PumpOnce(platform::Deadline deadline) {
  if (wire_ && !wire_closed_) {
    bool both = proc_ && wire_ != proc_.get();
    ConsumeWire(wire_->Pump(both ? std::min(deadline, clock_.Now() + kSlice) : std::min(deadline, clock_.Now() + kSlice * 5)));
    if (both && !exit_) ConsumeProcess(proc_->Pump(clock_.Now()));
  } else if (proc_ && !exit_) {
    ConsumeProcess(proc_->Pump(std::min(deadline, clock_.Now() + kSlice * 5)));
  }  // else nothing is left to read; the callers stop on Gone() / exit_
}

bool DapRun::WaitFor(const std::function<bool()>& done, platform::Deadline deadline) {
  while (!done()) {
    if (support_.Interrupted()) {
      r_.interrupted = true;
      return false;
    }
    if (Gone()) return done();
    if (clock_.Now() >= deadline) return false;
    PumpOnce(deadline);
  }
  return true;
}

bool DapRun::Start() {
  auto dir = support_.MakeScratchDir("godiag-dap-");
  if (dir) scratch_ = *dir;
  r_.output_binary = scratch_.empty() ? "" : scratch_ + "/__debug_bin";
  if (o_.transport == DapTransport::kConnect) {
    r_.connect = o_.connect;
    double t = Ms();
    auto ch = launcher_.Connect(o_.connect, Within(kConnectWindow));
    if (!ch) {
      r_.start_error = "cannot connect to " + o_.connect + ": " + ch.error().message;
      Phase("connect", PhaseStatus::kFailed, t, ch.error().message);
      return false;
    }
    socket_ = std::move(*ch);
    wire_ = socket_.get();
    Phase("connect", PhaseStatus::kOk, t);
    return true;
  }
  r_.argv = o_.spec.argv;
  r_.dir = o_.spec.cwd;
  platform::ProcessSpec spec = o_.spec;
  // go build's own work dir (go-build*) lands in the scratch dir too, so that a build
  // killed at the deadline leaves nothing behind.
  if (spec.env && !scratch_.empty()) (*spec.env)["TMPDIR"] = scratch_;
  double t = Ms();
  auto ch = launcher_.Spawn(spec);
  if (!ch) {
    r_.start_error = ch.error().message;
    r_.not_found = ch.error().code == core::ErrorCode::kNotFound;
    Phase("spawn", PhaseStatus::kFailed, t, ch.error().message);
    return false;
  }
  proc_ = std::move(*ch);
  Phase("spawn", PhaseStatus::kOk, t);
  if (o_.transport == DapTransport::kStdio) {
    wire_ = proc_.get();
    r_.server.kind = "stdio";
    return true;
  }
  return WaitListening();
}

bool DapRun::WaitListening() {
  double t = Ms();
  std::string address;
  auto seen = [&] {
    for (const auto& line : r_.stdout_lines) {
      address = ParseListeningLine(line, &r_.server.kind);
      if (!address.empty()) return true;
    }
    return false;
  };
  auto deadline = Within(o_.listen_timeout);
  while (!seen() && !exit_ && clock_.Now() < deadline && !support_.Interrupted()) PumpOnce(deadline);
  if (address.empty()) {
    if (support_.Interrupted()) r_.interrupted = true;
    if (exit_) ConsumeProcess(proc_->Pump(Within(std::chrono::milliseconds(200))));
    r_.exited_early = exit_.has_value();
    if (!exit_ && !r_.interrupted) Hang("listening");
    r_.start_error = exit_ ? "the server exited before it printed \"DAP server listening at:\""
                           : "no \"DAP server listening at:\" line within the deadline";
    Phase("listening", exit_ || r_.interrupted ? PhaseStatus::kFailed : PhaseStatus::kTimeout, t);
    return false;
  }
  r_.stdout_lines.erase(std::remove_if(r_.stdout_lines.begin(), r_.stdout_lines.end(),
                                       [](const std::string& l) { return l.find(" server listening at: ") != std::string::npos; }),
                        r_.stdout_lines.end());
  r_.server.listen_address = address;
  Phase("listening", PhaseStatus::kOk, t, address);
  return ConnectSocket(address);
}

bool DapRun::ConnectSocket(const std::string& address) {
  double t = Ms();
  std::string error;
  auto until = Within(kConnectWindow);
  do {
    auto ch = launcher_.Connect("tcp:" + address, until);
    if (ch) {
      socket_ = std::move(*ch);
      wire_ = socket_.get();
      Phase("connect", PhaseStatus::kOk, t, address);
      return true;
    }
    error = ch.error().message;
    ConsumeProcess(proc_->Pump(clock_.Now() + std::chrono::milliseconds(50)));
  } while (clock_.Now() < until && !exit_);
  r_.start_error = "cannot connect to " + address + ": " + error;
  Phase("connect", PhaseStatus::kFailed, t, error);
  return false;
}

void DapRun::Hang(const std::string& phase) {
  if (!r_.hung_in.empty()) return;  // the first hang is the cause
  r_.hung_in = phase;
  r_.hung_after_ms = Ms();
  for (auto it = r_.output.rbegin(); it != r_.output.rend(); ++it) {
    if (!it->text.empty()) {
      r_.last_output = it->text;
      break;
    }
  }
}

bool DapRun::RequestPhase(const std::string& phase, const std::string& command, const std::string& arguments) {
  double t = Ms();
  int64_t seq = Request(command, arguments);
  if (!WaitFor([&] { return Answered(seq); }, Within(o_.request_timeout))) {
    if (r_.interrupted) {
      Phase(phase, PhaseStatus::kFailed, t, "interrupted");
    } else if (Gone()) {
      r_.exited_early = true;
      Phase(phase, PhaseStatus::kFailed, t, "the server closed the connection");
    } else {
      Hang(phase);
      Phase(phase, PhaseStatus::kTimeout, t);
    }
    return false;
  }
  const auto& m = answers_[seq];
  Phase(phase, m.success ? PhaseStatus::kOk : PhaseStatus::kFailed, t, m.success ? "" : m.message);
  return m.success;
}

bool DapRun::Initialize() {
  double t = Ms();
  int64_t seq = Request("initialize", VscodeInitializeArguments());
  if (!WaitFor([&] { return Answered(seq); }, Within(o_.request_timeout))) {
    if (!r_.interrupted && !Gone()) Hang("initialize");
    r_.exited_early = Gone();
    Phase("initialize", r_.hung_in.empty() ? PhaseStatus::kFailed : PhaseStatus::kTimeout, t,
          Gone() ? "the server closed the connection" : "");
    return false;
  }
  const auto& m = answers_[seq];
  r_.capabilities = dap::TrueKeys(m.body);
  r_.server.fingerprint = FingerprintDelve(r_.capabilities, session_.server_seq_zero());
  Phase("initialize", m.success ? PhaseStatus::kOk : PhaseStatus::kFailed, t, m.success ? "" : m.message);
  return m.success;
}

bool DapRun::Launch() {
  json args = json::parse(o_.launch_arguments, nullptr, false);
  if (!args.is_object()) args = json::object();
  args["stopOnEntry"] = true;
  args.erase("noDebug");
  if (!r_.output_binary.empty() && args.value("mode", "debug") != "exec") args["output"] = r_.output_binary;
  r_.launch_arguments = args.dump();
  double t = Ms();
  int64_t seq = Request("launch", r_.launch_arguments);
  if (!WaitFor([&] { return Answered(seq); }, deadline_)) {
    if (!r_.interrupted && !Gone()) Hang("launch");
    r_.exited_early = Gone();
    Phase("launch", r_.hung_in.empty() ? PhaseStatus::kFailed : PhaseStatus::kTimeout, t,
          Gone() ? "the server closed the connection" : "");
    return false;
  }
  const auto& m = answers_[seq];
  Phase("launch", m.success ? PhaseStatus::kOk : PhaseStatus::kFailed, t, m.success ? "" : m.message);
  return m.success;
}

void DapRun::Configure() {
  WaitFor([&] { return initialized_; }, Within(std::chrono::milliseconds(2000)));
  auto has = [&](const char* cap) { return std::find(r_.capabilities.begin(), r_.capabilities.end(), cap) != r_.capabilities.end(); };
  if (has("supportsFunctionBreakpoints") &&
      !RequestPhase("setFunctionBreakpoints", "setFunctionBreakpoints", R"({"breakpoints":[{"name":"main.main"}]})")) {
    return;
  }
  if (!RequestPhase("configurationDone", "configurationDone", "{}")) return;
  double t = Ms();
  if (WaitFor([&] { return stopped_; }, Within(o_.request_timeout))) {
    Phase("stopped", PhaseStatus::kOk, t, r_.stopped_reason);
  } else {
    if (!r_.interrupted && !Gone()) Hang("stopped");
    Phase("stopped", r_.hung_in.empty() ? PhaseStatus::kFailed : PhaseStatus::kTimeout, t);
  }
}

void DapRun::Disconnect() {
  if (!wire_ || Gone() || r_.interrupted) return;
  // After a hang in launch Delve's request loop is blocked in the build and cannot answer;
  // after one in the start-up the server is not answering at all. Only a missing `stopped`
  // leaves a session that disconnect can end.
  if (!r_.hung_in.empty() && r_.hung_in != "stopped") return;
  RequestPhase("disconnect", "disconnect", R"({"terminateDebuggee":true})");
}

void DapRun::Cleanup() {
  double t = Ms();
  if (proc_) {
    bool hung = !r_.hung_in.empty() && r_.hung_in != "stopped";
    auto until = r_.interrupted || r_.hung_in == "launch" ? clock_.Now()
                 : hung ? Within(std::chrono::milliseconds(300))
                        : Within(o_.exit_wait);
    if (socket_) socket_.reset();  // the client closes its end, as VS Code does
    if (wire_ == proc_.get()) proc_->CloseInput();
    while (!exit_ && clock_.Now() < until) ConsumeProcess(proc_->Pump(until));
    if (!exit_) {
      r_.killed = true;
      proc_->Signal(SIGTERM);
      auto term_until = clock_.Now() + std::chrono::milliseconds(r_.interrupted ? 300 : 500);
      while (!exit_ && clock_.Now() < term_until) ConsumeProcess(proc_->Pump(term_until));
      proc_->Kill();
      ConsumeProcess(proc_->Pump(clock_.Now() + std::chrono::milliseconds(100)));
    }
    if (exit_) {
      if (exit_->code >= 0) r_.exit_code = exit_->code;
      if (exit_->signal) r_.exit_signal = exit_->signal;
    }
    AppendLines(stdout_partial_, "\n", r_.stdout_lines);
    AppendLines(stderr_partial_, "\n", r_.stderr_lines);
    if (!r_.stdout_lines.empty() && r_.stdout_lines.back().empty()) r_.stdout_lines.pop_back();
    if (!r_.stderr_lines.empty() && r_.stderr_lines.back().empty()) r_.stderr_lines.pop_back();
  }
  if (r_.debuggee_pid > 0 && support_.Alive(r_.debuggee_pid)) {
    support_.KillTree(r_.debuggee_pid);
    r_.killed = true;
  }
  if (r_.debuggee_pid > 0) r_.debuggee_left = support_.Alive(r_.debuggee_pid);
  if (!r_.output_binary.empty()) r_.binary_left = fs_.Stat(r_.output_binary).type != platform::FileType::kNone;
  if (!scratch_.empty()) support_.RemoveTree(scratch_);
  if (!scratch_.empty() && fs_.Stat(scratch_).type != platform::FileType::kNone) r_.binary_left = true;
  else if (!scratch_.empty()) r_.binary_left = false;
  if (proc_) Phase("exit", r_.killed ? PhaseStatus::kFailed : PhaseStatus::kOk, t, r_.killed ? "killed" : "");
}

core::DapProbeResult DapRun::Run() {
  r_.ran = true;
  r_.ptrace_scope = support_.PtraceScope();
  if (Start() && Initialize() && Launch()) Configure();
  Disconnect();
  Cleanup();
  r_.total_ms = Ms();
  return r_;
}

}  // namespace

std::string ParseListeningLine(std::string_view line, std::string* kind) {
  for (std::string_view banner : {"DAP server listening at: ", "API server listening at: "}) {
    size_t at = line.find(banner);
    if (at == std::string_view::npos) continue;
    std::string address(line.substr(at + banner.size()));
    while (!address.empty() && (address.back() == ' ' || address.back() == '\r')) address.pop_back();
    size_t colon = address.rfind(':');
    if (colon == std::string::npos) return "";
    std::string host = address.substr(0, colon);
    if (host == "[::]" || host == "0.0.0.0" || host.empty()) address = "127.0.0.1" + address.substr(colon);
    if (kind) *kind = banner[0] == 'D' ? "dlv dap" : "dlv --headless";
    return address;
  }
  return "";
}

std::string FingerprintDelve(const std::vector<std::string>& caps, bool seq_zero) {
  auto has = [&](const char* c) { return std::find(caps.begin(), caps.end(), c) != caps.end(); };
  if (!has("supportsConfigurationDoneRequest")) return "";
  if (has("supportsWriteMemoryRequest")) return "Delve v1.27.0 or later";
  if (has("supportsDataBreakpoints")) return "Delve v1.26.2–v1.26.3";
  if (has("supportsHitConditionalBreakpoints")) return "Delve v1.26.1";
  if (has("supportsReadMemoryRequest")) return "Delve v1.26.0";
  if (has("supportsRestartRequest")) return seq_zero ? "Delve v1.25.1–v1.25.2" : "Delve v1.25.1–v1.25.2 (but numbered seq)";
  return "Delve v1.25.0 or older";
}

std::string VscodeInitializeArguments() {
  return R"({"clientID":"vscode","clientName":"godiag, as Visual Studio Code","adapterID":"go","pathFormat":"path",)"
         R"("linesStartAt1":true,"columnsStartAt1":true,"supportsVariableType":true,"supportsVariablePaging":true,)"
         R"("supportsRunInTerminalRequest":true,"locale":"en","supportsProgressReporting":true,)"
         R"("supportsInvalidatedEvent":true,"supportsMemoryReferences":true,"supportsArgsCanBeInterpretedByShell":true,)"
         R"("supportsMemoryEvent":true,"supportsStartDebuggingRequest":true})";
}

core::DapProbeResult RunDapProbe(const platform::ServerLauncher& launcher, const platform::Clock& clock,
                                 const platform::ProbeSupport& support, const platform::FileSystem& fs,
                                 const DapProbeOptions& options) {
  DapRun run(launcher, clock, support, fs, options);
  return run.Run();
}

}  // namespace godiag::probe

#include "probe/lsp_probe.h"

#include <signal.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "lsp/framing.h"
#include "lsp/framing_text.h"
#include "lsp/go_traceback.h"
#include "lsp/jsonrpc.h"
#include "lsp/session.h"

namespace godiag::probe {

using core::LspPhase;
using core::PhaseStatus;
using lsp::Direction;
using lsp::Message;
using lsp::MessageKind;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kStderrKeep = 256 << 10;
constexpr size_t kStderrHead = 16 << 10;
constexpr auto kDrainAfterExit = std::chrono::milliseconds(200);
constexpr auto kDiagnosticsGrace = std::chrono::milliseconds(300);
constexpr auto kDrainAtEnd = std::chrono::milliseconds(1000);

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  return s;
}

// gopls prefixes log messages with "2006/01/02 15:04:05 ".
std::string WithoutLogTimestamp(const std::string& s) {
  bool stamped = s.size() > 20 && s[4] == '/' && s[7] == '/' && s[10] == ' ' && s[13] == ':' && s[16] == ':' && s[19] == ' ';
  std::string out = stamped ? s.substr(20) : s;
  size_t labels = std::min(out.find("\n\t"), out.find("\n\n"));  // gopls appends "\n\tkey=value" labels
  return labels == std::string::npos ? out : Trimmed(out.substr(0, labels));
}

void AddUnique(std::vector<std::string>& list, std::string item, size_t cap = 20) {
  if (list.size() >= cap || std::find(list.begin(), list.end(), item) != list.end()) return;
  list.push_back(std::move(item));
}

class ProbeRun final : public lsp::FrameSink {
 public:
  ProbeRun(const platform::ServerLauncher& launcher, const platform::Clock& clock, const LspProbeOptions& o)
      : launcher_(launcher), clock_(clock), o_(o), t0_(clock.Now()), deadline_(t0_ + o.timeout) {}

  core::LspProbeResult Run();

  void OnFrame(const lsp::Frame& frame) override;
  void OnIssue(const lsp::FramingIssue& issue) override {
    // A server may be cut mid-write as it exits (gopls can); by then the client has stopped reading.
    bool late = lsp::AfterExit(issue, exit_at_);
    core::LspDefect& d = AddDefect(lsp::DeviationId(issue.deviation), issue.offset,
                                   late ? lsp::AfterExitDetail(issue) : issue.detail,
                                   late ? std::vector<core::PeerReaction>{} : lsp::ToPeerReactions(issue.reactions));
    if (late && d.count == 1) d.after_exit = true;
  }

 private:
  double Ms() const { return std::chrono::duration<double, std::milli>(clock_.Now() - t0_).count(); }
  bool Start();
  bool Handshake();
  void OpenFile();
  void Shutdown();
  LspPhase& Phase(const std::string& name, PhaseStatus status, double started_ms, std::string detail = "");
  bool WaitFor(const std::function<bool()>& done, platform::Deadline deadline);
  void Consume(platform::ChannelEvents ev);
  void OnServerMessage(const Message& m, uint64_t offset);
  void Send(const std::string& body);
  int64_t Request(const std::string& method, const std::string& params);
  core::LspDefect& AddDefect(const std::string& id, uint64_t offset, const std::string& detail,
                             std::vector<core::PeerReaction> reactions = {});
  bool Gone() const { return exit_.has_value() || out_closed_; }
  void HandleHang(const std::string& phase);
  void HandleEarlyExit(const std::string& phase, double started_ms);
  void Finish();

  const platform::ServerLauncher& launcher_;
  const platform::Clock& clock_;
  const LspProbeOptions& o_;
  const Clock::time_point t0_;
  const platform::Deadline deadline_;
  core::LspProbeResult r_;
  std::unique_ptr<platform::ServerChannel> ch_;
  lsp::FrameDecoder decoder_;
  lsp::MessageParser parser_;
  lsp::Session session_;
  int64_t next_id_ = 0;
  std::map<int64_t, Message> answers_;  // our request id -> the server's response
  std::string stderr_;
  std::string stderr_after_quit_;
  std::string stderr_head_;
  bool quit_sent_ = false;
  std::optional<platform::ExitStatus> exit_;
  bool out_closed_ = false;
  double first_byte_ms_ = -1;
  bool opened_done_ = false;
  bool diagnostics_seen_ = false;
  bool diagnostics_final_ = false;
  bool progress_ended_ = false;
  std::set<std::string> open_progress_;  // work-done progress tokens begun and not ended
  std::string open_uri_;
  std::string init_result_;
  bool salvaged_ = false;  // an answer was read past a defect that makes real clients drop it
  std::optional<uint64_t> exit_at_;  // server output bytes read when the client sent exit
};

core::LspDefect& ProbeRun::AddDefect(const std::string& id, uint64_t offset, const std::string& detail,
                                     std::vector<core::PeerReaction> reactions) {
  for (auto& d : r_.defects) {
    if (d.id == id) {
      ++d.count;
      return d;
    }
  }
  r_.defects.push_back(core::LspDefect{id, offset, detail, std::move(reactions), 1, false, ""});
  return r_.defects.back();
}

LspPhase& ProbeRun::Phase(const std::string& name, PhaseStatus status, double started_ms, std::string detail) {
  double now = Ms();
  r_.phases.push_back(LspPhase{name, status, now, std::max(0.0, now - started_ms), std::move(detail)});
  return r_.phases.back();
}

void ProbeRun::Send(const std::string& body) {
  Message m = parser_.Parse(body);
  session_.OnMessage(Direction::kToServer, m, Ms(), 0);
  ch_->Send(lsp::FrameMessage(body));
}

int64_t ProbeRun::Request(const std::string& method, const std::string& params) {
  int64_t id = next_id_++;
  Send(lsp::RequestJson(id, method, params));
  return id;
}

void ProbeRun::Consume(platform::ChannelEvents ev) {
  if (!ev.out.empty()) {
    if (first_byte_ms_ < 0) {
      first_byte_ms_ = Ms();
    }
    r_.stdout_bytes += ev.out.size();
    decoder_.Feed(ev.out, *this);
  }
  if (!ev.err.empty()) {
    r_.stderr_bytes += ev.err.size();
    (quit_sent_ ? stderr_after_quit_ : stderr_).append(ev.err);
    if (stderr_head_.size() < kStderrHead) stderr_head_.append(ev.err.substr(0, kStderrHead - stderr_head_.size()));
    if (stderr_.size() > 2 * kStderrKeep) stderr_.erase(0, stderr_.size() - kStderrKeep);
  }
  if (ev.out_closed && !out_closed_) {
    out_closed_ = true;
    decoder_.Finish(*this);
  }
  if (ev.exit) exit_ = ev.exit;
}

bool ProbeRun::WaitFor(const std::function<bool()>& done, platform::Deadline deadline) {
  while (!done()) {
    if (Gone() && (out_closed_ || exit_)) {
      // Drain what is left in the pipes, briefly, then give up.
      auto drain_until = std::min(deadline, clock_.Now() + kDrainAfterExit);
      while (!done() && !(out_closed_ && exit_) && clock_.Now() < drain_until) Consume(ch_->Pump(drain_until));
      if (!done() && ch_->pid() == 0 && out_closed_) return false;
      return done();
    }
    if (clock_.Now() >= deadline) return false;
    Consume(ch_->Pump(deadline));
  }
  return true;
}

void ProbeRun::OnFrame(const lsp::Frame& frame) {
  const lsp::ParseOptions keep{.keep_result = true, .keep_params = true};
  Message m = parser_.Parse(frame.body, keep);
  for (const auto& issue : m.issues) AddDefect(lsp::RpcDefectId(issue.defect), frame.body_offset, issue.detail);
  std::vector<Message> messages;
  bool batch = !m.issues.empty() && m.issues[0].defect == lsp::RpcDefect::kBatch;
  if (m.kind == MessageKind::kInvalid && (frame.body.starts_with("\xEF\xBB\xBF") || batch)) {
    // Read past the defect (already reported) so the rest of the handshake is still checked.
    json parsed = json::parse(frame.body.substr(batch ? 0 : 3), nullptr, false);
    if (parsed.is_array()) {
      for (const auto& element : parsed) messages.push_back(parser_.Parse(element.dump(), keep));
    } else if (!parsed.is_discarded()) {
      messages.push_back(parser_.Parse(parsed.dump(), keep));
    }
    salvaged_ = true;
  } else {
    messages.push_back(std::move(m));
  }
  for (const auto& message : messages) OnServerMessage(message, frame.body_offset);
  for (const auto& issue : session_.TakeIssues()) AddDefect(lsp::SessionDefectId(issue.defect), issue.offset, issue.detail);
}

void ProbeRun::OnServerMessage(const Message& m, uint64_t offset) {
  auto done = session_.OnMessage(Direction::kToClient, m, Ms(), offset);
  if (m.kind == MessageKind::kResponse) {
    if (done) {
      if (done->error) {
        r_.error_responses.push_back({done->method, done->error_code, lsp::ErrorCodeName(done->error_code), done->error_message});
      }
      if (done->id.kind == lsp::Id::Kind::kInteger) answers_[done->id.integer] = m;
      if (!(done->id == m.id)) salvaged_ = true;  // "0" for 0: VS Code would hang here; we read on
    }
    return;
  }
  if (m.kind == MessageKind::kRequest) {
    std::string answer = lsp::AnswerServerRequest(m, o_.client);
    session_.OnMessage(Direction::kToServer, parser_.Parse(answer), Ms(), 0);
    ch_->Send(lsp::FrameMessage(answer));
  }
  if (m.kind != MessageKind::kRequest && m.kind != MessageKind::kNotification) return;
  json params = json::parse(m.params_json.empty() ? "null" : m.params_json, nullptr, false);
  if (!params.is_object()) return;
  bool error_type = params.contains("type") && params["type"] == 1 && params.contains("message") &&
                    params["message"].is_string();
  if ((m.method == "window/showMessage" || m.method == "window/showMessageRequest") && error_type) {
    AddUnique(r_.show_message_errors, Trimmed(params["message"].get<std::string>()));
    opened_done_ = opened_done_ || !open_uri_.empty();
  } else if (m.method == "$/progress" && params.contains("value") && params["value"].is_object()) {
    std::string token = params.contains("token") ? params["token"].dump() : "";
    std::string kind = params["value"].value("kind", "");
    if (kind == "begin") open_progress_.insert(token);
    if (kind == "end" && open_progress_.erase(token) > 0) progress_ended_ = true;
  } else if (m.method == "window/logMessage" && error_type) {
    AddUnique(r_.log_errors, WithoutLogTimestamp(Trimmed(params["message"].get<std::string>())));
  } else if (m.method == "textDocument/publishDiagnostics") {
    std::string uri = params.value("uri", "");
    const json& diags = params.contains("diagnostics") && params["diagnostics"].is_array() ? params["diagnostics"] : json::array();
    for (const auto& d : diags) {
      if (!d.is_object() || d.value("severity", 0) != 1 || !d.contains("message") || !d["message"].is_string()) continue;
      int line = d.contains("range") ? d["range"]["start"].value("line", 0) + 1 : 0;
      std::string where = uri.rfind("file://", 0) == 0 ? uri.substr(7) : uri;
      AddUnique(r_.error_diagnostics, where + ":" + std::to_string(line) + ": " + Trimmed(d["message"].get<std::string>()) +
                                          (d.contains("source") && d["source"].is_string() ? " (" + d["source"].get<std::string>() + ")" : ""));
    }
    if (!open_uri_.empty() && uri == open_uri_ && !diagnostics_final_) {
      r_.diagnostics = static_cast<int>(diags.size());  // gopls clears them at shutdown: keep the phase's view
      diagnostics_seen_ = true;
    }
  }
}

bool ProbeRun::Start() {
  double started = Ms();
  platform::Deadline connect_deadline = deadline_;
  auto ch = o_.connect.empty() ? launcher_.Spawn(o_.spec) : launcher_.Connect(o_.connect, connect_deadline);
  if (!ch) {
    r_.start_error = ch.error().message;
    Phase("spawn", PhaseStatus::kFailed, started, ch.error().message);
    return false;
  }
  ch_ = std::move(*ch);
  Phase(o_.connect.empty() ? "spawn" : "connect", PhaseStatus::kOk, started);
  return true;
}

void ProbeRun::HandleHang(const std::string& phase) {
  r_.hung_in = phase;
  if (auto p = decoder_.Pending()) {
    std::string s = p->in_header ? "an unfinished header" : "a frame declaring " + std::to_string(p->declared) +
                                                                 " body bytes of which " + std::to_string(p->have) + " arrived";
    if (p->json_end) s += "; its JSON value was already complete at " + std::to_string(*p->json_end) + " bytes";
    r_.pending_frame = s + ": \"" + p->head + "\"";
  }
  if (ch_->pid() > 0 && !exit_ && o_.go_server) {
    quit_sent_ = ch_->Signal(SIGQUIT);
    auto until = clock_.Now() + o_.dump_wait;
    while (quit_sent_ && !exit_ && clock_.Now() < until) Consume(ch_->Pump(until));
  }
  if (!exit_) {
    ch_->Kill();
    r_.killed = ch_->pid() > 0;
    Consume(ch_->Pump(clock_.Now()));
  }
}

void ProbeRun::HandleEarlyExit(const std::string& phase, double started_ms) {
  r_.exited_early = true;
  std::string how = exit_ ? (exit_->signal ? "killed by signal " + std::to_string(exit_->signal)
                                           : "exit code " + std::to_string(exit_->code))
                          : "closed the connection";
  Phase(phase, PhaseStatus::kFailed, started_ms, "the server ended first (" + how + ")");
}

bool ProbeRun::Handshake() {
  double started = Ms();
  int64_t id = Request("initialize", lsp::InitializeParams(o_.client));
  bool answered = WaitFor([&] { return answers_.count(id) > 0; }, deadline_);
  if (first_byte_ms_ >= 0) {
    r_.phases.push_back(LspPhase{"first byte", PhaseStatus::kOk, first_byte_ms_, first_byte_ms_ - started, ""});
  }
  if (!answered) {
    if (Gone()) {
      HandleEarlyExit("initialize", started);
    } else {
      Phase("initialize", PhaseStatus::kTimeout, started, "no response");
      HandleHang("initialize");
    }
    return false;
  }
  const Message& m = answers_[id];
  if (m.has_error) {
    Phase("initialize", PhaseStatus::kFailed, started, m.error_message);
    return false;
  }
  init_result_ = m.result_json;
  json result = json::parse(init_result_.empty() ? "null" : init_result_, nullptr, false);
  if (result.is_object()) {
    if (result.contains("serverInfo") && result["serverInfo"].is_object()) {
      r_.server_name = result["serverInfo"].value("name", "");
      r_.server_version = lsp::ShortServerVersion(result["serverInfo"].value("version", ""));
    }
    if (result.contains("capabilities") && result["capabilities"].is_object()) {
      for (const auto& [key, value] : result["capabilities"].items()) r_.capabilities.push_back(key);
      std::sort(r_.capabilities.begin(), r_.capabilities.end());
    }
  }
  Phase("initialize", PhaseStatus::kOk, started);
  double sent = Ms();
  Send(lsp::NotificationJson("initialized", "{}"));
  Phase("initialized", PhaseStatus::kOk, sent);
  return true;
}

void ProbeRun::OpenFile() {
  if (o_.open_path.empty()) return;
  double started = Ms();
  open_uri_ = lsp::FileUri(o_.open_path);
  Send(lsp::NotificationJson("textDocument/didOpen", lsp::DidOpenParams(o_.open_path, o_.open_text)));
  // Done at the file's diagnostics once no work-done progress is still running (gopls
  // publishes a first, early set while it is still loading), at an error message, or a
  // little after the last progress ended (a failed workspace load publishes nothing for it).
  bool done = WaitFor([&] { return opened_done_ || ((diagnostics_seen_ || progress_ended_) && open_progress_.empty()); },
                      deadline_);
  if (done && !opened_done_ && !diagnostics_seen_) {
    WaitFor([&] { return diagnostics_seen_ || opened_done_; }, std::min(deadline_, clock_.Now() + kDiagnosticsGrace));
  }
  diagnostics_final_ = true;
  if (done) {
    std::string detail = r_.diagnostics >= 0      ? std::to_string(r_.diagnostics) + " diagnostics"
                         : !opened_done_ && progress_ended_ ? "progress ended without diagnostics for the file"
                                                           : "an error message";
    Phase("didOpen", r_.show_message_errors.empty() ? PhaseStatus::kOk : PhaseStatus::kFailed, started, detail);
  } else if (Gone()) {
    HandleEarlyExit("didOpen", started);
  } else {
    Phase("didOpen", PhaseStatus::kTimeout, started, "no diagnostics for the file");
  }
}

void ProbeRun::Shutdown() {
  double started = Ms();
  int64_t id = Request("shutdown", "null");
  bool answered = WaitFor([&] { return answers_.count(id) > 0; }, deadline_);
  if (!answered) {
    if (Gone()) {
      HandleEarlyExit("shutdown", started);
    } else {
      Phase("shutdown", PhaseStatus::kTimeout, started, "no response");
      HandleHang("shutdown");
    }
    return;
  }
  bool ok = !answers_[id].has_error;
  Phase("shutdown", ok ? PhaseStatus::kOk : PhaseStatus::kFailed, started, ok ? "" : answers_[id].error_message);
  started = Ms();
  Send(lsp::NotificationJson("exit", "null"));
  exit_at_ = r_.stdout_bytes;
  ch_->CloseInput();
  auto until = std::min(deadline_, clock_.Now() + o_.exit_wait);
  bool ended = WaitFor([&] { return ch_->pid() > 0 ? exit_.has_value() : out_closed_; }, until);
  if (!ended) {
    Phase("exit", PhaseStatus::kTimeout, started, "still running after exit");
    HandleHang("exit");
    return;
  }
  bool clean = !exit_ || (exit_->code == 0 && exit_->signal == 0);
  Phase("exit", clean ? PhaseStatus::kOk : PhaseStatus::kFailed, started,
        exit_ ? "exit code " + std::to_string(exit_->code) : "connection closed");
}

void ProbeRun::Finish() {
  if (ch_ && !exit_ && ch_->pid() > 0 && !r_.killed) {
    // Never leave a server behind.
    ch_->CloseInput();
    auto until = std::min(deadline_, clock_.Now() + std::chrono::milliseconds(500));
    WaitFor([&] { return exit_.has_value(); }, until);
    if (!exit_) {
      ch_->Kill();
      r_.killed = true;
      Consume(ch_->Pump(clock_.Now()));
    }
  }
  if (ch_ && !out_closed_) {
    // Read what the server wrote before it ended: a frame half-read at the exit is not truncated.
    auto until = clock_.Now() + kDrainAtEnd;
    while (!out_closed_ && clock_.Now() < until) Consume(ch_->Pump(until));
    if (!out_closed_) decoder_.Finish(*this);
  }
  for (const auto& issue : session_.TakeIssues()) AddDefect(lsp::SessionDefectId(issue.defect), issue.offset, issue.detail);
  if (exit_) {
    if (exit_->signal) r_.exit_signal = exit_->signal;
    else r_.exit_code = exit_->code;
  }
  r_.stderr_tail = lsp::LastLines(stderr_, 20);
  r_.stderr_head = lsp::LastLines(stderr_head_, 100000);
  if (r_.stderr_head.size() > 20) r_.stderr_head.resize(20);
  r_.panic = lsp::ParseGoPanic(stderr_);
  if (!stderr_after_quit_.empty()) {
    r_.goroutines = lsp::CountGoroutines(stderr_after_quit_);
    auto lines = lsp::LastLines(stderr_after_quit_, 100000);
    if (lines.size() > 40) lines.resize(40);
    r_.goroutine_dump = std::move(lines);
  }
  r_.total_ms = Ms();
  r_.read_past_defects = salvaged_;
}

core::LspProbeResult ProbeRun::Run() {
  r_.ran = true;
  r_.label = o_.label;
  r_.editor = o_.editor;
  r_.argv = o_.connect.empty() ? o_.spec.argv : std::vector<std::string>{};
  r_.connect = o_.connect;
  r_.root_uri = o_.client.root_path.empty() ? "" : lsp::FileUri(o_.client.root_path);
  r_.open_file = o_.open_path;
  if (!Start()) {
    r_.total_ms = Ms();
    return r_;
  }
  if (Handshake()) {
    OpenFile();
    if (!Gone()) Shutdown();
    else HandleEarlyExit("shutdown", Ms());
  } else if (!Gone() && r_.hung_in.empty()) {
    Shutdown();  // initialize failed politely: still end the session the proper way
  }
  Finish();
  return r_;
}

}  // namespace

core::LspProbeResult RunLspProbe(const platform::ServerLauncher& launcher, const platform::Clock& clock,
                                 const LspProbeOptions& options) {
  ProbeRun run(launcher, clock, options);
  return run.Run();
}

}  // namespace godiag::probe

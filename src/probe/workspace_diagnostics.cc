#include "probe/workspace_diagnostics.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "lsp/framing.h"
#include "lsp/go_traceback.h"
#include "lsp/jsonrpc.h"

namespace godiag::probe {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr size_t kStderrKeep = 64 << 10;
constexpr auto kPumpSlice = std::chrono::milliseconds(200);
constexpr size_t kMaxLoadErrors = 20;

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  return s;
}

std::string CodeText(const json& d) {
  if (!d.contains("code")) return "";
  if (d["code"].is_string()) return d["code"].get<std::string>();
  if (d["code"].is_number_integer()) return std::to_string(d["code"].get<int64_t>());
  return "";
}

EditorDiagnostic ReadDiagnostic(const json& d) {
  EditorDiagnostic e;
  if (d.contains("range") && d["range"].is_object() && d["range"].contains("start") && d["range"]["start"].is_object()) {
    const json& start = d["range"]["start"];
    e.line0 = start.value("line", 0);
    e.character = start.value("character", 0);
  }
  e.severity = d.contains("severity") && d["severity"].is_number_integer() ? d["severity"].get<int>() : 0;
  e.source = d.contains("source") && d["source"].is_string() ? d["source"].get<std::string>() : "";
  e.code = CodeText(d);
  e.message = d.contains("message") && d["message"].is_string() ? d["message"].get<std::string>() : "";
  if (d.contains("relatedInformation") && d["relatedInformation"].is_array()) {
    for (const auto& r : d["relatedInformation"]) {
      if (!r.is_object() || !r.contains("location") || !r["location"].is_object()) continue;
      const json& loc = r["location"];
      EditorDiagnostic::Related rel;
      rel.path = lsp::PathFromUri(loc.value("uri", ""));
      if (loc.contains("range") && loc["range"].is_object() && loc["range"].contains("start"))
        rel.line0 = loc["range"]["start"].value("line", 0);
      rel.message = r.contains("message") && r["message"].is_string() ? r["message"].get<std::string>() : "";
      e.related.push_back(std::move(rel));
    }
  }
  return e;
}

// "GoMod /dir [GOARCH=amd64 GOOS=windows]" from one gopls.views entry.
std::string ViewText(const json& v) {
  if (!v.is_object()) return "";
  std::string root = lsp::PathFromUri(v.value("Root", ""));
  std::string out = v.value("Type", "?") + " " + (root.empty() ? v.value("Root", "") : root);
  if (v.contains("EnvOverlay") && v["EnvOverlay"].is_array() && !v["EnvOverlay"].empty()) {
    out += " [";
    bool first = true;
    for (const auto& e : v["EnvOverlay"]) {
      if (!e.is_string()) continue;
      out += (first ? "" : " ") + e.get<std::string>();
      first = false;
    }
    out += "]";
  }
  return out;
}

class Session final : public lsp::FrameSink {
 public:
  Session(const platform::ServerLauncher& launcher, const platform::Clock& clock, const WorkspaceDiagnosticsOptions& o)
      : launcher_(launcher), clock_(clock), o_(o), t0_(clock.Now()), deadline_(t0_ + o.timeout) {}

  WorkspaceDiagnosticsResult Run();
  void OnFrame(const lsp::Frame& frame) override;
  void OnIssue(const lsp::FramingIssue&) override {}  // `lsp probe` judges the wire; this reads what it can

 private:
  double Ms() const { return std::chrono::duration<double, std::milli>(clock_.Now() - t0_).count(); }
  void Send(const std::string& body) { ch_->Send(lsp::FrameMessage(body)); }
  int64_t Request(const std::string& method, const std::string& params) {
    int64_t id = next_id_++;
    Send(lsp::RequestJson(id, method, params));
    return id;
  }
  bool Gone() const { return exit_.has_value() || out_closed_; }
  void Pump(platform::Deadline until);
  bool WaitFor(const std::function<bool()>& done, platform::Deadline until);
  bool WaitQuiet(platform::Deadline until);
  void OnMessage(const lsp::Message& m);
  void OnNotification(const std::string& method, const json& params);
  void Report(bool busy) {
    if (o_.progress) o_.progress(r_.opened, o_.files.size() + o_.standalone.size(), diagnostics_, busy);
  }
  void Open(const FileToOpen& f) {
    Send(lsp::NotificationJson("textDocument/didOpen", lsp::DidOpenParams(f.path, f.text)));
    ++r_.opened;
  }
  void AskViews();
  void DiagnoseAll();
  void Shutdown();
  std::string Ended() const;

  const platform::ServerLauncher& launcher_;
  const platform::Clock& clock_;
  const WorkspaceDiagnosticsOptions& o_;
  const SteadyClock::time_point t0_;
  const platform::Deadline deadline_;
  WorkspaceDiagnosticsResult r_;
  std::unique_ptr<platform::ServerChannel> ch_;
  lsp::FrameDecoder decoder_;
  lsp::MessageParser parser_;
  int64_t next_id_ = 1;
  std::map<int64_t, lsp::Message> answers_;
  std::set<std::string> progress_;           // work-done tokens begun and not ended
  SteadyClock::time_point last_message_{};
  std::string stderr_;
  std::optional<platform::ExitStatus> exit_;
  bool out_closed_ = false;
  size_t diagnostics_ = 0;
  std::string published_;                    // the last path published (standalone files wait for theirs)
  bool closing_ = false;                     // shutdown sent: gopls clears every file's diagnostics then
};

void Session::Pump(platform::Deadline until) {
  platform::ChannelEvents ev = ch_->Pump(std::min(until, clock_.Now() + kPumpSlice));
  if (!ev.out.empty()) decoder_.Feed(ev.out, *this);
  if (!ev.err.empty()) {
    stderr_.append(ev.err);
    if (stderr_.size() > 2 * kStderrKeep) stderr_.erase(0, stderr_.size() - kStderrKeep);
  }
  if (ev.out_closed && !out_closed_) {
    out_closed_ = true;
    decoder_.Finish(*this);
  }
  if (ev.exit) exit_ = ev.exit;
}

bool Session::WaitFor(const std::function<bool()>& done, platform::Deadline until) {
  while (!done()) {
    if (Gone() || clock_.Now() >= until) return done();
    Pump(until);
  }
  return true;
}

// Done when no work-done progress runs and nothing has come for the quiet period.
bool Session::WaitQuiet(platform::Deadline until) {
  auto last_report = clock_.Now();
  while (!Gone()) {
    auto now = clock_.Now();
    if (progress_.empty() && now - last_message_ >= o_.quiet) return true;
    if (now >= until) return false;
    if (now - last_report > std::chrono::milliseconds(250)) {
      Report(true);
      last_report = now;
    }
    Pump(until);
  }
  return false;
}

void Session::OnFrame(const lsp::Frame& frame) {
  last_message_ = clock_.Now();
  lsp::Message m = parser_.Parse(frame.body, lsp::ParseOptions{.keep_result = true, .keep_params = true});
  OnMessage(m);
}

void Session::OnMessage(const lsp::Message& m) {
  if (m.kind == lsp::MessageKind::kResponse) {
    if (m.id.kind == lsp::Id::Kind::kInteger) answers_[m.id.integer] = m;
    return;
  }
  if (m.kind == lsp::MessageKind::kRequest) {
    std::string answer = lsp::AnswerServerRequest(m, o_.client);
    ch_->Send(lsp::FrameMessage(answer));
  }
  if (m.kind != lsp::MessageKind::kRequest && m.kind != lsp::MessageKind::kNotification) return;
  json params = json::parse(m.params_json.empty() ? "null" : m.params_json, nullptr, false);
  if (params.is_object()) OnNotification(m.method, params);
}

void Session::OnNotification(const std::string& method, const json& params) {
  auto add_load_error = [&](std::string text) {
    text = Trimmed(std::move(text));
    if (text.empty() || r_.load_errors.size() >= kMaxLoadErrors) return;
    if (std::find(r_.load_errors.begin(), r_.load_errors.end(), text) == r_.load_errors.end()) r_.load_errors.push_back(text);
  };
  bool error_type = params.contains("type") && params["type"] == 1 && params.contains("message") && params["message"].is_string();
  if (method == "textDocument/publishDiagnostics") {
    if (closing_) return;
    std::string path = lsp::PathFromUri(params.value("uri", ""));
    if (path.empty()) return;
    std::vector<EditorDiagnostic> list;
    if (params.contains("diagnostics") && params["diagnostics"].is_array()) {
      for (const auto& d : params["diagnostics"])
        if (d.is_object()) list.push_back(ReadDiagnostic(d));
    }
    auto& slot = r_.by_file[path];
    diagnostics_ = diagnostics_ - slot.size() + list.size();
    slot = std::move(list);
    published_ = path;
  } else if (method == "$/progress" && params.contains("value") && params["value"].is_object()) {
    const json& v = params["value"];
    std::string token = params.contains("token") ? params["token"].dump() : "";
    std::string kind = v.value("kind", "");
    if (kind == "begin") {
      progress_.insert(token);
      std::string title = v.contains("title") && v["title"].is_string() ? v["title"].get<std::string>() : "";
      if (title.find("Error loading workspace") != std::string::npos) {
        std::string msg = v.contains("message") && v["message"].is_string() ? v["message"].get<std::string>() : "";
        add_load_error(title + (msg.empty() ? "" : ": " + msg));
      }
    } else if (kind == "end") {
      progress_.erase(token);
    }
  } else if ((method == "window/showMessage" || method == "window/showMessageRequest") && error_type) {
    add_load_error(params["message"].get<std::string>());
  } else if (method == "window/logMessage" && error_type) {
    std::string text = params["message"].get<std::string>();
    bool stamped = text.size() > 20 && text[4] == '/' && text[7] == '/' && text[13] == ':' && text[19] == ' ';
    if (stamped) text = text.substr(20);
    add_load_error(text.substr(0, std::min(text.find("\n\t"), text.size())));
  }
}

// gopls's analyzers can take long on a cold cache and send no progress meanwhile: the
// gopls.diagnose_files command (what `gopls check` uses) answers only once every package of
// the files is diagnosed and published. Other servers answer with an error: the quiet wait is all.
void Session::DiagnoseAll() {
  json files = json::array();
  for (const auto& f : o_.files) files.push_back(lsp::FileUri(f.path));
  json params{{"command", "gopls.diagnose_files"}, {"arguments", json::array({{{"Files", files}}})}};
  int64_t id = Request("workspace/executeCommand", params.dump(-1, ' ', false, json::error_handler_t::replace));
  WaitFor([&] { return answers_.count(id) > 0; }, deadline_);
}

void Session::AskViews() {
  int64_t id = Request("workspace/executeCommand", R"({"command":"gopls.views","arguments":[]})");
  auto until = std::min(deadline_, clock_.Now() + std::chrono::seconds(5));
  if (!WaitFor([&] { return answers_.count(id) > 0; }, until)) return;
  const lsp::Message& m = answers_[id];
  if (m.has_error) return;  // not gopls, or an older one
  json views = json::parse(m.result_json.empty() ? "null" : m.result_json, nullptr, false);
  if (!views.is_array()) return;
  for (const auto& v : views)
    if (auto text = ViewText(v); !text.empty()) r_.views.push_back(text);
}

void Session::Shutdown() {
  closing_ = true;
  if (Gone()) return;
  int64_t id = Request("shutdown", "null");
  auto until = std::min(deadline_ + o_.shutdown_wait, clock_.Now() + o_.shutdown_wait);
  WaitFor([&] { return answers_.count(id) > 0; }, until);
  Send(lsp::NotificationJson("exit", "null"));
  ch_->CloseInput();
  WaitFor([&] { return exit_.has_value(); }, std::min(until, clock_.Now() + std::chrono::seconds(2)));
  if (!exit_) {
    ch_->Kill();
    exit_ = platform::ExitStatus{-1, 9};
  }
}

std::string Session::Ended() const {
  if (!exit_) return "the server closed its output";
  return exit_->signal ? "the server was killed by signal " + std::to_string(exit_->signal)
                       : "the server exited with code " + std::to_string(exit_->code);
}

WorkspaceDiagnosticsResult Session::Run() {
  auto ch = launcher_.Spawn(o_.spec);
  if (!ch) {
    r_.error = ch.error().message;
    return r_;
  }
  ch_ = std::move(*ch);
  last_message_ = clock_.Now();
  int64_t init = Request("initialize", lsp::InitializeParams(o_.client));
  bool answered = WaitFor([&] { return answers_.count(init) > 0; }, deadline_);
  if (!answered || answers_[init].has_error) {
    r_.error = !answered ? (Gone() ? Ended() + " before answering initialize" : "no answer to initialize before the deadline")
                         : "initialize failed: " + answers_[init].error_message;
  } else {
    const lsp::Message& m = answers_[init];
    json result = json::parse(m.result_json.empty() ? "null" : m.result_json, nullptr, false);
    if (result.is_object() && result.contains("serverInfo") && result["serverInfo"].is_object())
      r_.server_version = lsp::ShortServerVersion(result["serverInfo"].value("version", ""));
    Send(lsp::NotificationJson("initialized", "{}"));
    // Open as an editor restoring its tabs does: batch after batch, reading as we go.
    for (size_t i = 0; i < o_.files.size() && !Gone() && clock_.Now() < deadline_; ++i) {
      Open(o_.files[i]);
      if ((i + 1) % o_.batch == 0) {
        Pump(clock_.Now() + std::chrono::milliseconds(1));
        Report(true);
      }
    }
    bool quiet = WaitQuiet(deadline_);
    if (!o_.files.empty() && !Gone()) {
      DiagnoseAll();
      quiet = WaitQuiet(deadline_);
    }
    for (const auto& f : o_.standalone) {
      if (Gone() || clock_.Now() >= deadline_) break;
      published_.clear();
      Open(f);
      auto until = std::min(deadline_, clock_.Now() + std::chrono::seconds(10));
      WaitFor([&] { return published_ == f.path; }, until);
      quiet = WaitQuiet(deadline_);
    }
    r_.done = quiet && r_.opened == o_.files.size() + o_.standalone.size();
    if (Gone()) r_.error = Ended() + " while diagnosing";
    else AskViews();
    Report(false);
  }
  Shutdown();
  r_.stderr_tail = lsp::LastLines(stderr_, 20);
  r_.took_ms = Ms();
  return r_;
}

}  // namespace

WorkspaceDiagnosticsResult CollectWorkspaceDiagnostics(const platform::ServerLauncher& launcher,
                                                       const platform::Clock& clock,
                                                       const WorkspaceDiagnosticsOptions& options) {
  Session s(launcher, clock, options);
  return s.Run();
}

}  // namespace godiag::probe
